package dev.latent.bench.server;

import dev.latent.io.Json;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code swaps}: the {@code rate} load on {@code /recommend} while one thread posts
 * {@code /admin/reload} back to back until the asked number of swaps succeeded; reports the failed
 * requests (any status but 200 on the load, any failed reload), the swaps done, the load's latency
 * percentiles and the reloads' own. Exit 1 when anything failed.
 *
 * <p>The reloads start after the warm-up and the load stops right after the last one, so every
 * measured request ran while models were being swapped. Reloading stops early after
 * {@code --max-reload-failures} failed reloads (a wrong token would otherwise retry forever). Each
 * answer's version should be the one before plus one (the server numbers swaps); another client
 * reloading at the same time would show as a version jump, which is reported, not failed.
 */
final class SwapsScenario {
    static final String NAME = "swaps";
    static final String USAGE = NAME + " --url http://HOST:PORT [--swaps 1000] [--rate 500] [--token-file F] [--warmup 5]"
            + " [--path-template '/recommend/{user}?howMany=10'] [--seed 42] [--timeout 10] [--max-reload-failures 10]"
            + " [--connections 64] [--max-p99-ms MS] [--json]";
    static final Set<String> VALUED = Set.of("url", "swaps", "rate", "token-file", "warmup", "path-template", "seed",
            "timeout", "max-reload-failures", "max-p99-ms", "connections");
    static final Set<String> FLAGS = Set.of("json");
    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(120);

    private final URI url;
    private final int swaps;
    private final double rate;
    private final String token;
    private final double warmup;
    private final String template;
    private final long seed;
    private final Duration timeout;
    private final int maxReloadFailures;
    private final int connections;
    private final double maxP99Ms;
    private final boolean json;

    SwapsScenario(Options options) {
        url = options.baseUrl("url");
        swaps = options.positiveInt("swaps", 1000);
        rate = options.positive("rate", 500);
        token = Http.token(options.path("token-file", false));
        warmup = options.nonNegative("warmup", 5);
        template = RateScenario.template(options);
        seed = options.longValue("seed", 42);
        timeout = RateScenario.timeout(options);
        maxReloadFailures = options.positiveInt("max-reload-failures", 10);
        connections = options.positiveInt("connections", RateScenario.DEFAULT_CONNECTIONS);
        maxP99Ms = options.positive("max-p99-ms", Double.POSITIVE_INFINITY);
        json = options.flag("json");
    }

    /** What the reloading thread saw. */
    private static final class Reloads {
        final LatencyHistogram latencies = new LatencyHistogram();
        final Map<String, Integer> failureKinds = new TreeMap<>();
        String firstFailure;
        int done;
        int failed;
        long firstVersion = -1;
        long lastVersion = -1;
        int versionJumps;
        double seconds;
    }

    int run(PrintStream out, PrintStream log) throws Exception {
        HttpClient client = Http.client();
        RateScenario.Targets targets = RateScenario.Targets.of(client, url, template, seed, timeout);
        log.printf("%s: %d swaps under %s/s (at most %d in flight) of GET %s%s after a %s s warm-up ramp%n", NAME,
                swaps, Report.format1(rate), connections, url, targets.describe(), Report.format1(warmup));
        Reloads reloads = new Reloads();
        HttpRequest reload = Http.authorized(HttpRequest.newBuilder(Http.at(url, "/admin/reload")), token)
                .timeout(RELOAD_TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()).build();
        OpenLoop.Result result;
        try (SocketGet load = new SocketGet(url, timeout)) {
            result = new OpenLoop(number -> load.get(targets.path(number)), rate, status -> status == 200, connections)
                    .run(Duration.ofNanos(Math.round(warmup * 1e9)), () -> reloadAll(client, reload, reloads, log));
        }
        client.close();

        List<String> failures = RateScenario.failures(result, maxP99Ms);
        if (reloads.failed > 0) {
            failures.add(reloads.failed + " reloads failed " + reloads.failureKinds + ", the first: " + reloads.firstFailure);
        }
        if (reloads.done < swaps) {
            failures.add("only " + reloads.done + " of " + swaps + " swaps were done");
        }
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("scenario", NAME);
            report.put("url", url.toString() + template);
            report.put("targetRate", rate);
            report.put("warmupSeconds", warmup);
            report.put("connections", connections);
            report.put("swapsAsked", swaps);
            report.put("swapsDone", reloads.done);
            report.put("reloadFailures", reloads.failed);
            report.put("reloadFailureKinds", reloads.failureKinds);
            report.put("swapSeconds", Report.round3(reloads.seconds));
            report.put("reloadLatencyMs", Report.latencyJson(reloads.latencies));
            report.put("firstVersion", reloads.firstVersion);
            report.put("lastVersion", reloads.lastVersion);
            report.put("versionJumps", reloads.versionJumps);
            report.putAll(RateScenario.loadJson(result));
            report.put("ok", failures.isEmpty());
            out.println(Json.write(report));
        } else {
            out.printf("swaps %d of %d in %.2f s (%.1f/s); failed reloads %d; versions %d..%d%s%n", reloads.done, swaps,
                    reloads.seconds, reloads.done / Math.max(reloads.seconds, 1e-9), reloads.failed, reloads.firstVersion,
                    reloads.lastVersion, reloads.versionJumps == 0 ? "" : " (" + reloads.versionJumps + " jumps)");
            out.printf("reload ms: %s%n", Report.latencyLine(reloads.latencies));
            RateScenario.printLoad(out, result, rate);
            failures.forEach(f -> out.println("FAILED: " + f));
        }
        return failures.isEmpty() ? 0 : 1;
    }

    /** Posts reloads back to back until {@link #swaps} succeeded or too many failed. */
    private void reloadAll(HttpClient client, HttpRequest reload, Reloads reloads, PrintStream log)
            throws InterruptedException {
        long start = System.nanoTime();
        long nextReport = start + 10_000_000_000L;
        while (reloads.done < swaps && reloads.failed < maxReloadFailures) {
            long sent = System.nanoTime();
            String failure;
            try {
                HttpResponse<String> response = client.send(reload, HttpResponse.BodyHandlers.ofString());
                failure = response.statusCode() == 200 ? accept(response.body(), reloads)
                        : "HTTP " + response.statusCode() + ": " + Http.oneLine(response.body());
            } catch (IOException e) {
                failure = Http.describe(e);
            }
            long now = System.nanoTime();
            reloads.latencies.record(now - sent);
            if (failure != null) {
                reloads.failed++;
                reloads.failureKinds.merge(failure.startsWith("HTTP ") ? failure.substring(0, 8) : "exception", 1,
                        Integer::sum);
                if (reloads.firstFailure == null) {
                    reloads.firstFailure = failure;
                }
            }
            if (now >= nextReport) {
                log.printf("  %d swaps, %d failed reloads, %.0f s%n", reloads.done, reloads.failed, (now - start) / 1e9);
                nextReport += 10_000_000_000L;
            }
        }
        reloads.seconds = (System.nanoTime() - start) / 1e9;
    }

    /** Counts a 200 answer {@code {"version": n, "checksum": "…"}}; a failure's description when it is not one. */
    private static String accept(String body, Reloads reloads) {
        Object version;
        try {
            version = Json.parse(body) instanceof Map<?, ?> map ? map.get("version") : null;
        } catch (IllegalArgumentException e) {
            version = null;
        }
        if (!(version instanceof Number number)) {
            return "HTTP 200 without a version: " + Http.oneLine(body);
        }
        long v = number.longValue();
        if (reloads.lastVersion >= 0 && v != reloads.lastVersion + 1) {
            reloads.versionJumps++;
        }
        if (reloads.firstVersion < 0) {
            reloads.firstVersion = v;
        }
        reloads.lastVersion = v;
        reloads.done++;
        return null;
    }
}
