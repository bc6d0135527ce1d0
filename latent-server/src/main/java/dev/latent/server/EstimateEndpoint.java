package dev.latent.server;

import dev.latent.model.FactorModel;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /estimate/{user}/{item}/{item}/…}: the model's estimate of the user's preference for
 * each item.
 *
 * <p>200 {@code [<estimate or null>, …]}, one per given item in the order given: the unclipped
 * score {@code μ + b_u + b_i + p_u·q_i}, the same number {@link RecommendEndpoint} ranks by and
 * returns as "value"; null for an item the model does not know. A user the model does not know
 * but who has written preferences is folded in from them.
 *
 * <p>Errors: 404 when no item follows the user, or for an unknown user (named); 503 when no model
 * is loaded.
 */
final class EstimateEndpoint extends Endpoint {
    static final String PATH = "/estimate";

    EstimateEndpoint(ServerState state, int maxResults) {
        super(PATH, state, maxResults);
    }

    @Override
    Object get(Request request) {
        requireAtLeast(request, 2, PATH + "/{user}/{item}/…");
        FactorModel model = request.model().model();
        List<String> ids = request.segments();
        ServedUser user = request.user(ids.getFirst());
        List<Double> estimates = new ArrayList<>(ids.size() - 1);
        for (String id : ids.subList(1, ids.size())) {
            int item = model.items().tryIndexOf(id);
            estimates.add(item < 0 ? null : number(user.score(item)));
        }
        return estimates;
    }
}
