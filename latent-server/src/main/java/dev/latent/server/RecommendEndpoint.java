package dev.latent.server;

import dev.latent.model.FactorModel;
import dev.latent.recommend.Recommender;
import dev.latent.recommend.ScoredItem;
import dev.latent.recommend.TopN;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /recommend/{user}?howMany=10&offset=0&considerKnownItems=false}: the user's best items.
 *
 * <p>200 {@code [{"id": "<item>", "value": <score>}, …]}, best first: the ranks
 * {@code offset .. offset+howMany-1} by the model's unclipped score {@code μ + b_u + b_i + p_u·q_i}
 * (ties by item index), among the items with at least one training rating, leaving out the ones the
 * user rated in training unless {@code considerKnownItems=true}. Shorter, or empty, when the
 * catalogue runs out.
 *
 * <p>Errors: 400 when howMany is not a positive integer, offset not a non-negative one,
 * howMany + offset above the server's cap, or considerKnownItems not true/false; 404 for an unknown
 * user (named); 503 when no model is loaded.
 */
final class RecommendEndpoint extends Endpoint {
    static final String PATH = "/recommend";

    RecommendEndpoint(AtomicReference<ServingModel> served, int maxResults) {
        super(PATH, served, maxResults);
    }

    @Override
    Object get(Request request) {
        requireSegments(request, 1, PATH + "/{user}");
        Request.Paging paging = request.paging();
        boolean considerKnown = request.flag("considerKnownItems", false);
        ServingModel serving = request.model();
        int user = indexOf(serving.model().users(), request.segments().getFirst());
        List<ScoredItem> ranked = considerKnown
                ? rankAll(serving.recommender(), user, paging.end())
                : serving.recommender().recommend(user, paging.end());
        return idValues(paging.of(ranked));
    }

    /** The {@code n} best-scored rated items for {@code user}, the ones they rated included. */
    private static List<ScoredItem> rankAll(Recommender recommender, int user, int n) {
        FactorModel model = recommender.model();
        int items = model.items().size();
        TopN top = new TopN(Math.max(1, Math.min(n, items)));
        for (int item = 0; item < items; item++) {
            if (recommender.itemHasRatings(item)) {
                top.offer(item, model.score(user, item));
            }
        }
        return drain(model, top);
    }

    /** The heap's pairs as scored items, best first. */
    static List<ScoredItem> drain(FactorModel model, TopN top) {
        int[] indices = new int[top.size()];
        float[] scores = new float[top.size()];
        int count = top.drainTo(indices, scores);
        List<ScoredItem> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            out.add(new ScoredItem(model.items().idAt(indices[k]), indices[k], scores[k]));
        }
        return out;
    }
}
