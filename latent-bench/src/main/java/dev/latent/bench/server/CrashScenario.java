package dev.latent.bench.server;

import dev.latent.io.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * {@code crash}: kills the server with SIGKILL in the middle of ingesting, again and again, and
 * checks after each restart that every rating it acknowledged is still there.
 *
 * <p>Each round starts {@code LATENT serve --model M --wal DIR --port P} as a child process
 * ({@link ServerProcess}), waits for {@code /ready}, and lets W writer threads post
 * {@code /ingest} batches of 1 to 50 CSV lines {@code user,item,value}: every (user, item) pair is
 * new, the users are new ({@code crash-u<round>-<n>}, up to {@code --items-per-user} items each)
 * and the items come from {@code /item/allIDs}. A batch answered 200 is acknowledged: the server
 * promised its lines were in the fsynced log. After a random 0.5–3 s the server is killed, then
 * started again on the same log, and {@code GET /knownItems/{user}} must list every acknowledged
 * item of every user of this and all earlier rounds. Lines of batches that got no answer may or
 * may not be there; either is fine.
 *
 * <p>Exit 1 when an acknowledged line is missing, or a batch of valid lines was refused with 400;
 * other refusals (503, 429) are reported only.
 */
final class CrashScenario {
    static final String NAME = "crash";
    static final String USAGE = NAME + " --latent PATH/TO/latent --model M --wal DIR [--rounds 10] [--port 18090]"
            + " [--writers 4] [--token-file F] [--seed 42] [--min-kill 0.5] [--max-kill 3] [--items-per-user 100]"
            + " [--ready-timeout 180] [--timeout 10] [--server-log FILE] [--gzip] [--json]";
    static final Set<String> VALUED = Set.of("latent", "model", "wal", "rounds", "port", "writers", "token-file", "seed",
            "min-kill", "max-kill", "items-per-user", "ready-timeout", "timeout", "server-log");
    static final Set<String> FLAGS = Set.of("gzip", "json");
    private static final int MAX_BATCH = 50;
    private static final int CHECK_PARALLELISM = 8;

    private final Path latent;
    private final Path model;
    private final Path wal;
    private final Path tokenFile;
    private final String token;
    private final int rounds;
    private final int port;
    private final int writers;
    private final long seed;
    private final double minKill;
    private final double maxKill;
    private final int itemsPerUser;
    private final Duration readyTimeout;
    private final Duration timeout;
    private final Path serverLog;
    private final boolean gzip;
    private final boolean json;
    private final URI base;

    CrashScenario(Options options) {
        latent = options.path("latent", true);
        if (!Files.isRegularFile(latent) || !Files.isExecutable(latent)) {
            throw new Options.BadOptionException("--latent " + latent + " is not an executable file");
        }
        model = options.path("model", true);
        if (!Files.isRegularFile(model)) {
            throw new Options.BadOptionException("--model " + model + " is not a file");
        }
        wal = options.path("wal", true);
        if (Files.exists(wal) && !Files.isDirectory(wal)) {
            throw new Options.BadOptionException("--wal " + wal + " exists and is not a directory");
        }
        tokenFile = options.path("token-file", false);
        token = Http.token(tokenFile);
        rounds = options.positiveInt("rounds", 10);
        port = options.port("port", 18090);
        writers = options.positiveInt("writers", 4);
        seed = options.longValue("seed", 42);
        minKill = options.positive("min-kill", 0.5);
        maxKill = options.positive("max-kill", 3);
        if (maxKill < minKill) {
            throw new Options.BadOptionException("--max-kill " + maxKill + " must not be below --min-kill " + minKill);
        }
        itemsPerUser = options.positiveInt("items-per-user", 100);
        readyTimeout = Duration.ofSeconds(Math.round(options.positive("ready-timeout", 180)));
        timeout = RateScenario.timeout(options);
        Path log = options.path("server-log", false);
        serverLog = log != null ? log : Path.of(System.getProperty("java.io.tmpdir"), "latent-crash-server-" + port + ".log");
        gzip = options.flag("gzip");
        json = options.flag("json");
        base = URI.create("http://127.0.0.1:" + port);
    }

    /** One round's numbers. */
    record Round(int round, double writeSeconds, long batches, long lines, long refused, long badRequests,
                 long errors, long miscounted, List<String> killed, double restartSeconds, long missing,
                 long missingSoFar, long checkedSoFar) {
    }

    /** What the writers of one round share. */
    private static final class Tally {
        final Map<String, List<String>> acked = new ConcurrentHashMap<>();
        final AtomicLong batches = new AtomicLong();
        final AtomicLong lines = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong badRequests = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong miscounted = new AtomicLong();
        final Map<String, String> firstRefusal = new ConcurrentHashMap<>();
    }

    int run(PrintStream out, PrintStream log) throws Exception {
        if (ServerProcess.listening(port)) {
            throw new Options.BadOptionException("something already listens on port " + port + "; choose another --port");
        }
        List<String> command = new ArrayList<>(List.of(latent.toString(), "serve", "--model", model.toString(),
                "--wal", wal.toString(), "--port", String.valueOf(port)));
        if (tokenFile != null) {
            command.addAll(List.of("--token-file", tokenFile.toString()));
        }
        log.printf("%s: %d rounds against %s, %d writers; server output in %s%n", NAME, rounds, String.join(" ", command),
                writers, serverLog);
        HttpClient client = Http.client();
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, List<String>> ackedSoFar = new LinkedHashMap<>();
        Map<String, Integer> roundOf = new LinkedHashMap<>();
        List<Round> done = new ArrayList<>();
        ServerProcess[] current = new ServerProcess[1];
        Thread cleanUp = new Thread(() -> {
            if (current[0] != null) {
                current[0].killQuietly();
            }
        }, "crash-clean-up");
        Runtime.getRuntime().addShutdownHook(cleanUp);
        double startSeconds;
        try {
            current[0] = ServerProcess.start(command, port, serverLog, "start");
            startSeconds = current[0].awaitReady(client, base, readyTimeout);
            List<String> items = usableItems(Http.ids(client, base, "/item/allIDs"));
            if (items.isEmpty()) {
                throw new IOException(base + "/item/allIDs holds no item usable in a CSV line");
            }
            log.printf("ready in %.2f s, %d items%n", startSeconds, items.size());
            for (int round = 1; round <= rounds; round++) {
                SplittableRandom roundRandom = random.split();
                double killAfter = minKill + (maxKill - minKill) * roundRandom.nextDouble();
                Tally tally = new Tally();
                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger users = new AtomicInteger();
                List<Thread> threads = new ArrayList<>();
                long writeStart = System.nanoTime();
                for (int w = 0; w < writers; w++) {
                    SplittableRandom writerRandom = roundRandom.split();
                    int theRound = round;
                    threads.add(Thread.ofVirtual().name("crash-writer-" + w).start(
                            () -> write(client, theRound, items, users, writerRandom, stop, tally)));
                }
                Thread.sleep(Duration.ofNanos(Math.round(killAfter * 1e9)));
                stop.set(true); // no new batch from here on; the ones in flight meet the kill
                double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
                List<String> killed = current[0].killHard();
                for (Thread thread : threads) {
                    thread.join();
                }
                for (Map.Entry<String, List<String>> entry : tally.acked.entrySet()) {
                    ackedSoFar.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).addAll(entry.getValue());
                    roundOf.put(entry.getKey(), round);
                }

                current[0] = ServerProcess.start(command, port, serverLog, "restart after round " + round);
                double restartSeconds = current[0].awaitReady(client, base, readyTimeout);
                Map<Integer, Long> missingByRound = new TreeMap<>();
                List<String> examples = new ArrayList<>();
                long checked = check(client, ackedSoFar, roundOf, missingByRound, examples);
                long missingSoFar = missingByRound.values().stream().mapToLong(Long::longValue).sum();
                Round result = new Round(round, writeSeconds, tally.batches.get(), tally.lines.get(), tally.refused.get(),
                        tally.badRequests.get(), tally.errors.get(), tally.miscounted.get(), killed, restartSeconds,
                        missingByRound.getOrDefault(round, 0L), missingSoFar, checked);
                done.add(result);
                if (!json) {
                    printRound(out, result, tally, missingByRound, examples);
                }
            }
        } finally {
            if (current[0] != null) {
                current[0].stop();
            }
            current[0] = null;
            try {
                Runtime.getRuntime().removeShutdownHook(cleanUp);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
            client.close();
        }
        return summarize(out, done, startSeconds);
    }

    /** Items whose ids can stand in a CSV field as they are. */
    private static List<String> usableItems(List<String> items) {
        List<String> usable = new ArrayList<>();
        for (String item : items) {
            if (!item.isEmpty() && item.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')
                    && item.strip().equals(item)) {
                usable.add(item);
            }
        }
        return usable;
    }

    /** One writer: batches until {@code stop}, recording each batch answered 200 in {@code tally.acked}. */
    private void write(HttpClient client, int round, List<String> items, AtomicInteger users, SplittableRandom random,
                       AtomicBoolean stop, Tally tally) {
        int perUser = Math.min(itemsPerUser, Math.max(1, items.size() / 2));
        URI ingest = Http.at(base, "/ingest");
        String user = null;
        Set<Integer> used = new HashSet<>();
        while (!stop.get()) {
            int size = 1 + random.nextInt(MAX_BATCH);
            List<String> batchUsers = new ArrayList<>(size);
            List<String> batchItems = new ArrayList<>(size);
            StringBuilder body = new StringBuilder();
            for (int k = 0; k < size; k++) {
                if (user == null || used.size() >= perUser) {
                    user = "crash-u" + round + "-" + users.incrementAndGet();
                    used.clear();
                }
                int item;
                do {
                    item = random.nextInt(items.size());
                } while (!used.add(item));
                String value = String.valueOf(1 + random.nextInt(9) / 2.0); // 1.0, 1.5, …, 5.0
                batchUsers.add(user);
                batchItems.add(items.get(item));
                body.append(user).append(',').append(items.get(item)).append(',').append(value).append('\n');
            }
            HttpRequest.Builder request = Http.authorized(HttpRequest.newBuilder(ingest), token).timeout(timeout)
                    .header("Content-Type", "text/csv; charset=utf-8");
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            if (gzip) {
                bytes = gzip(bytes);
                request.header("Content-Encoding", "gzip");
            }
            HttpResponse<String> response;
            try {
                response = client.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (!stop.get()) {
                    tally.errors.incrementAndGet(); // broke before the kill: worth reporting
                    pause(10);
                }
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (response.statusCode() != 200) {
                tally.refused.incrementAndGet();
                if (response.statusCode() == 400) {
                    tally.badRequests.incrementAndGet();
                }
                tally.firstRefusal.putIfAbsent("HTTP " + response.statusCode(), Http.oneLine(response.body()));
                continue;
            }
            if (accepted(response.body()) != size) {
                tally.miscounted.incrementAndGet();
                tally.firstRefusal.putIfAbsent("HTTP 200 with a wrong count", Http.oneLine(response.body()));
            }
            for (int k = 0; k < size; k++) {
                tally.acked.computeIfAbsent(batchUsers.get(k), u -> new ArrayList<>()).add(batchItems.get(k));
            }
            tally.batches.incrementAndGet();
            tally.lines.addAndGet(size);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The {@code accepted} count of an answer {@code {"accepted": n}}, −1 when it is not one. */
    private static long accepted(String body) {
        try {
            return Json.parse(body) instanceof Map<?, ?> map && map.get("accepted") instanceof Number n ? n.longValue() : -1;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new IllegalStateException("gzip into memory failed", e);
        }
        return out.toByteArray();
    }

    /**
     * Asks {@code /knownItems} for every user in {@code acked} and counts, by the round that wrote
     * them, the acknowledged items it does not list; returns how many lines were checked.
     */
    private long check(HttpClient client, Map<String, List<String>> acked, Map<String, Integer> roundOf,
                       Map<Integer, Long> missingByRound, List<String> examples) throws Exception {
        Semaphore slots = new Semaphore(CHECK_PARALLELISM);
        Map<String, Future<List<String>>> answers = new LinkedHashMap<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String user : acked.keySet()) {
                answers.put(user, pool.submit(() -> {
                    slots.acquire();
                    try {
                        return missing(client, user, acked.get(user));
                    } finally {
                        slots.release();
                    }
                }));
            }
        }
        long checked = 0;
        for (Map.Entry<String, Future<List<String>>> entry : answers.entrySet()) {
            List<String> missing = entry.getValue().get();
            checked += acked.get(entry.getKey()).size();
            if (!missing.isEmpty()) {
                missingByRound.merge(roundOf.get(entry.getKey()), (long) missing.size(), Long::sum);
                if (examples.size() < 5) {
                    examples.add(entry.getKey() + " " + missing.subList(0, Math.min(3, missing.size())));
                }
            }
        }
        return checked;
    }

    /** The items of {@code expected} that {@code /knownItems/{user}} does not list (all of them on a 404). */
    private List<String> missing(HttpClient client, String user, List<String> expected) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(Http.at(base, "/knownItems/" + Http.segment(user)))
                .timeout(timeout).GET().build();
        String failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 404) {
                    return expected;
                }
                if (response.statusCode() == 200) {
                    Set<String> known = new HashSet<>(Http.strings(response.body(), request.uri()));
                    return expected.stream().filter(item -> !known.contains(item)).toList();
                }
                failure = "HTTP " + response.statusCode() + ": " + Http.oneLine(response.body());
            } catch (IOException e) {
                failure = Http.describe(e);
            }
            if (attempt < 2) {
                Thread.sleep(100L << attempt);
            }
        }
        throw new IOException("cannot check " + request.uri() + ": " + failure);
    }

    private void printRound(PrintStream out, Round r, Tally tally, Map<Integer, Long> missingByRound,
                            List<String> examples) {
        out.printf("round %d: %d batches / %d lines acknowledged in %.2f s (refused %d, broken %d%s); killed %s;"
                        + " restarted in %.2f s; missing %d of this round, %d of %d so far%n",
                r.round(), r.batches(), r.lines(), r.writeSeconds(), r.refused(), r.errors(),
                r.miscounted() == 0 ? "" : ", wrong counts " + r.miscounted(), String.join(", ", r.killed()),
                r.restartSeconds(), r.missing(), r.missingSoFar(), r.checkedSoFar());
        if (!tally.firstRefusal.isEmpty()) {
            out.println("  refusals: " + new TreeMap<>(tally.firstRefusal));
        }
        if (!missingByRound.isEmpty()) {
            out.println("  missing by round " + missingByRound + ", e.g. " + examples);
        }
    }

    private int summarize(PrintStream out, List<Round> done, double startSeconds) {
        long lines = done.stream().mapToLong(Round::lines).sum();
        long batches = done.stream().mapToLong(Round::batches).sum();
        long badRequests = done.stream().mapToLong(Round::badRequests).sum();
        long missing = done.isEmpty() ? 0 : done.getLast().missingSoFar();
        long maxMissing = done.stream().mapToLong(Round::missingSoFar).max().orElse(0);
        List<String> failures = new ArrayList<>();
        if (maxMissing > 0) {
            failures.add(maxMissing + " acknowledged lines were missing after a restart (" + missing + " after the last)");
        }
        if (badRequests > 0) {
            failures.add(badRequests + " batches of valid lines were refused with 400");
        }
        if (lines == 0) {
            failures.add("no batch was acknowledged, so nothing was tested");
        }
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("scenario", NAME);
            report.put("rounds", done.size());
            report.put("writers", writers);
            report.put("startSeconds", Report.round3(startSeconds));
            report.put("acknowledgedBatches", batches);
            report.put("acknowledgedLines", lines);
            report.put("missing", maxMissing);
            List<Object> perRound = new ArrayList<>();
            for (Round r : done) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("round", r.round());
                m.put("writeSeconds", Report.round3(r.writeSeconds()));
                m.put("batches", r.batches());
                m.put("lines", r.lines());
                m.put("refused", r.refused());
                m.put("broken", r.errors());
                m.put("wrongCounts", r.miscounted());
                m.put("killed", r.killed());
                m.put("restartSeconds", Report.round3(r.restartSeconds()));
                m.put("missing", r.missing());
                m.put("missingSoFar", r.missingSoFar());
                m.put("checkedSoFar", r.checkedSoFar());
                perRound.add(m);
            }
            report.put("perRound", perRound);
            report.put("ok", failures.isEmpty());
            out.println(Json.write(report));
        } else {
            out.printf("%s: %d rounds, %d batches / %d lines acknowledged, %d missing; first start %.2f s, restarts %s s%n",
                    NAME, done.size(), batches, lines, maxMissing, startSeconds,
                    done.stream().map(r -> Report.format1(r.restartSeconds())).toList());
            failures.forEach(f -> out.println("FAILED: " + f));
        }
        return failures.isEmpty() ? 0 : 1;
    }
}
