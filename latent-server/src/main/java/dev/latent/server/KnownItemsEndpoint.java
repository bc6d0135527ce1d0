package dev.latent.server;


/**
 * {@code GET /knownItems/{user}}: the items the user knows: what they rated in training, less what
 * they deleted since, plus what they wrote since ({@code POST /pref}, {@code POST /ingest}).
 *
 * <p>200 {@code ["<item>", …]}: the model's items in its item order, then written items the model
 * does not know, in the order first written.
 *
 * <p>Errors: 404 for a user neither the model nor the written preferences know (named); 503 when no model is loaded.
 */
final class KnownItemsEndpoint extends Endpoint {
    static final String PATH = "/knownItems";

    KnownItemsEndpoint(ServerState state, int maxResults) {
        super(PATH, state, maxResults);
    }

    @Override
    Object get(Request request) {
        requireSegments(request, 1, PATH + "/{user}");
        return request.user(request.segments().getFirst()).knownIds();
    }
}
