package dev.latent.server;

import dev.latent.model.FactorModel;
import dev.latent.recommend.Recommender;
import dev.latent.recommend.TopN;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET|POST /recommendToMany/{user}/{user}/…?howMany=10&offset=0&considerKnownItems=false}:
 * the best items for a group of users together (POST is the same request, for clients that cannot
 * send a GET; its body is ignored).
 *
 * <p>200 {@code [{"id": "<item>", "value": <score>}, …]}, best first: the ranks
 * {@code offset .. offset+howMany-1} by the sum of the users' unclipped scores (ties by item index),
 * among the items with at least one training rating, leaving out every item any of the users rated
 * in training unless {@code considerKnownItems=true}. A repeated user counts once. The sum is
 * computed as one score of the summed user vectors and biases,
 * {@code n(μ + b_i) + Σb_u + (Σp_u)·q_i}, so a group costs one pass over the items whatever its size
 * (it may differ from adding the single scores in the last float bit).
 *
 * <p>Errors: 400 for a bad paging parameter or considerKnownItems (see {@link RecommendEndpoint});
 * 404 when no user is given or for unknown users (all named); 503 when no model is loaded.
 */
final class RecommendToManyEndpoint extends Endpoint {
    static final String PATH = "/recommendToMany";

    RecommendToManyEndpoint(AtomicReference<ServingModel> served, int maxResults) {
        super(PATH, served, maxResults);
    }

    @Override
    List<String> methods() {
        return List.of("GET", "POST");
    }

    @Override
    Object post(Request request) {
        return get(request);
    }

    @Override
    Object get(Request request) {
        requireAtLeast(request, 1, PATH + "/{user}/…");
        Request.Paging paging = request.paging();
        boolean considerKnown = request.flag("considerKnownItems", false);
        ServingModel serving = request.model();
        FactorModel model = serving.model();
        int[] users = Arrays.stream(indicesOf(model.users(), request.segments())).sorted().distinct().toArray();
        int rank = model.rank();
        float[] vector = new float[rank];
        float bias = 0f;
        FloatBuffer factors = model.userFactors();
        for (int user : users) {
            for (int f = 0; f < rank; f++) {
                vector[f] += factors.get(user * rank + f);
            }
            bias += model.userBias(user);
        }
        int extra = users.length - 1;
        Recommender recommender = serving.recommender();
        int items = model.items().size();
        TopN top = new TopN(Math.max(1, Math.min(paging.end(), items)));
        for (int item = 0; item < items; item++) {
            if (!recommender.itemHasRatings(item) || !considerKnown && anySeen(model, users, item)) {
                continue;
            }
            float base = extra == 0 ? 0f : extra * (model.globalMean() + model.itemBias(item));
            top.offer(item, model.score(vector, bias, item) + base);
        }
        return idValues(paging.of(RecommendEndpoint.drain(model, top)));
    }

    private static boolean anySeen(FactorModel model, int[] users, int item) {
        for (int user : users) {
            if (model.hasSeen(user, item)) {
                return true;
            }
        }
        return false;
    }
}
