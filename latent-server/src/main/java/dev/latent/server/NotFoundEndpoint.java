package dev.latent.server;


/** Every path no other endpoint serves: 404 {@code {"error": "no such endpoint: <path>"}} whatever the method. */
final class NotFoundEndpoint extends Endpoint {
    NotFoundEndpoint(ServerState state, int maxResults) {
        super("/", state, maxResults);
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
