package dev.latent.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code latent serve}: a saved model served over loopback until the command is stopped. */
class ServeCommandTest {
    private static final String CSV = "userId,movieId,rating\n"
            + "ann,alien,5\nann,brazil,4\nann,casablanca,1\n"
            + "bob,alien,4\nbob,casablanca,2\nbob,dune,5\n"
            + "cat,brazil,2\ncat,casablanca,5\ncat,eraserhead,1\n";

    @TempDir
    Path dir;
    Path model;

    @BeforeEach
    void trainModel() throws IOException {
        Path csv = dir.resolve("ratings.csv");
        Files.writeString(csv, CSV, StandardCharsets.UTF_8);
        model = dir.resolve("m.latent");
        CliRun run = CliRun.of("train", "--data", csv.toString(), "--out", model.toString(), "--factors", "4",
                "--epochs", "10");
        assertEquals(0, run.code(), run.toString());
    }

    @Test
    void serve_validModel_printsTheUrlAndAnswersUntilInterrupted() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger code = new AtomicInteger(-1);
        Thread serving = Thread.ofVirtual().start(() -> code.set(LatentCli.execute(new PrintWriter(out), new PrintWriter(err),
                "serve", "--model", model.toString(), "--port", "0", "--max-results", "3")));
        Matcher url = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/)").matcher("");
        for (int wait = 0; wait < 500 && !url.reset(out.toString()).find(); wait++) {
            Thread.sleep(10);
        }
        assertTrue(url.reset(out.toString()).find(), out + " / " + err);
        assertTrue(out.toString().startsWith("Serving " + model + " (biased-mf, 3 users, 5 items) at http://127.0.0.1:"),
                out.toString());

        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create(url.group(1) + "ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> tooMany = client.send(HttpRequest.newBuilder(URI.create(url.group(1) + "recommend/ann?howMany=4"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> recommend = client.send(HttpRequest.newBuilder(URI.create(url.group(1) + "recommend/ann"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(200, ready.statusCode());
            assertEquals("{\"ready\": true}", ready.body());
            assertEquals(400, tooMany.statusCode(), tooMany.body());
            assertEquals(200, recommend.statusCode(), recommend.body());
            assertTrue(recommend.body().matches("\\[\\{\"id\": \"(dune|eraserhead)\", \"value\": .*"), recommend.body());
        }

        serving.interrupt();
        serving.join(5000);
        assertFalse(serving.isAlive());
        assertEquals(0, code.get(), err.toString());
    }

    @Test
    void serve_tokenFile_guardsAdminReload() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), "  t0ken-xyz\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger code = new AtomicInteger(-1);
        Thread serving = Thread.ofVirtual().start(() -> code.set(LatentCli.execute(new PrintWriter(out), new PrintWriter(err),
                "serve", "--model", model.toString(), "--port", "0", "--token-file", tokenFile.toString())));
        Matcher url = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/)").matcher("");
        for (int wait = 0; wait < 500 && !url.reset(out.toString()).find(); wait++) {
            Thread.sleep(10);
        }
        assertTrue(url.reset(out.toString()).find(), out + " / " + err);

        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpRequest.Builder reload = HttpRequest.newBuilder(URI.create(url.group(1) + "admin/reload"))
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5));
            HttpResponse<String> none = client.send(reload.build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> right = client.send(reload.header("Authorization", "Bearer t0ken-xyz").build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> read = client.send(HttpRequest.newBuilder(URI.create(url.group(1) + "recommend/ann"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(401, none.statusCode(), none.body());
            assertEquals(200, right.statusCode(), right.body());
            assertTrue(right.body().startsWith("{\"version\": 2, \"checksum\": \"sha256:"), right.body());
            assertEquals(200, read.statusCode(), read.body());
        }

        serving.interrupt();
        serving.join(5000);
        assertFalse(serving.isAlive());
        assertEquals(0, code.get(), err.toString());
    }

    @Test
    void serve_readOnly_refusesAdminReload() throws Exception {
        StringWriter out = new StringWriter();
        AtomicInteger code = new AtomicInteger(-1);
        Thread serving = Thread.ofVirtual().start(() -> code.set(LatentCli.execute(new PrintWriter(out), new PrintWriter(new StringWriter()),
                "serve", "--model", model.toString(), "--port", "0", "--read-only")));
        Matcher url = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/)").matcher("");
        for (int wait = 0; wait < 500 && !url.reset(out.toString()).find(); wait++) {
            Thread.sleep(10);
        }
        assertTrue(url.reset(out.toString()).find(), out.toString());
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> reload = client.send(HttpRequest.newBuilder(URI.create(url.group(1) + "admin/reload"))
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(403, reload.statusCode(), reload.body());
            assertEquals("{\"error\": \"the server is read-only\"}", reload.body());
        }
        serving.interrupt();
        serving.join(5000);
        assertEquals(0, code.get());
    }

    @Test
    void serve_emptyOrMissingTokenFile_exitsTwoWithoutListening() throws IOException {
        Path blank = Files.writeString(dir.resolve("blank"), " \n\t\n");
        CliRun empty = CliRun.of("serve", "--model", model.toString(), "--port", "0", "--token-file", blank.toString());
        CliRun missing = CliRun.of("serve", "--model", model.toString(), "--port", "0",
                "--token-file", dir.resolve("nope").toString());

        assertEquals(2, empty.code(), empty.toString());
        assertEquals("latent: --token-file " + blank + " is empty\n", empty.err());
        assertEquals("", empty.out());
        assertEquals(2, missing.code(), missing.toString());
        assertTrue(missing.err().startsWith("latent: --token-file " + dir.resolve("nope") + " cannot be read: "), missing.toString());
        assertEquals("", missing.out());
    }

    @Test
    void serve_missingModel_exitsTwoWithoutListening() {
        CliRun run = CliRun.of("serve", "--model", dir.resolve("nope.latent").toString(), "--port", "0");

        assertEquals(2, run.code(), run.toString());
        assertEquals("latent: no such file: " + dir.resolve("nope.latent") + "\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void serve_corruptModel_exitsTwo() throws IOException {
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length / 2] ^= 0x55;
        Path corrupt = Files.write(dir.resolve("corrupt.latent"), bytes);

        CliRun run = CliRun.of("serve", "--model", corrupt.toString(), "--port", "0");

        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().startsWith("latent: ") && run.err().contains(corrupt.toString()), run.toString());
        assertEquals("", run.out());
    }

    @Test
    void serve_portInUse_exitsTwoSayingSo() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            CliRun run = CliRun.of("serve", "--model", model.toString(), "--port", String.valueOf(port));

            assertEquals(2, run.code(), run.toString());
            assertTrue(run.err().startsWith("latent: cannot listen on 127.0.0.1:" + port + ": "), run.toString());
            assertTrue(run.err().contains("choose another --port"), run.toString());
        }
    }

    /** Runs {@code serve} with {@code args} on a virtual thread; its URL once it listens. */
    private record Serving(Thread thread, StringWriter out, StringWriter err, AtomicInteger code, String url) {
        static Serving start(String... args) throws InterruptedException {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            AtomicInteger code = new AtomicInteger(-1);
            Thread thread = Thread.ofVirtual().start(() -> code.set(LatentCli.execute(new PrintWriter(out), new PrintWriter(err), args)));
            Matcher url = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/)\n(.*)\n").matcher("");
            for (int wait = 0; wait < 500 && !url.reset(out.toString()).find(); wait++) {
                Thread.sleep(10);
            }
            assertTrue(url.reset(out.toString()).find(), out + " / " + err);
            return new Serving(thread, out, err, code, url.group(1));
        }

        HttpResponse<String> send(HttpClient client, String method, String path, String body) throws Exception {
            return client.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(20))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }

        void stop() throws InterruptedException {
            thread.interrupt();
            thread.join(5000);
            assertFalse(thread.isAlive());
            assertEquals(0, code.get(), err.toString());
        }
    }

    @Test
    void serve_walAndData_acceptWritesRetrainAndReplayOnRestart() throws Exception {
        Path wal = dir.resolve("wal");
        String csv = dir.resolve("ratings.csv").toString();
        Serving first = Serving.start("serve", "--model", model.toString(), "--port", "0", "--wal", wal.toString(),
                "--data", csv);
        assertTrue(first.out().toString().contains("\nWrite-ahead log " + wal.resolve("preferences.wal")
                + ": 0 requests (0 changes) replayed\n"), first.out().toString());
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> ingest = first.send(client, "POST", "ingest", "dan,alien,5\ndan,dune,4\n");
            assertEquals(200, ingest.statusCode(), ingest.body());
            assertEquals("[\"alien\", \"dune\"]", first.send(client, "GET", "knownItems/dan", null).body());
            assertEquals(200, first.send(client, "GET", "recommend/dan", null).statusCode(), "dan is folded in");
            HttpResponse<String> retrain = first.send(client, "POST", "admin/retrain", null);
            assertEquals(200, retrain.statusCode(), retrain.body());
            assertTrue(retrain.body().contains("\"users\": 4"), retrain.body());
            first.stop();

            Serving second = Serving.start("serve", "--model", model.toString(), "--port", "0", "--wal", wal.toString());
            assertTrue(second.out().toString().contains(": 1 request (2 changes) replayed\n"), second.out().toString());
            assertEquals("[\"alien\", \"dune\"]", second.send(client, "GET", "knownItems/dan", null).body());
            second.stop();
        }
    }

    @Test
    void serve_withoutWal_saysWritesAreRefused() throws Exception {
        Serving serving = Serving.start("serve", "--model", model.toString(), "--port", "0");
        assertTrue(serving.out().toString().contains("\nNo --wal: writes (/pref, /ingest) are refused\n"), serving.out().toString());
        serving.stop();
    }

    @Test
    void serve_damagedWal_exitsTwoNamingTheByte() throws IOException {
        Path wal = Files.createDirectories(dir.resolve("wal"));
        Files.write(wal.resolve("preferences.wal"), "LATWAL01garbage that is no record at all".getBytes(StandardCharsets.US_ASCII));
        CliRun run = CliRun.of("serve", "--model", model.toString(), "--port", "0", "--wal", wal.toString());
        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().startsWith("latent: cannot open the write-ahead log in " + wal + ": " + wal.resolve("preferences.wal")
                + " is damaged at byte 8 (record 1)"), run.err());
    }

    @Test
    void serve_badOptions_exitTwo() {
        assertEquals("latent: --max-body must be a size between 1 byte and 2G, such as 16M, but was '12X'\n",
                CliRun.of("serve", "--model", model.toString(), "--max-body", "12X").err());
        assertEquals("latent: --data " + dir.resolve("nope.csv") + " does not exist\n",
                CliRun.of("serve", "--model", model.toString(), "--data", dir.resolve("nope.csv").toString()).err());
        assertEquals("latent: --port must be between 0 and 65535 but was 70000\n",
                CliRun.of("serve", "--model", model.toString(), "--port", "70000").err());
        assertEquals("latent: --max-results must be positive but was 0\n",
                CliRun.of("serve", "--model", model.toString(), "--max-results", "0").err());
        CliRun badHost = CliRun.of("serve", "--model", model.toString(), "--bind", "no-such-host.invalid");
        assertEquals(2, badHost.code(), badHost.toString());
        assertTrue(badHost.err().startsWith("latent: --bind 'no-such-host.invalid' is not an address"), badHost.toString());
    }
}
