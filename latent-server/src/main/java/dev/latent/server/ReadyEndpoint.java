package dev.latent.server;

import java.util.Map;

/**
 * {@code GET /ready}: whether the server can answer, for load balancers and orchestrators.
 *
 * <p>200 {@code {"ready": true}} once a model is loaded; 503 {@code {"ready": false}} before.
 */
final class ReadyEndpoint extends Endpoint {
    static final String PATH = "/ready";

    ReadyEndpoint(ServerState state, int maxResults) {
        super(PATH, state, maxResults);
    }

    @Override
    Object get(Request request) {
        requireSegments(request, 0, PATH);
        return Map.of("ready", request.modelOrNull() != null);
    }

    @Override
    int status(Object answer) {
        return Boolean.TRUE.equals(((Map<?, ?>) answer).get("ready")) ? 200 : 503;
    }
}
