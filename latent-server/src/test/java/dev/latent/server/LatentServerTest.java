package dev.latent.server;

import dev.latent.data.ItemMetadata;
import dev.latent.data.RatingMatrix;
import dev.latent.io.Json;
import dev.latent.model.FactorModel;
import dev.latent.recommend.FoldedUser;
import dev.latent.recommend.Recommender;
import dev.latent.recommend.ScoredItem;
import dev.latent.train.sgd.BiasedMfConfig;
import dev.latent.train.sgd.BiasedMfTrainer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every endpoint of {@link LatentServer} over loopback, on a tiny model trained in the test. */
class LatentServerTest {
    private static final String SPACED_USER = "zoë q";
    private static final String UNICODE_ITEM = "amélie ☂";
    private static final int MAX_RESULTS = 50;

    private static FactorModel model;
    private static Recommender recommender;
    private static ServingModel serving;
    private static LatentServer server;
    private static HttpClient client;

    /**
     * Two tastes: sci-fi fans (f0..f5) rate three of s0..s3 with 5 and two of r0..r3 with 1, romance
     * fans (g0..g5) the other way round; plus a user and an item whose ids need percent-encoding.
     */
    static RatingMatrix ratings() {
        RatingMatrix.Builder b = RatingMatrix.builder();
        for (int u = 0; u < 6; u++) {
            for (int j = 0; j < 4; j++) {
                if (j != u % 4) {
                    b.add("f" + u, "s" + j, 5).add("g" + u, "r" + j, 5);
                }
            }
            b.add("f" + u, "r" + (u % 4), 1).add("f" + u, "r" + ((u + 1) % 4), 1);
            b.add("g" + u, "s" + (u % 4), 1).add("g" + u, "s" + ((u + 2) % 4), 1);
        }
        b.add(SPACED_USER, UNICODE_ITEM, 4).add(SPACED_USER, "s0", 5).add("f0", UNICODE_ITEM, 4);
        return b.build();
    }

    @BeforeAll
    static void start() throws IOException {
        BiasedMfConfig config = BiasedMfConfig.defaults().withFactors(4).withEpochs(60).withSeed(7).withThreads(1);
        model = new BiasedMfTrainer(config).train(ratings());
        recommender = new Recommender(model);
        serving = new ServingModel(model, 1, "sha256:test", Instant.parse("2025-01-02T03:04:05Z"));
        server = LatentServer.start(new ServerConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), MAX_RESULTS));
        server.serve(serving);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
        client.close();
    }

    record Reply(int status, Object json, HttpResponse<String> raw) {
        @SuppressWarnings("unchecked")
        List<Object> list() {
            return (List<Object>) json;
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> object() {
            return (Map<String, Object>) json;
        }

        String error() {
            return (String) object().get("error");
        }
    }

    static Reply call(LatentServer on, String method, String pathAndQuery) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(on.uri().toString().replaceFirst("/$", "") + pathAndQuery))
                    .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElse(null));
            return new Reply(response.statusCode(), Json.parse(response.body()), response);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(method + " " + pathAndQuery, e);
        }
    }

    /** GET over a plain socket, for a path HttpClient would refuse to send; the whole response as text. */
    static String rawGet(String path) {
        try (Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(path, e);
        }
    }

    static Reply get(String pathAndQuery) {
        return call(server, "GET", pathAndQuery);
    }

    /** One path segment, percent-encoded as UTF-8 (a space as %20). */
    static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static List<Object> ids(Reply reply) {
        return reply.list().stream().map(entry -> (Object) ((Map<?, ?>) entry).get("id")).toList();
    }

    static List<Object> values(Reply reply) {
        return reply.list().stream().map(entry -> (Object) ((Map<?, ?>) entry).get("value")).toList();
    }

    static List<Object> ids(List<ScoredItem> items) {
        return items.stream().map(item -> (Object) item.id()).toList();
    }

    static List<Object> values(List<ScoredItem> items) {
        return items.stream().map(item -> (Object) Double.valueOf(Float.toString(item.score()))).toList();
    }

    static void assertError(int status, String messageStart, Reply reply) {
        assertEquals(status, reply.status(), reply.raw().body());
        assertEquals(Set.of("error"), reply.object().keySet(), reply.raw().body());
        assertTrue(reply.error().startsWith(messageStart), reply.error());
        assertFalse(reply.raw().body().contains("Exception") || reply.raw().body().contains("\tat "), reply.raw().body());
    }

    @Test
    void recommend_knownUser_isTheRecommendersListWithoutKnownItems() {
        Reply reply = get("/recommend/f1");

        List<ScoredItem> expected = recommender.recommend(model.users().indexOf("f1"), 10);
        assertEquals(200, reply.status());
        assertEquals(ids(expected), ids(reply));
        assertEquals(values(expected), values(reply));
        assertEquals(List.of("id", "value"), List.copyOf(((Map<?, ?>) reply.list().getFirst()).keySet()));
        assertFalse(ids(reply).contains("s0") || ids(reply).contains("s2") || ids(reply).contains("r1"), reply.raw().body());
        // f1 left out s1 only among the sci-fi films, so it ranks first.
        assertEquals("s1", ids(reply).getFirst());
    }

    @Test
    void recommend_considerKnownItems_ranksEveryItem() {
        Reply known = get("/recommend/f1?considerKnownItems=true&howMany=50");
        Reply unknown = get("/recommend/f1?considerKnownItems=false&howMany=50");

        assertEquals(model.items().size(), known.list().size());
        assertEquals(model.items().size() - model.seenCount(model.users().indexOf("f1")), unknown.list().size());
        assertTrue(ids(known).containsAll(List.of("s0", "s2", "s3", "r1", "r2")), known.raw().body());
        assertEquals(Double.valueOf(Float.toString(model.score(model.users().indexOf("f1"), model.items().indexOf("s0")))),
                values(known).get(ids(known).indexOf("s0")));
    }

    @Test
    void recommend_paging_returnsTheAskedSlice() {
        List<Object> all = ids(get("/recommend/g0?howMany=50"));

        assertEquals(all.subList(1, 3), ids(get("/recommend/g0?howMany=2&offset=1")));
        assertEquals(all.subList(all.size() - 1, all.size()), ids(get("/recommend/g0?howMany=5&offset=" + (all.size() - 1))));
        assertEquals(List.of(), get("/recommend/g0?offset=40").list());
        assertEquals(5, ids(get("/recommend/g0?considerKnownItems=true&howMany=5")).size());
        assertEquals(model.items().size(), ids(get("/recommend/g0?considerKnownItems=true")).size());
    }

    @Test
    void recommend_badParameters_are400NamingThem() {
        assertError(400, "howMany must be a non-negative integer but was 'ten'", get("/recommend/f1?howMany=ten"));
        assertError(400, "howMany must be a non-negative integer but was -1", get("/recommend/f1?howMany=-1"));
        assertError(400, "howMany must be positive but was 0", get("/recommend/f1?howMany=0"));
        assertError(400, "howMany must be a non-negative integer but was '99999999999'", get("/recommend/f1?howMany=99999999999"));
        assertError(400, "offset must be a non-negative integer but was -3", get("/recommend/f1?offset=-3"));
        assertError(400, "offset must be a non-negative integer but was '1.5'", get("/recommend/f1?offset=1.5"));
        assertError(400, "howMany + offset must be at most 50 but was 51", get("/recommend/f1?howMany=50&offset=1"));
        assertError(400, "considerKnownItems must be true or false but was 'yes'", get("/recommend/f1?considerKnownItems=yes"));
        assertEquals(200, get("/recommend/f1?howMany=49&offset=1").status());
    }

    @Test
    void recommend_unknownUser_is404NamingIt() {
        assertError(404, "unknown user 'nobody'", get("/recommend/nobody"));
        assertError(404, "no such endpoint; expected GET /recommend/{user}", get("/recommend"));
        assertError(404, "no such endpoint; expected GET /recommend/{user}", get("/recommend/f1/s0"));
    }

    @Test
    void anyEndpoint_otherMethod_is405WithAllow() {
        for (String method : List.of("POST", "PUT", "DELETE")) {
            Reply reply = call(server, method, "/recommend/f1");

            assertError(405, method + " is not allowed on /recommend; use GET", reply);
            assertEquals("GET", reply.raw().headers().firstValue("Allow").orElse(null));
        }
        assertEquals(405, call(server, "POST", "/ready").status());
    }

    @Test
    void unknownPath_is404WhateverTheMethod() {
        assertError(404, "no such endpoint: /nope/x", get("/nope/x"));
        assertError(404, "no such endpoint: /", get("/"));
        assertError(404, "no such endpoint: /recommendations/f1", get("/recommendations/f1"));
        assertError(404, "no such endpoint: /nope", call(server, "POST", "/nope"));
    }

    @Test
    void encodedIds_withSpacesAndUnicode_areDecoded() {
        Reply known = get("/knownItems/" + encode(SPACED_USER));
        Reply recommended = get("/recommend/" + encode(SPACED_USER) + "?howMany=3");
        Reply estimate = get("/estimate/" + encode(SPACED_USER) + "/" + encode(UNICODE_ITEM));

        assertEquals(200, known.status(), known.raw().body());
        assertEquals(Set.of(UNICODE_ITEM, "s0"), Set.copyOf(known.list()));
        assertEquals(ids(recommender.recommend(SPACED_USER, 3)), ids(recommended));
        int user = model.users().indexOf(SPACED_USER);
        assertEquals(List.of(Double.valueOf(Float.toString(model.score(user, model.items().indexOf(UNICODE_ITEM))))),
                estimate.list());
        assertTrue(ids(get("/recommend/f1?howMany=50&considerKnownItems=true")).contains(UNICODE_ITEM));
        assertError(404, "unknown user 'a+b c'", get("/recommend/a+b%20c"));
        // The JDK server refuses a request-target that is no URI before any handler sees it.
        String malformed = rawGet("/recommend/%zz");
        assertTrue(malformed.startsWith("HTTP/1.1 400 ") && !malformed.contains("\tat "), malformed);
        assertError(400, "'%C3' is not percent-encoded UTF-8", get("/recommend/%C3"));
    }

    @Test
    void recommendToAnonymous_sciFiFan_getsTheOtherSciFiFilmsFirst() {
        Reply reply = get("/recommendToAnonymous/s0=5/s1=5/r0=1?howMany=4");

        assertEquals(200, reply.status(), reply.raw().body());
        assertEquals(Set.of("s2", "s3"), Set.copyOf(ids(reply).subList(0, 2)), reply.raw().body());
        FoldedUser user = serving.foldIn().foldIn(
                new int[] {model.items().indexOf("s0"), model.items().indexOf("s1"), model.items().indexOf("r0")},
                new float[] {5, 5, 1});
        List<ScoredItem> expected = recommender.recommend(user, 4);
        assertEquals(ids(expected), ids(reply));
        assertEquals(values(expected), values(reply));
    }

    @Test
    void recommendToAnonymous_valuesDefaultToOne_andPagingApplies() {
        Reply implicitOnes = get("/recommendToAnonymous/r0/r1=1?howMany=50");
        Reply explicitOnes = get("/recommendToAnonymous/r0=1/r1=1?howMany=50");
        Reply page = get("/recommendToAnonymous/r0/r1?howMany=2&offset=3");

        assertEquals(explicitOnes.list(), implicitOnes.list());
        assertEquals(ids(explicitOnes).subList(3, 5), ids(page));
        assertFalse(ids(explicitOnes).contains("r0") || ids(explicitOnes).contains("r1"));
        assertEquals(200, get("/recommendToAnonymous/" + encode(UNICODE_ITEM) + "=4").status());
    }

    @Test
    void recommendToAnonymous_errors() {
        assertError(404, "unknown items 'zardoz', 'tron'", get("/recommendToAnonymous/s0=5/zardoz=3/tron"));
        assertError(400, "the value of item 's1' must be a finite number but was 'five'", get("/recommendToAnonymous/s0/s1=five"));
        assertError(400, "the value of item 's1' must be a finite number but was 'NaN'", get("/recommendToAnonymous/s1=NaN"));
        assertError(400, "item 's0' is given more than once", get("/recommendToAnonymous/s0=5/s0=4"));
        assertError(404, "no such endpoint; expected GET /recommendToAnonymous/{item=value}/", get("/recommendToAnonymous"));
        assertError(400, "howMany + offset must be at most 50", get("/recommendToAnonymous/s0?howMany=51"));
    }

    @Test
    void similarity_oneItem_isTheRecommendersSimilarList() {
        Reply reply = get("/similarity/s0?howMany=5");

        List<ScoredItem> expected = recommender.similar("s0", 5);
        assertEquals(ids(expected), ids(reply));
        assertEquals(values(expected), values(reply));
    }

    @Test
    void similarity_severalItems_excludesThemAndRanksByMeanCosine() {
        Reply reply = get("/similarity/s0/s1?howMany=50");

        assertEquals(model.items().size() - 2, reply.list().size());
        assertFalse(ids(reply).contains("s0") || ids(reply).contains("s1"));
        assertEquals(Set.of("s2", "s3"), Set.copyOf(ids(reply).subList(0, 2)), reply.raw().body());
        int s0 = model.items().indexOf("s0");
        int s1 = model.items().indexOf("s1");
        int first = model.items().indexOf((String) ids(reply).getFirst());
        float mean = (model.itemCosine(s0, first) + model.itemCosine(s1, first)) / 2;
        assertEquals(Double.valueOf(Float.toString(mean)), values(reply).getFirst());
        assertEquals(ids(get("/similarity/s0/s1?howMany=3")), ids(get("/similarity/s1/s0/s1?howMany=3")));
        assertEquals(ids(reply).subList(2, 4), ids(get("/similarity/s0/s1?howMany=2&offset=2")));
    }

    @Test
    void similarity_errors() {
        assertError(404, "unknown items 'x', 'y'", get("/similarity/s0/x/y"));
        assertError(404, "no such endpoint; expected GET /similarity/{item}/", get("/similarity"));
        assertError(400, "howMany must be positive", get("/similarity/s0?howMany=0"));
    }

    @Test
    void similarityToItem_givesOneCosinePerItemInOrder() {
        Reply reply = get("/similarityToItem/s0/s1/r0/s0");

        int s0 = model.items().indexOf("s0");
        List<Object> expected = new ArrayList<>();
        for (String id : List.of("s1", "r0", "s0")) {
            expected.add(Double.valueOf(Float.toString(model.itemCosine(s0, model.items().indexOf(id)))));
        }
        assertEquals(expected, reply.list());
        assertTrue((Double) reply.list().get(0) > (Double) reply.list().get(1), reply.raw().body());
        assertError(404, "unknown item 'nope'", get("/similarityToItem/s0/nope"));
        assertError(404, "no such endpoint; expected GET /similarityToItem/{to}/{item}/", get("/similarityToItem/s0"));
    }

    @Test
    void estimate_givesScoresAndNullForUnknownItems() {
        Reply reply = get("/estimate/g2/r0/nosuch/s3");

        int user = model.users().indexOf("g2");
        assertEquals(3, reply.list().size());
        assertEquals(Double.valueOf(Float.toString(model.score(user, model.items().indexOf("r0")))), reply.list().get(0));
        assertNull(reply.list().get(1));
        assertEquals(Double.valueOf(Float.toString(model.score(user, model.items().indexOf("s3")))), reply.list().get(2));
        assertTrue((Double) reply.list().get(0) > (Double) reply.list().get(2), reply.raw().body());
        assertError(404, "unknown user 'nobody'", get("/estimate/nobody/r0"));
        assertError(404, "no such endpoint; expected GET /estimate/{user}/{item}/", get("/estimate/g2"));
    }

    @Test
    void because_ranksTheUsersOwnItemsByCosineWithTheItem() {
        Reply reply = get("/because/f1/s1?howMany=50");

        int f1 = model.users().indexOf("f1");
        int s1 = model.items().indexOf("s1");
        List<ScoredItem> expected = new ArrayList<>();
        for (int p = model.seenStarts().get(f1); p < model.seenStarts().get(f1 + 1); p++) {
            int known = model.seenItems().get(p);
            expected.add(new ScoredItem(model.items().idAt(known), known, model.itemCosine(s1, known)));
        }
        expected.sort((a, b) -> a.score() != b.score() ? Float.compare(b.score(), a.score()) : Integer.compare(a.index(), b.index()));
        assertEquals(200, reply.status(), reply.raw().body());
        assertEquals(ids(expected), ids(reply));
        assertEquals(values(expected), values(reply));
        assertEquals(model.seenCount(f1), reply.list().size());
        // f1 rated s0, s2, s3 high and r1, r2 low: the sci-fi films explain s1.
        assertEquals(Set.of("s0", "s2", "s3"), Set.copyOf(ids(reply).subList(0, 3)), reply.raw().body());
        assertEquals(ids(reply).subList(1, 3), ids(get("/because/f1/s1?howMany=2&offset=1")));
        assertEquals(ids(reply).subList(0, 2), ids(get("/because/f1/s1?howMany=2")));
    }

    @Test
    void because_errors() {
        assertError(404, "unknown user 'nobody'", get("/because/nobody/s1"));
        assertError(404, "unknown item 'nothing'", get("/because/f1/nothing"));
        assertError(404, "no such endpoint; expected GET /because/{user}/{item}", get("/because/f1"));
        assertError(400, "howMany must be positive", get("/because/f1/s1?howMany=0"));
    }

    @Test
    void recommendToMany_sumsTheUsersScoresWithoutAnyonesKnownItems() {
        Reply reply = get("/recommendToMany/f1/g2?howMany=50");

        int f1 = model.users().indexOf("f1");
        int g2 = model.users().indexOf("g2");
        List<String> expectedIds = new ArrayList<>();
        List<Float> sums = new ArrayList<>();
        for (int item = 0; item < model.items().size(); item++) {
            if (!model.hasSeen(f1, item) && !model.hasSeen(g2, item)) {
                expectedIds.add(model.items().idAt(item));
                sums.add(model.score(f1, item) + model.score(g2, item));
            }
        }
        assertEquals(200, reply.status(), reply.raw().body());
        assertEquals(Set.copyOf(expectedIds), Set.copyOf(ids(reply)));
        for (int k = 0; k < reply.list().size(); k++) {
            float sum = sums.get(expectedIds.indexOf((String) ids(reply).get(k)));
            assertEquals(sum, (Double) values(reply).get(k), 1e-4, reply.raw().body());
            if (k > 0) {
                assertTrue((Double) values(reply).get(k - 1) >= (Double) values(reply).get(k), reply.raw().body());
            }
        }
    }

    @Test
    void recommendToMany_oneUser_isRecommend_andPostIsGet() {
        assertEquals(get("/recommend/g0?howMany=50").list(), get("/recommendToMany/g0?howMany=50").list());
        assertEquals(get("/recommend/g0?howMany=50&considerKnownItems=true").list(),
                get("/recommendToMany/g0/g0?howMany=50&considerKnownItems=true").list());
        Reply post = call(server, "POST", "/recommendToMany/f1/g2?howMany=3");
        assertEquals(200, post.status(), post.raw().body());
        assertEquals(get("/recommendToMany/f1/g2?howMany=3").list(), post.list());
        assertEquals(model.items().size(), get("/recommendToMany/f1/g2?howMany=50&considerKnownItems=true").list().size());
        assertEquals(ids(get("/recommendToMany/f1/g2?howMany=50&considerKnownItems=true")).subList(1, 3),
                ids(get("/recommendToMany/f1/g2?howMany=2&offset=1&considerKnownItems=true")));
    }

    @Test
    void recommendToMany_errors() {
        assertError(404, "unknown users 'x', 'y'", get("/recommendToMany/f1/x/y"));
        assertError(404, "no such endpoint; expected GET /recommendToMany/{user}/", get("/recommendToMany"));
        assertError(400, "considerKnownItems must be true or false", get("/recommendToMany/f1?considerKnownItems=1"));
        Reply put = call(server, "PUT", "/recommendToMany/f1");
        assertError(405, "PUT is not allowed on /recommendToMany; use GET or POST", put);
        assertEquals("GET, POST", put.raw().headers().firstValue("Allow").orElse(null));
    }

    @Test
    void knownItems_listsTheTrainingItems() {
        int f0 = model.users().indexOf("f0");
        List<Object> expected = new ArrayList<>();
        for (int p = model.seenStarts().get(f0); p < model.seenStarts().get(f0 + 1); p++) {
            expected.add(model.items().idAt(model.seenItems().get(p)));
        }
        assertEquals(expected, get("/knownItems/f0").list());
        assertEquals(Set.of("s1", "s2", "s3", "r0", "r1", UNICODE_ITEM), Set.copyOf(expected));
        assertError(404, "unknown user 'nobody'", get("/knownItems/nobody"));
    }

    @Test
    void mostPopularItems_countsRatingsMostFirst() {
        Reply reply = get("/mostPopularItems?howMany=50");

        RatingMatrix data = ratings();
        List<Map<String, Object>> expected = new ArrayList<>();
        for (int degree = data.userCount(); degree > 0; degree--) {
            for (int item = 0; item < data.itemCount(); item++) {
                if (data.itemDegree(item) == degree) {
                    expected.add(Map.of("id", data.items().idAt(item), "count", (double) degree));
                }
            }
        }
        assertEquals(expected, reply.list());
        assertEquals(Map.of("id", UNICODE_ITEM, "count", 2.0), reply.list().getLast());
        assertEquals(reply.list().subList(2, 5), get("/mostPopularItems?howMany=3&offset=2").list());
        assertEquals(reply.list().subList(0, 3), get("/mostPopularItems?howMany=3").list());
        assertEquals(List.of(), get("/mostPopularItems?offset=9").list());
        assertError(400, "offset must be a non-negative integer", get("/mostPopularItems?offset=x"));
    }

    @Test
    void allIds_listUsersAndItemsInIndexOrder() {
        assertEquals(new ArrayList<Object>(model.users().ids()), get("/user/allIDs").list());
        assertEquals(new ArrayList<Object>(model.items().ids()), get("/item/allIDs").list());
        assertTrue(get("/user/allIDs").list().contains(SPACED_USER));
        assertError(404, "no such endpoint; expected GET /item/allIDs", get("/item/allIDs/x"));
        assertError(404, "no such endpoint: /item", get("/item"));
    }

    @Test
    void readyAndModel_describeTheServedModel() {
        assertEquals(200, get("/ready").status());
        assertEquals(Map.of("ready", true), get("/ready").json());
        Reply reply = get("/model");

        assertEquals(200, reply.status());
        assertEquals(List.of("version", "algorithm", "rank", "users", "items", "checksum", "loaded_at", "parameters",
                        "last_reload_error", "last_retrain_error", "preferences"),
                List.copyOf(reply.object().keySet()));
        assertEquals(Map.of("users", 0.0, "entries", 0.0), reply.object().get("preferences"));
        assertEquals(1.0, reply.object().get("version"));
        assertEquals("biased-mf", reply.object().get("algorithm"));
        assertEquals(4.0, reply.object().get("rank"));
        assertEquals((double) model.users().size(), reply.object().get("users"));
        assertEquals((double) model.items().size(), reply.object().get("items"));
        assertEquals("sha256:test", reply.object().get("checksum"));
        assertEquals("2025-01-02T03:04:05Z", reply.object().get("loaded_at"));
        assertEquals(model.parameters(), reply.object().get("parameters"));
        assertTrue(reply.object().containsKey("last_reload_error"));
        assertNull(reply.object().get("last_reload_error"));
    }

    @Test
    void noModelYet_is503UntilOneIsServed() throws IOException {
        try (LatentServer empty = LatentServer.start(new ServerConfig(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10))) {
            Reply ready = call(empty, "GET", "/ready");
            assertEquals(503, ready.status());
            assertEquals(Map.of("ready", false), ready.json());
            for (String path : List.of("/recommend/f1", "/recommendToAnonymous/s0", "/similarity/s0", "/similarityToItem/s0/s1",
                    "/estimate/f1/s0", "/because/f1/s0", "/recommendToMany/f1/g1", "/knownItems/f1", "/mostPopularItems", "/user/allIDs", "/item/allIDs", "/model")) {
                assertError(503, "no model is loaded yet", call(empty, "GET", path));
            }
            assertError(404, "no such endpoint: /nope", call(empty, "GET", "/nope"));

            empty.serve(serving);

            assertEquals(200, call(empty, "GET", "/ready").status());
            assertEquals(ids(get("/recommend/f1")), ids(call(empty, "GET", "/recommend/f1")));
            assertError(400, "howMany + offset must be at most 10 but was 11", call(empty, "GET", "/recommend/f1?howMany=11"));
        }
    }
    @Test
    void withItems_listsCarryTitlesAndBecauseExplains() throws IOException {
        Path file = Files.createTempFile("latent-items", ".csv");
        try {
            StringBuilder csv = new StringBuilder("itemId,title,genres\n");
            for (int j = 0; j < 4; j++) {
                csv.append("s").append(j).append(",Space ").append(j).append(",Sci-Fi\n");
                csv.append("r").append(j).append(",Love ").append(j).append(",Romance|Drama\n");
            }
            Files.writeString(file, csv);
            ItemMetadata items = ItemMetadata.read(file);
            try (LatentServer titled = LatentServer.start(new ServerConfig(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), MAX_RESULTS).withItems(items))) {
                titled.serve(serving);

                Reply recommend = call(titled, "GET", "/recommend/f1?howMany=3");
                for (Object entry : recommend.list()) {
                    Map<?, ?> item = (Map<?, ?>) entry;
                    String id = (String) item.get("id");
                    if (id.matches("[sr]\\d")) {
                        assertEquals((id.startsWith("s") ? "Space " : "Love ") + id.substring(1), item.get("title"));
                    } else {
                        assertFalse(item.containsKey("title"), item.toString());
                    }
                }
                Reply because = call(titled, "GET", "/because/f1/s1");
                assertEquals(ids(get("/because/f1/s1")), ids(because));
                for (Object entry : because.list()) {
                    assertTrue(((String) ((Map<?, ?>) entry).get("title")).matches("(Space|Love) \\d"), entry.toString());
                }

                Reply explained = call(titled, "GET", "/because/f1/r0?explain=true&factors=2&howMany=3");
                assertEquals(200, explained.status());
                Map<String, Object> e = explained.object();
                assertEquals(List.of("user", "item", "title", "score", "global_mean", "user_bias", "item_bias", "factors",
                        "other_factors", "because"), List.copyOf(e.keySet()));
                double sum = (double) e.get("global_mean") + (double) e.get("user_bias") + (double) e.get("item_bias")
                        + (double) e.get("other_factors");
                List<?> factors = (List<?>) e.get("factors");
                assertEquals(2, factors.size());
                for (Object factor : factors) {
                    sum += (double) ((Map<?, ?>) factor).get("contribution");
                    assertTrue(((Map<?, ?>) factor).containsKey("label"), factor.toString());
                }
                float score = model.score(model.users().indexOf("f1"), model.items().indexOf("r0"));
                assertEquals(score, (double) e.get("score"), 1e-6);
                assertEquals(score, sum, 1e-4);
                assertEquals(3, ((List<?>) e.get("because")).size());
                assertEquals("Love 0", e.get("title"));
                assertError(400, "explain must be true or false but was 'yes'", call(titled, "GET", "/because/f1/r0?explain=yes"));
                assertError(400, "factors must be a non-negative integer but was -1",
                        call(titled, "GET", "/because/f1/r0?explain=true&factors=-1"));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
