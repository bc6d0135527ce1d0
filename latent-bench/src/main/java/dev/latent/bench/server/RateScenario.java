package dev.latent.bench.server;

import dev.latent.io.Json;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * {@code rate}: a constant arrival rate of GET requests ({@link OpenLoop}) for a number of seconds
 * after a warm-up; prints the achieved rate, the count, the errors (any status but 2xx, or an
 * exception) and the latency percentiles from each request's due time. Exit 1 when a request failed
 * or the p99 is above {@code --max-p99-ms}.
 */
final class RateScenario {
    static final String NAME = "rate";
    static final String USAGE = NAME + " --url http://HOST:PORT [--rate 500] [--seconds 30] [--warmup 10]"
            + " [--path-template '/recommend/{user}?howMany=10'] [--seed 42] [--timeout 10] [--connections 64] [--max-p99-ms MS] [--json]";
    static final int DEFAULT_CONNECTIONS = 64;
    static final String DEFAULT_TEMPLATE = "/recommend/{user}?howMany=10";
    static final Set<String> VALUED = Set.of("url", "rate", "seconds", "warmup", "path-template", "seed", "timeout",
            "max-p99-ms", "connections");
    static final Set<String> FLAGS = Set.of("json");

    private final URI url;
    private final double rate;
    private final double seconds;
    private final double warmup;
    private final String template;
    private final long seed;
    private final Duration timeout;
    private final int connections;
    private final double maxP99Ms;
    private final boolean json;

    RateScenario(Options options) {
        url = options.baseUrl("url");
        rate = options.positive("rate", 500);
        seconds = options.positive("seconds", 30);
        warmup = options.nonNegative("warmup", 10);
        template = template(options);
        seed = options.longValue("seed", 42);
        timeout = timeout(options);
        connections = options.positiveInt("connections", DEFAULT_CONNECTIONS);
        maxP99Ms = options.positive("max-p99-ms", Double.POSITIVE_INFINITY);
        json = options.flag("json");
    }

    /** {@code --path-template}, which must be a path starting with '/'. */
    static String template(Options options) {
        String template = options.string("path-template", DEFAULT_TEMPLATE);
        if (!template.startsWith("/") || template.chars().anyMatch(Character::isWhitespace)) {
            throw new Options.BadOptionException("--path-template must be a path starting with / (no spaces) but was "
                    + template);
        }
        try {
            URI.create("http://localhost" + template.replace("{user}", "u"));
        } catch (IllegalArgumentException e) {
            throw new Options.BadOptionException("--path-template is not a valid path: " + template);
        }
        return template;
    }

    /** {@code --timeout} seconds per request, default 10. */
    static Duration timeout(Options options) {
        return Duration.ofNanos(Math.round(options.positive("timeout", 10) * 1e9));
    }

    int run(PrintStream out, PrintStream log) throws Exception {
        HttpClient client = Http.client();
        Targets targets = Targets.of(client, url, template, seed, timeout);
        log.printf("%s: %s/s for %s s after a %s s warm-up ramp, at most %d in flight, GET %s%s%n", NAME,
                Report.format1(rate), Report.format1(seconds), Report.format1(warmup), connections, url,
                targets.describe());
        OpenLoop.Result result;
        try (SocketGet load = new SocketGet(url, timeout)) {
            result = new OpenLoop(number -> load.get(targets.path(number)), rate, status -> status / 100 == 2, connections)
                    .run(Duration.ofNanos(Math.round(warmup * 1e9)), () -> Thread.sleep(Duration.ofNanos(Math.round(seconds * 1e9))));
        }
        client.close();
        List<String> failures = failures(result, maxP99Ms);
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("scenario", NAME);
            report.put("url", url.toString() + template);
            report.put("targetRate", rate);
            report.put("seconds", seconds);
            report.put("warmupSeconds", warmup);
            report.put("connections", connections);
            report.putAll(loadJson(result));
            report.put("ok", failures.isEmpty());
            out.println(Json.write(report));
        } else {
            printLoad(out, result, rate);
            failures.forEach(f -> out.println("FAILED: " + f));
        }
        return failures.isEmpty() ? 0 : 1;
    }

    /** What makes a load run fail: errors, or a p99 above the limit. */
    static List<String> failures(OpenLoop.Result result, double maxP99Ms) {
        List<String> failures = new ArrayList<>();
        if (result.errors() > 0) {
            failures.add(result.errors() + " of " + result.requests() + " requests failed " + result.errorKinds());
        }
        double p99 = Report.ms(result.latencies().valueAt(99));
        if (p99 > maxP99Ms) {
            failures.add("p99 " + Report.format(p99) + " ms is above --max-p99-ms " + Report.format(maxP99Ms));
        }
        if (result.requests() == 0) {
            failures.add("no request was measured");
        }
        return failures;
    }

    /** The load's numbers as lines of text. */
    static void printLoad(PrintStream out, OpenLoop.Result result, double rate) {
        out.printf("requests %d in %.2f s = %.1f/s achieved (target %.1f/s); errors %d%s%n", result.requests(),
                result.seconds(), result.achievedRate(), rate, result.errors(),
                result.errors() == 0 ? "" : " " + result.errorKinds());
        out.printf("latency ms: %s%n", Report.latencyLine(result.latencies()));
        out.printf("generator: latest send %.3f ms after its due time; %d errors during the warm-up%n",
                Report.ms(result.maxSendLagNanos()), result.warmupErrors());
    }

    /** The load's numbers as JSON fields. */
    static Map<String, Object> loadJson(OpenLoop.Result result) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("requests", result.requests());
        out.put("measuredSeconds", Report.round3(result.seconds()));
        out.put("achievedRate", Report.round3(result.achievedRate()));
        out.put("errors", result.errors());
        out.put("errorKinds", result.errorKinds());
        out.put("latencyMs", Report.latencyJson(result.latencies()));
        out.put("maxSendLagMs", Report.ms(result.maxSendLagNanos()));
        out.put("warmupErrors", result.warmupErrors());
        return out;
    }

    /**
     * The requests of a load: the path template with {@code {user}} replaced by the server's users
     * in turn, shuffled once with a fixed seed; one prepared request per user, reused.
     */
    static final class Targets implements LongFunction<HttpRequest> {
        private final HttpRequest[] requests;
        private final String[] paths;
        private final String template;

        private Targets(HttpRequest[] requests, String[] paths, String template) {
            this.requests = requests;
            this.paths = paths;
            this.template = template;
        }

        static Targets of(HttpClient client, URI base, String template, long seed, Duration timeout)
                throws IOException, InterruptedException {
            List<String> paths = new ArrayList<>();
            if (template.contains("{user}")) {
                List<String> users = new ArrayList<>(Http.ids(client, base, "/user/allIDs"));
                if (users.isEmpty()) {
                    throw new IOException(base + "/user/allIDs is empty: the model has no users to ask for");
                }
                Collections.shuffle(users, new Random(seed));
                for (String user : users) {
                    paths.add(template.replace("{user}", Http.segment(user)));
                }
            } else {
                paths.add(template);
            }
            HttpRequest[] requests = new HttpRequest[paths.size()];
            for (int k = 0; k < requests.length; k++) {
                requests[k] = HttpRequest.newBuilder(Http.at(base, paths.get(k))).timeout(timeout).GET().build();
            }
            return new Targets(requests, paths.toArray(String[]::new), template);
        }

        @Override
        public HttpRequest apply(long number) {
            return requests[(int) (number % requests.length)];
        }

        /** The path and query of request {@code number}, for {@link SocketGet}. */
        String path(long number) {
            return paths[(int) (number % paths.length)];
        }

        String describe() {
            return template.contains("{user}") ? template + " over " + requests.length + " users" : template;
        }
    }
}
