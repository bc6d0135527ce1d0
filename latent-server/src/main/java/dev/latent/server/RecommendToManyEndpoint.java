package dev.latent.server;

import dev.latent.model.FactorModel;
import dev.latent.recommend.Recommender;
import dev.latent.recommend.TopN;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * {@code GET|POST /recommendToMany/{user}/{user}/…?howMany=10&offset=0&considerKnownItems=false}:
 * the best items for a group of users together (POST is the same request, for clients that cannot
 * send a GET; its body is ignored).
 *
 * <p>200 {@code [{"id": "<item>", "value": <score>}, …]}, best first: the ranks
 * {@code offset .. offset+howMany-1} by the sum of the users' unclipped scores (ties by item index),
 * among the items with at least one training rating, leaving out every item any of the users knows
 * (see {@link RecommendEndpoint}) unless {@code considerKnownItems=true}. A repeated user counts
 * once; a user the model does not know but who has written preferences is folded in from them. The sum is
 * computed as one score of the summed user vectors and biases,
 * {@code n(μ + b_i) + Σb_u + (Σp_u)·q_i}, so a group costs one pass over the items whatever its size
 * (it may differ from adding the single scores in the last float bit).
 *
 * <p>Errors: 400 for a bad paging parameter or considerKnownItems (see {@link RecommendEndpoint});
 * 404 when no user is given or for unknown users (all named); 503 when no model is loaded.
 */
final class RecommendToManyEndpoint extends Endpoint {
    static final String PATH = "/recommendToMany";

    RecommendToManyEndpoint(ServerState state, int maxResults) {
        super(PATH, state, maxResults);
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
        List<ServedUser> users = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String id : new LinkedHashSet<>(request.segments())) {
            try {
                users.add(request.user(id));
            } catch (HttpError notFound) {
                if (notFound.status() != 404) {
                    throw notFound;
                }
                unknown.add(id);
            }
        }
        if (!unknown.isEmpty()) {
            throw HttpError.notFound("unknown user" + (unknown.size() == 1 ? " '" : "s '") + String.join("', '", unknown) + "'");
        }
        int rank = model.rank();
        float[] vector = new float[rank];
        float bias = 0f;
        for (ServedUser user : users) {
            float[] own = user.vector();
            for (int f = 0; f < rank; f++) {
                vector[f] += own[f];
            }
            bias += user.bias();
        }
        int extra = users.size() - 1;
        Recommender recommender = serving.recommender();
        int items = model.items().size();
        TopN top = new TopN(Math.max(1, Math.min(paging.end(), items)));
        for (int item = 0; item < items; item++) {
            if (!recommender.itemHasRatings(item) || !considerKnown && anyKnows(users, item)) {
                continue;
            }
            float base = extra == 0 ? 0f : extra * (model.globalMean() + model.itemBias(item));
            top.offer(item, model.score(vector, bias, item) + base);
        }
        return idValues(paging.of(top.drain(model.items())), request.state().items());
    }

    private static boolean anyKnows(List<ServedUser> users, int item) {
        for (ServedUser user : users) {
            if (user.knows(item)) {
                return true;
            }
        }
        return false;
    }
}
