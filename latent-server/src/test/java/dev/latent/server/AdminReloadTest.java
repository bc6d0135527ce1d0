package dev.latent.server;

import dev.latent.io.Json;
import dev.latent.io.ModelFiles;
import dev.latent.model.FactorModel;
import dev.latent.recommend.Recommender;
import dev.latent.train.sgd.BiasedMfConfig;
import dev.latent.train.sgd.BiasedMfTrainer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /admin/reload} (also under load), the bearer token and read-only mode, over loopback. */
class AdminReloadTest {
    private static final String TOKEN = "s3cret-token";

    @TempDir
    static Path dir;
    private static FactorModel first;
    private static FactorModel second;
    private static HttpClient client;

    @BeforeAll
    static void trainTwoModels() {
        BiasedMfConfig config = BiasedMfConfig.defaults().withFactors(4).withEpochs(30).withThreads(1);
        first = new BiasedMfTrainer(config.withSeed(1)).train(LatentServerTest.ratings());
        second = new BiasedMfTrainer(config.withFactors(3).withSeed(2)).train(LatentServerTest.ratings());
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    record Reply(int status, Map<String, Object> headers, Object json, String body) {
        @SuppressWarnings("unchecked")
        Map<String, Object> object() {
            return (Map<String, Object>) json;
        }
    }

    /** {@code method path} with {@code Authorization: authorization} unless it is null. */
    static Reply call(LatentServer server, String method, String path, String authorization) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri().toString().replaceFirst("/$", "") + path))
                    .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), Map.copyOf(response.headers().map()), Json.parse(response.body()), response.body());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(method + " " + path, e);
        }
    }

    static LatentServer start(Path modelFile, ServerConfig config) throws IOException {
        LatentServer server = LatentServer.start(config.withAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withModelFile(modelFile));
        if (modelFile != null) {
            server.serve(ServingModel.load(modelFile, 1));
        }
        return server;
    }

    static List<Object> ids(Reply reply) {
        return ((List<?>) reply.json()).stream().map(entry -> (Object) ((Map<?, ?>) entry).get("id")).toList();
    }

    @Test
    void reload_newFile_servesTheNewModelWithTheNextVersion() throws IOException {
        Path file = dir.resolve("new.latent");
        ModelFiles.save(first, file);
        try (LatentServer server = start(file, ServerConfig.defaults())) {
            String firstChecksum = (String) call(server, "GET", "/model", null).object().get("checksum");
            ModelFiles.save(second, file);

            Reply reload = call(server, "POST", "/admin/reload", null);

            assertEquals(200, reload.status(), reload.body());
            assertEquals(ServingModel.sha256(file), reload.object().get("checksum"));
            assertNotEquals(firstChecksum, reload.object().get("checksum"));
            assertEquals(2.0, reload.object().get("version"));
            Map<String, Object> model = call(server, "GET", "/model", null).object();
            assertEquals(2.0, model.get("version"));
            assertEquals(3.0, model.get("rank"));
            assertEquals(ServingModel.sha256(file), model.get("checksum"));
            assertNull(model.get("last_reload_error"));
            assertEquals(LatentServerTest.ids(new Recommender(second).recommend("f1", 5)),
                    ids(call(server, "GET", "/recommend/f1?howMany=5", null)));
            assertEquals(3.0, call(server, "POST", "/admin/reload", null).object().get("version"));
        }
    }

    @Test
    void reload_underConcurrentLoad_failsNoRequestAndEachSeesOneWholeModel() throws Exception {
        Path a = dir.resolve("load-a.latent");
        Path b = dir.resolve("load-b.latent");
        Path served = dir.resolve("load.latent");
        ModelFiles.save(first, a);
        ModelFiles.save(second, b);
        Files.copy(a, served);
        Set<List<Object>> whole = Set.of(LatentServerTest.ids(new Recommender(first).recommend("f1", 5)),
                LatentServerTest.ids(new Recommender(second).recommend("f1", 5)));
        try (LatentServer server = start(served, ServerConfig.defaults())) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger answered = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                readers.add(Thread.ofVirtual().start(() -> {
                    while (!stop.get()) {
                        Reply reply = call(server, "GET", "/recommend/f1?howMany=5", null);
                        if (reply.status() != 200 || !whole.contains(ids(reply))) {
                            failures.add(reply.status() + " " + reply.body());
                        }
                        answered.incrementAndGet();
                    }
                }));
            }
            int swaps = 60;
            for (int swap = 0; swap < swaps; swap++) {
                Files.copy(swap % 2 == 0 ? b : a, served, StandardCopyOption.REPLACE_EXISTING);
                Reply reload = call(server, "POST", "/admin/reload", null);
                assertEquals(200, reload.status(), reload.body());
            }
            stop.set(true);
            for (Thread reader : readers) {
                reader.join();
            }
            assertEquals(List.of(), List.copyOf(failures));
            assertTrue(answered.get() > swaps, "requests ran alongside the swaps: " + answered.get());
            assertEquals(1.0 + swaps, call(server, "GET", "/model", null).object().get("version"));
        }
    }

    @Test
    void reload_garbageFile_keepsTheOldModelAndReportsTheError() throws IOException {
        Path file = dir.resolve("garbage.latent");
        ModelFiles.save(first, file);
        try (LatentServer server = start(file, ServerConfig.defaults())) {
            Map<String, Object> before = call(server, "GET", "/model", null).object();
            List<Object> recommended = ids(call(server, "GET", "/recommend/f1?howMany=5", null));
            Files.writeString(file, "this is not a model\n");

            Reply reload = call(server, "POST", "/admin/reload", null);

            assertEquals(500, reload.status(), reload.body());
            String error = (String) reload.object().get("error");
            assertTrue(error.startsWith("cannot reload " + file + ": "), error);
            assertTrue(!error.contains("Exception"), error);
            Map<String, Object> after = call(server, "GET", "/model", null).object();
            assertEquals(error, after.get("last_reload_error"));
            assertEquals(before.get("version"), after.get("version"));
            assertEquals(before.get("checksum"), after.get("checksum"));
            assertEquals(recommended, ids(call(server, "GET", "/recommend/f1?howMany=5", null)));

            Files.delete(file);
            Reply missing = call(server, "POST", "/admin/reload", null);
            assertEquals(500, missing.status(), missing.body());
            assertEquals(Map.of("error", "cannot reload " + file + ": no such file"), missing.json());
            assertEquals("cannot reload " + file + ": no such file",
                    call(server, "GET", "/model", null).object().get("last_reload_error"));

            ModelFiles.save(second, file);
            Reply fixed = call(server, "POST", "/admin/reload", null);
            assertEquals(200, fixed.status(), fixed.body());
            assertEquals(2.0, fixed.object().get("version"));
            assertNull(call(server, "GET", "/model", null).object().get("last_reload_error"));
        }
    }

    @Test
    void reload_errors() throws IOException {
        try (LatentServer noFile = start(null, ServerConfig.defaults())) {
            noFile.serve(new ServingModel(first, 1, "sha256:memory", java.time.Instant.now()));
            Reply reply = call(noFile, "POST", "/admin/reload", null);
            assertEquals(409, reply.status(), reply.body());
            assertEquals(Map.of("error", "no model file is configured, so there is nothing to reload"), reply.json());
            Reply get = call(noFile, "GET", "/admin/reload", null);
            assertEquals(405, get.status(), get.body());
            assertEquals(List.of("POST"), get.headers().get("allow"));
            assertEquals(404, call(noFile, "POST", "/admin/retrainNow", null).status());
            assertEquals(1.0, call(noFile, "GET", "/model", null).object().get("version"));
        }
    }

    @Test
    void token_guardsAdminButNotReads() throws IOException {
        Path file = dir.resolve("token.latent");
        ModelFiles.save(first, file);
        try (LatentServer server = start(file, ServerConfig.defaults().withToken(TOKEN))) {
            Reply none = call(server, "POST", "/admin/reload", null);
            Reply basic = call(server, "POST", "/admin/reload", "Basic dXNlcjpwYXNz");
            Reply wrong = call(server, "POST", "/admin/reload", "Bearer " + TOKEN + "x");
            Reply prefix = call(server, "POST", "/admin/reload", "Bearer s3cret");
            Reply right = call(server, "POST", "/admin/reload", "Bearer " + TOKEN);

            assertEquals(401, none.status(), none.body());
            assertEquals(Map.of("error", "this request needs the header Authorization: Bearer <token>"), none.json());
            assertEquals(List.of("Bearer"), none.headers().get("www-authenticate"));
            assertEquals(401, basic.status(), basic.body());
            assertEquals(403, wrong.status(), wrong.body());
            assertEquals(Map.of("error", "the bearer token is wrong"), wrong.json());
            assertEquals(403, prefix.status(), prefix.body());
            assertEquals(200, right.status(), right.body());
            assertEquals(2.0, call(server, "GET", "/model", null).object().get("version"));
            assertEquals(200, call(server, "GET", "/recommend/f1", null).status());
            assertEquals(200, call(server, "POST", "/recommendToMany/f1/g1", null).status());
            assertEquals(200, call(server, "GET", "/recommend/f1", "Bearer wrong").status());
        }
    }

    @Test
    void readOnly_refusesAdminEvenWithTheToken() throws IOException {
        Path file = dir.resolve("readonly.latent");
        ModelFiles.save(first, file);
        try (LatentServer server = start(file, ServerConfig.defaults().withToken(TOKEN).withReadOnly(true))) {
            for (String authorization : new String[] {null, "Bearer " + TOKEN}) {
                Reply reply = call(server, "POST", "/admin/reload", authorization);
                assertEquals(403, reply.status(), reply.body());
                assertEquals(Map.of("error", "the server is read-only"), reply.json());
            }
            assertEquals(1.0, call(server, "GET", "/model", null).object().get("version"));
            assertEquals(200, call(server, "GET", "/recommend/f1", null).status());
        }
    }

    @Test
    void config_blankToken_isRefused_andToStringHidesIt() {
        IllegalArgumentException blank = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.defaults().withToken("  "));
        assertEquals("token must not be blank", blank.getMessage());
        String text = ServerConfig.defaults().withToken(TOKEN).toString();
        assertTrue(text.contains("token=set") && !text.contains(TOKEN), text);
    }
}
