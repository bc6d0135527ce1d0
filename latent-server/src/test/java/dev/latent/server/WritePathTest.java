package dev.latent.server;

import dev.latent.data.RatingMatrix;
import dev.latent.io.Json;
import dev.latent.io.ModelFiles;
import dev.latent.model.FactorModel;
import dev.latent.recommend.FoldIn;
import dev.latent.recommend.Recommender;
import dev.latent.train.sgd.BiasedMfConfig;
import dev.latent.train.sgd.BiasedMfTrainer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The write path over loopback: {@code POST /ingest}, {@code POST|DELETE /pref}, the write-ahead
 * log across restarts, and {@code POST /admin/retrain}, on the tiny two-taste model of
 * {@link LatentServerTest} with a fresh log per test.
 */
class WritePathTest {
    private static final String TOKEN = "write-token";
    private static final String AUTH = "Bearer " + TOKEN;
    private static final long MAX_BODY = 4096;

    @TempDir
    Path dir;
    private static FactorModel model;
    private static HttpClient client;
    private Path modelFile;
    private Path dataFile;
    private LatentServer server;

    @BeforeAll
    static void train() {
        model = new BiasedMfTrainer(BiasedMfConfig.defaults().withFactors(4).withEpochs(60).withSeed(7).withThreads(1))
                .train(LatentServerTest.ratings());
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    @BeforeEach
    void startServer() throws IOException {
        modelFile = dir.resolve("model.latent");
        ModelFiles.save(model, modelFile);
        dataFile = dir.resolve("base.tsv");
        StringBuilder tsv = new StringBuilder();
        RatingMatrix ratings = LatentServerTest.ratings();
        for (int u = 0; u < ratings.userCount(); u++) {
            for (int p = ratings.userStart(u); p < ratings.userEnd(u); p++) {
                tsv.append(ratings.users().idAt(u)).append('\t').append(ratings.items().idAt(ratings.itemAt(p)))
                        .append('\t').append(ratings.valueAt(p)).append('\n');
            }
        }
        Files.writeString(dataFile, tsv);
        server = start(config());
    }

    private ServerConfig config() {
        return new ServerConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50).withModelFile(modelFile)
                .withDataFile(dataFile).withWalDir(dir.resolve("wal")).withToken(TOKEN).withMaxBodyBytes(MAX_BODY);
    }

    private static LatentServer start(ServerConfig config) throws IOException {
        LatentServer server = LatentServer.start(config);
        server.serve(ServingModel.load(config.modelFile(), 1));
        return server;
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    record Reply(int status, Object json, String body) {
        @SuppressWarnings("unchecked")
        Map<String, Object> object() {
            return (Map<String, Object>) json;
        }
    }

    private Reply call(String method, String path, byte[] body, String... headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri().toString().replaceFirst("/$", "") + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                    .timeout(Duration.ofSeconds(20));
            for (int k = 0; k < headers.length; k += 2) {
                request.header(headers[k], headers[k + 1]);
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), Json.parse(response.body()), response.body());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(method + " " + path, e);
        }
    }

    private Reply get(String path) {
        return call("GET", path, null);
    }

    private Reply ingest(String csv) {
        return call("POST", "/ingest", csv.getBytes(StandardCharsets.UTF_8), "Authorization", AUTH);
    }

    private List<Object> known(String user) {
        return (List<Object>) get("/knownItems/" + user).json();
    }

    private List<Object> ids(String path) {
        return ((List<?>) get(path).json()).stream().map(entry -> (Object) ((Map<?, ?>) entry).get("id")).toList();
    }

    @Test
    void ingest_newUser_isFoldedInAtOnce() {
        Reply reply = ingest("new1,s0,5\nnew1,s1,5\nnew1,r0,1\nnew1,unseen-item,3\n");

        assertEquals(200, reply.status(), reply.body());
        assertEquals(Map.of("accepted", 4.0), reply.json());
        assertEquals(List.of("s1", "r0", "s0", "unseen-item"), known("new1"), "model items in model order, then the others");
        FoldIn foldIn = new FoldIn(model);
        int[] items = {model.items().indexOf("s0"), model.items().indexOf("s1"), model.items().indexOf("r0")};
        var folded = foldIn.foldIn(items, new float[] {5, 5, 1});
        var expected = new Recommender(model).recommend(folded, 5);
        assertEquals(LatentServerTest.ids(expected), ids("/recommend/new1?howMany=5"));
        assertEquals("s", ((String) ids("/recommend/new1?howMany=1").getFirst()).substring(0, 1), "a sci-fi fan gets sci-fi");
        assertEquals(Arrays.asList((double) foldIn.score(folded, model.items().indexOf("s2")), null),
                roundToFloat((List<?>) get("/estimate/new1/s2/nothing").json()));
        assertTrue(((List<?>) get("/user/allIDs").json()).contains("new1"));
        assertEquals(Map.of("users", 1.0, "entries", 4.0),
                withoutLog(get("/model").object().get("preferences")));
    }

    private static List<Object> roundToFloat(List<?> values) {
        List<Object> out = new ArrayList<>();
        for (Object value : values) {
            out.add(value == null ? null : (double) (float) (double) (Double) value);
        }
        return out;
    }

    private static Map<?, ?> withoutLog(Object preferences) {
        Map<?, ?> map = (Map<?, ?>) preferences;
        return Map.of("users", map.get("users"), "entries", map.get("entries"));
    }

    @Test
    void ingest_badLine_is400NamingItAndAppliesNothing() {
        Reply reply = ingest("bad1,s0,5\nbad1,s1,5\nbad1\n");

        assertEquals(400, reply.status(), reply.body());
        assertEquals("line 3: expected user,item[,value[,timestamp]] but found 1 field in 'bad1'; "
                + "nothing of this request was applied", reply.object().get("error"));
        assertEquals(404, get("/knownItems/bad1").status());
        assertEquals(0.0, ((Map<?, ?>) ((Map<?, ?>) get("/model").object().get("preferences")).get("log")).get("requests"));
    }

    @Test
    void ingest_gzipBody_isAccepted_andOversizedBodiesAre413() throws IOException {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(zipped)) {
            zip.write("gz1,s0,5\ngz1,s2,4\n".getBytes(StandardCharsets.UTF_8));
        }
        Reply gzip = call("POST", "/ingest", zipped.toByteArray(), "Authorization", AUTH, "Content-Encoding", "gzip");
        assertEquals(200, gzip.status(), gzip.body());
        assertEquals(Set.of("s0", "s2"), Set.copyOf(known("gz1")));

        Reply large = ingest("big,s0,5\n".repeat((int) (MAX_BODY / 9 + 1)));
        assertEquals(413, large.status(), large.body());
        assertEquals("the body of " + 9 * (MAX_BODY / 9 + 1) + " bytes is larger than the limit of " + MAX_BODY + " bytes",
                large.object().get("error"));
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(bomb)) {
            zip.write("bomb,s0,5\n".repeat(100_000).getBytes(StandardCharsets.UTF_8));
        }
        Reply unzipped = call("POST", "/ingest", bomb.toByteArray(), "Authorization", AUTH, "Content-Encoding", "gzip");
        assertEquals(413, unzipped.status(), unzipped.body());
        assertEquals(404, get("/knownItems/big").status());
        assertEquals(404, get("/knownItems/bomb").status());
    }

    @Test
    void pref_setAndDelete_changeWhatAModelUserKnows() {
        // f0 rated s1, s2, s3 (5) and r0, r1 (1) in training.
        assertEquals(Set.of("s1", "s2", "s3", "r0", "r1", "amélie ☂"), Set.copyOf(known("f0")));
        assertFalse(ids("/recommend/f0?howMany=50").contains("s1"));

        Reply set = call("POST", "/pref/f0/r2", "4".getBytes(StandardCharsets.UTF_8), "Authorization", AUTH);
        Reply delete = call("DELETE", "/pref/f0/s1", null, "Authorization", AUTH);
        Reply defaulted = call("POST", "/pref/f0/brand-new", new byte[0], "Authorization", AUTH);

        assertEquals(200, set.status(), set.body());
        assertEquals(Map.of("accepted", 1.0), set.json());
        assertEquals(200, delete.status(), delete.body());
        assertEquals(200, defaulted.status(), defaulted.body());
        assertEquals(Set.of("s2", "s3", "r0", "r1", "r2", "amélie ☂", "brand-new"), Set.copyOf(known("f0")));
        assertEquals("brand-new", known("f0").getLast(), "an item the model does not know comes last");
        List<Object> recommended = ids("/recommend/f0?howMany=50");
        assertTrue(recommended.contains("s1"), "a deleted training item can be recommended again: " + recommended);
        assertFalse(recommended.contains("r2"), "a written item is known: " + recommended);

        Reply bad = call("POST", "/pref/f0/r3", "lots".getBytes(StandardCharsets.UTF_8), "Authorization", AUTH);
        assertEquals(400, bad.status(), bad.body());
        assertEquals("the value must be a finite number but was 'lots'", bad.object().get("error"));
        assertEquals(404, call("POST", "/pref/f0", new byte[0], "Authorization", AUTH).status());
        assertEquals(405, call("GET", "/pref/f0/r3", null).status());
    }

    @Test
    void writes_needTheToken() {
        Reply none = call("POST", "/ingest", "t,s0,5".getBytes(StandardCharsets.UTF_8));
        Reply wrong = call("POST", "/pref/t/s0", "5".getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer nope");
        Reply delete = call("DELETE", "/pref/f0/s1", null);

        assertEquals(401, none.status(), none.body());
        assertEquals(403, wrong.status(), wrong.body());
        assertEquals(401, delete.status(), delete.body());
        assertEquals(404, get("/knownItems/t").status());
        assertTrue(known("f0").contains("s1"));
    }

    @Test
    void restart_replaysEveryAcknowledgedWrite() throws IOException {
        assertEquals(200, ingest("r1,s0,5\nr1,s3,4").status());
        assertEquals(200, call("DELETE", "/pref/f0/s1", null, "Authorization", AUTH).status());
        assertEquals(200, ingest("r1,s0,").status(), "an empty value deletes");
        List<Object> before = known("r1");
        server.close();

        server = start(config());

        assertEquals(List.of("s3"), before);
        assertEquals(before, known("r1"));
        assertFalse(known("f0").contains("s1"));
        Map<?, ?> log = (Map<?, ?>) ((Map<?, ?>) get("/model").object().get("preferences")).get("log");
        assertEquals(3.0, log.get("requests"));
        assertEquals(0.0, log.get("torn_bytes_cut_at_start"));
    }

    @Test
    void retrain_takesTheLogIn_andLaterWritesStayBeside() {
        assertEquals(200, ingest("n1,s0,5\nn1,s1,5\nn1,s2,5\nn1,r0,1\nn1,r1,1").status());
        assertEquals(200, call("DELETE", "/pref/f0/s1", null, "Authorization", AUTH).status());
        Map<String, Object> before = get("/model").object();

        Reply retrain = call("POST", "/admin/retrain", null, "Authorization", AUTH);

        assertEquals(200, retrain.status(), retrain.body());
        assertEquals(2.0, retrain.object().get("version"));
        assertEquals((Double) before.get("users") + 1, retrain.object().get("users"), "n1 is a model user now");
        Map<String, Object> after = get("/model").object();
        assertEquals(2.0, after.get("version"));
        assertEquals(before.get("parameters"), after.get("parameters"));
        assertNotEquals(before.get("checksum"), after.get("checksum"));
        assertEquals(Map.of("users", 0.0, "entries", 0.0), withoutLog(after.get("preferences")));
        assertNull(after.get("last_retrain_error"));
        assertEquals(Set.of("s0", "s1", "s2", "r0", "r1"), Set.copyOf(known("n1")));
        assertFalse(known("f0").contains("s1"), "the deleted rating stays deleted in the retrained model");

        assertEquals(200, ingest("n1,r2,1").status());
        assertTrue(known("n1").contains("r2"), "a write after the retrain is kept beside the new model");
        assertEquals(Map.of("users", 1.0, "entries", 1.0), withoutLog(get("/model").object().get("preferences")));

        Reply reload = call("POST", "/admin/reload", null, "Authorization", AUTH);
        assertEquals(200, reload.status(), reload.body());
        assertEquals(Set.of("s0", "s1", "s2", "r0", "r1", "r2"), Set.copyOf(known("n1")),
                "reloading the original file brings the retrained writes back beside it");
        assertFalse(known("f0").contains("s1"));
    }

    @Test
    void retrain_badData_keepsTheOldModelAndReportsWhy() throws IOException {
        Files.writeString(dataFile, "u1\ti1\tfive\n");

        Reply retrain = call("POST", "/admin/retrain", null, "Authorization", AUTH);

        assertEquals(500, retrain.status(), retrain.body());
        String error = (String) retrain.object().get("error");
        assertTrue(error.startsWith("cannot retrain on " + dataFile + " and the log: "), error);
        Map<String, Object> after = get("/model").object();
        assertEquals(1.0, after.get("version"));
        assertEquals(error, after.get("last_retrain_error"));
    }

    @Test
    void noLogOrData_writesAndRetrainAre409() throws IOException {
        server.close();
        server = start(config().withWalDir(null).withDataFile(null));

        Reply ingest = ingest("x,s0,5");
        Reply retrain = call("POST", "/admin/retrain", null, "Authorization", AUTH);

        assertEquals(409, ingest.status(), ingest.body());
        assertEquals("this server keeps no write-ahead log, so it cannot accept writes durably; start it with --wal DIR",
                ingest.object().get("error"));
        assertEquals(409, retrain.status(), retrain.body());
        assertEquals("no base data is configured (--data FILE), so there is nothing to retrain on",
                retrain.object().get("error"));
    }

    @Test
    void readOnly_refusesWrites() throws IOException {
        server.close();
        server = start(config().withReadOnly(true));
        Reply reply = ingest("x,s0,5");
        assertEquals(403, reply.status(), reply.body());
        assertEquals(Map.of("error", "the server is read-only"), reply.json());
    }
}
