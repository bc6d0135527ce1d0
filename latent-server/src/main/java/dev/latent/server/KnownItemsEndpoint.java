package dev.latent.server;

import dev.latent.model.FactorModel;

import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /knownItems/{user}}: the items the user rated in training.
 *
 * <p>200 {@code ["<item>", …]} in the model's item order.
 *
 * <p>Errors: 404 for an unknown user (named); 503 when no model is loaded.
 */
final class KnownItemsEndpoint extends Endpoint {
    static final String PATH = "/knownItems";

    KnownItemsEndpoint(AtomicReference<ServingModel> served, int maxResults) {
        super(PATH, served, maxResults);
    }

    @Override
    Object get(Request request) {
        requireSegments(request, 1, PATH + "/{user}");
        FactorModel model = request.model().model();
        int user = indexOf(model.users(), request.segments().getFirst());
        IntBuffer starts = model.seenStarts();
        IntBuffer seen = model.seenItems();
        List<String> ids = new ArrayList<>(model.seenCount(user));
        for (int p = starts.get(user); p < starts.get(user + 1); p++) {
            ids.add(model.items().idAt(seen.get(p)));
        }
        return ids;
    }
}
