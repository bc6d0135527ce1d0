package dev.latent.server;

import dev.latent.io.Json;
import dev.latent.io.ModelFiles;
import dev.latent.train.sgd.BiasedMfConfig;
import dev.latent.train.sgd.BiasedMfTrainer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The durability promise end to end: a server process ingesting from several clients is killed
 * with SIGKILL, restarted on the same write-ahead log, and must know every write it acknowledged.
 */
class CrashRecoveryTest {
    private static final int ROUNDS = 2;
    private static final int WRITERS = 4;

    @TempDir
    Path dir;

    /** A server child process and the port it listens on. */
    private record Child(Process process, int port) {
    }

    private Child start(Path modelFile, Path wal) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), CrashTarget.class.getName(),
                modelFile.toString(), wal.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("LISTENING ")) {
                return new Child(process, Integer.parseInt(line.substring("LISTENING ".length()).strip()));
            }
        }
        throw new AssertionError("the server process ended before listening, exit " + process.exitValue());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void sigkillDuringIngest_losesNoAcknowledgedWrite() throws Exception {
        Path modelFile = dir.resolve("model.latent");
        ModelFiles.save(new BiasedMfTrainer(BiasedMfConfig.defaults().withFactors(4).withEpochs(10).withThreads(1))
                .train(LatentServerTest.ratings()), modelFile);
        Path wal = dir.resolve("wal");
        Set<String> acknowledged = new HashSet<>();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            for (int round = 0; round < ROUNDS; round++) {
                Child child = start(modelFile, wal);
                ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    String user = "crash-" + round + "-" + w;
                    writers.add(Thread.ofVirtual().start(() -> ingestUntilStopped(client, child.port(), user, stop, acked)));
                }
                // Kill mid-stream, once enough writes were acknowledged that losing any would show.
                for (int wait = 0; wait < 3000 && acked.size() < 40; wait++) {
                    Thread.sleep(10);
                }
                child.process().destroyForcibly();
                assertTrue(child.process().waitFor(10, TimeUnit.SECONDS), "the killed process ends");
                assertEquals(137, child.process().exitValue(), "killed by SIGKILL");
                stop.set(true);
                for (Thread writer : writers) {
                    writer.join();
                }
                assertTrue(acked.size() >= 40, "the writers got writes acknowledged before the kill: " + acked.size());
                acknowledged.addAll(acked);

                Child restarted = start(modelFile, wal);
                try {
                    Map<String, Set<String>> known = new java.util.HashMap<>();
                    for (String pair : acknowledged) {
                        String user = pair.substring(0, pair.indexOf(','));
                        Set<String> items = known.computeIfAbsent(user, id -> knownItems(client, restarted.port(), id));
                        assertTrue(items.contains(pair.substring(pair.indexOf(',') + 1)),
                                "round " + round + ": acknowledged " + pair + " is missing after the restart");
                    }
                } finally {
                    restarted.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** POSTs one-line ingests of new items for {@code user} until stopped, recording the acknowledged pairs. */
    private static void ingestUntilStopped(HttpClient client, int port, String user, AtomicBoolean stop,
                                           ConcurrentLinkedQueue<String> acked) {
        for (int n = 0; !stop.get(); n++) {
            String line = user + ",item-" + n + "," + (1 + n % 5);
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ingest"))
                                .POST(HttpRequest.BodyPublishers.ofString(line)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    acked.add(user + ",item-" + n);
                }
            } catch (IOException | InterruptedException killed) {
                return;
            }
        }
    }

    private static Set<String> knownItems(HttpClient client, int port, String user) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/knownItems/" + user))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            Set<String> items = new HashSet<>();
            for (Object item : (List<?>) Json.parse(response.body())) {
                items.add((String) item);
            }
            return items;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("GET /knownItems/" + user, e);
        }
    }
}
