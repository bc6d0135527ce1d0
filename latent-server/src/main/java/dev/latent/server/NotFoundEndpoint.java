package dev.latent.server;

import java.util.concurrent.atomic.AtomicReference;

/** Every path no other endpoint serves: 404 {@code {"error": "no such endpoint: <path>"}} whatever the method. */
final class NotFoundEndpoint extends Endpoint {
    NotFoundEndpoint(AtomicReference<ServingModel> served, int maxResults) {
        super("/", served, maxResults);
    }

    @Override
    boolean servesPath() {
        return false;
    }

    @Override
    String family() {
        return "unknown";
    }

    @Override
    Object get(Request request) {
        throw HttpError.notFound("no such endpoint: /" + String.join("/", request.rawSegments()));
    }
}
