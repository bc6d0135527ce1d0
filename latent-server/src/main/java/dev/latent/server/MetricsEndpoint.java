package dev.latent.server;

import java.time.Instant;

/**
 * {@code GET /metrics}: the server's {@link Metrics} in the Prometheus text format 0.0.4
 * ({@code Content-Type: text/plain; version=0.0.4}), for a Prometheus scraper.
 *
 * <p>200 with {@code latent_requests_total{endpoint="<family>",status="2xx"}} per endpoint family
 * and status class, the histogram {@code latent_request_seconds_bucket{endpoint,le}} (bounds
 * 0.001 … 10 s, cumulative) with {@code _sum} and {@code _count}, and, once a model is served,
 * {@code latent_model_age_seconds} and {@code latent_model_version}. Answers without a model too.
 */
final class MetricsEndpoint extends Endpoint {
    static final String PATH = "/metrics";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Metrics metrics;

    MetricsEndpoint(ServerState state, int maxResults, Metrics metrics) {
        super(PATH, state, maxResults);
        this.metrics = metrics;
    }

    @Override
    Object get(Request request) {
        requireSegments(request, 0, PATH);
        return new Text(CONTENT_TYPE, metrics.text(request.modelOrNull(), Instant.now()));
    }
}
