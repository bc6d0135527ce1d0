package dev.latent.server;

import dev.latent.model.FactorModel;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /similarityToItem/{to}/{item}/{item}/…}: how similar each item is to one item.
 *
 * <p>200 {@code [<similarity>, …]}, one number per given item in the order given: the cosine of the
 * item's factor vector with {@code to}'s ({@link FactorModel#itemCosine}; 0 when either vector is
 * zero).
 *
 * <p>Errors: 404 when no item follows {@code to}, or for unknown items (all named); 503 when no
 * model is loaded.
 */
final class SimilarityToItemEndpoint extends Endpoint {
    static final String PATH = "/similarityToItem";

    SimilarityToItemEndpoint(ServerState state, int maxResults) {
        super(PATH, state, maxResults);
    }

    @Override
    Object get(Request request) {
        requireAtLeast(request, 2, PATH + "/{to}/{item}/…");
        FactorModel model = request.model().model();
        int[] items = indicesOf(model.items(), request.segments());
        List<Double> similarities = new ArrayList<>(items.length - 1);
        for (int k = 1; k < items.length; k++) {
            similarities.add(number(model.itemCosine(items[0], items[k])));
        }
        return similarities;
    }
}
