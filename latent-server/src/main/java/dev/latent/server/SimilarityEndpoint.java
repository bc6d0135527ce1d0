package dev.latent.server;

import dev.latent.model.FactorModel;
import dev.latent.recommend.Recommender;
import dev.latent.recommend.TopN;

import java.util.Arrays;

/**
 * {@code GET /similarity/{item}/{item}/…?howMany=10&offset=0}: the items most similar to all the
 * given ones.
 *
 * <p>200 {@code [{"id": "<item>", "value": <similarity>}, …]}, best first: the ranks
 * {@code offset .. offset+howMany-1} by the mean cosine of an item's factor vector with the given
 * items' ({@link FactorModel#itemCosine}; ties by item index), among the items with at least one
 * training rating, the given ones left out. For one item this is {@link Recommender#similar}'s list.
 * A repeated item counts once.
 *
 * <p>Errors: 400 for a bad paging parameter (see {@link RecommendEndpoint}); 404 when no item is
 * given or for unknown items (all named); 503 when no model is loaded.
 */
final class SimilarityEndpoint extends Endpoint {
    static final String PATH = "/similarity";

    SimilarityEndpoint(ServerState state, int maxResults) {
        super(PATH, state, maxResults);
    }

    @Override
    Object get(Request request) {
        requireAtLeast(request, 1, PATH + "/{item}/…");
        Request.Paging paging = request.paging();
        ServingModel serving = request.model();
        FactorModel model = serving.model();
        int[] given = Arrays.stream(indicesOf(model.items(), request.segments())).sorted().distinct().toArray();
        Recommender recommender = serving.recommender();
        int items = model.items().size();
        TopN top = new TopN(Math.max(1, Math.min(paging.end(), items)));
        for (int item = 0; item < items; item++) {
            if (!recommender.itemHasRatings(item) || Arrays.binarySearch(given, item) >= 0) {
                continue;
            }
            float sum = 0f;
            for (int g : given) {
                sum += model.itemCosine(g, item);
            }
            top.offer(item, sum / given.length);
        }
        // An item nobody rated has no direction: nothing is similar to it (as Recommender.similar says).
        boolean anyRated = Arrays.stream(given).anyMatch(recommender::itemHasRatings);
        return anyRated ? idValues(paging.of(top.drain(model.items())), request.state().items()) : java.util.List.of();
    }
}
