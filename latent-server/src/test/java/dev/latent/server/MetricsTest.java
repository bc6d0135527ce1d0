package dev.latent.server;

import dev.latent.model.FactorModel;
import dev.latent.train.sgd.BiasedMfConfig;
import dev.latent.train.sgd.BiasedMfTrainer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /metrics} counts what was asked, in the Prometheus text format. */
class MetricsTest {

    /** Each sample line of a Prometheus text as name{labels} → value; comment lines checked for shape. */
    static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                assertTrue(line.matches("# (HELP|TYPE) latent_\\w+ .+"), line);
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    static int get(HttpClient client, LatentServer server, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(server.uri() + path.substring(1)))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void metrics_afterRequests_countsThemByFamilyStatusAndBucket() throws Exception {
        FactorModel model = new BiasedMfTrainer(BiasedMfConfig.defaults().withFactors(2).withEpochs(5).withThreads(1))
                .train(LatentServerTest.ratings());
        try (LatentServer server = LatentServer.start(new ServerConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10));
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            assertEquals(503, get(client, server, "/recommend/f1"));
            server.serve(new ServingModel(model, 7, "sha256:m", Instant.now().minusSeconds(30)));
            for (int k = 0; k < 3; k++) {
                assertEquals(200, get(client, server, "/recommend/f1"));
            }
            assertEquals(404, get(client, server, "/recommend/nobody"));
            assertEquals(405, client.send(HttpRequest.newBuilder(URI.create(server.uri() + "recommend/f1"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(404, get(client, server, "/nope"));
            assertEquals(200, get(client, server, "/because/f1/s1"));

            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(server.uri() + "metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(200, response.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().firstValue("Content-Type").orElse(null));
            Map<String, Double> samples = samples(response.body());
            assertEquals(3.0, samples.get("latent_requests_total{endpoint=\"recommend\",status=\"2xx\"}"));
            assertEquals(2.0, samples.get("latent_requests_total{endpoint=\"recommend\",status=\"4xx\"}"));
            assertEquals(1.0, samples.get("latent_requests_total{endpoint=\"recommend\",status=\"5xx\"}"));
            assertEquals(0.0, samples.get("latent_requests_total{endpoint=\"recommend\",status=\"3xx\"}"));
            assertEquals(1.0, samples.get("latent_requests_total{endpoint=\"unknown\",status=\"4xx\"}"));
            assertEquals(1.0, samples.get("latent_requests_total{endpoint=\"because\",status=\"2xx\"}"));
            assertEquals(0.0, samples.get("latent_requests_total{endpoint=\"similarity\",status=\"2xx\"}"));
            assertEquals(6.0, samples.get("latent_request_seconds_count{endpoint=\"recommend\"}"));
            assertEquals(6.0, samples.get("latent_request_seconds_bucket{endpoint=\"recommend\",le=\"+Inf\"}"));
            double previous = 0;
            for (String le : List.of("0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0",
                    "2.5", "5.0", "10.0", "+Inf")) {
                double count = samples.get("latent_request_seconds_bucket{endpoint=\"recommend\",le=\"" + le + "\"}");
                assertTrue(count >= previous, le + ": " + count + " < " + previous);
                previous = count;
            }
            double sum = samples.get("latent_request_seconds_sum{endpoint=\"recommend\"}");
            assertTrue(sum > 0 && sum < 60, response.body());
            assertEquals(7.0, samples.get("latent_model_version"));
            double age = samples.get("latent_model_age_seconds");
            assertTrue(age >= 30 && age < 120, response.body());
            // /metrics counts itself only once it has answered.
            assertEquals(0.0, samples.get("latent_requests_total{endpoint=\"metrics\",status=\"2xx\"}"));
            assertEquals(1.0, samples(client.send(HttpRequest.newBuilder(URI.create(server.uri() + "metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("latent_requests_total{endpoint=\"metrics\",status=\"2xx\"}"));
        }
    }

    @Test
    void metrics_noModel_hasNoModelGauges() throws Exception {
        try (LatentServer server = LatentServer.start(new ServerConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10));
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            String text = client.send(HttpRequest.newBuilder(URI.create(server.uri() + "metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();

            assertFalse(text.contains("latent_model_version"), text);
            assertEquals(0.0, samples(text).get("latent_requests_total{endpoint=\"recommend\",status=\"2xx\"}"));
        }
    }
}
