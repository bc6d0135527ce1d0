package dev.latent.server;

import dev.latent.data.IdIndex;
import dev.latent.model.FactorModel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code GET /user/allIDs} and {@code GET /item/allIDs}: every user or item id the server knows.
 *
 * <p>200 {@code ["<id>", …]} in the model's index order (first seen in the training data first);
 * for users, followed by the users the model does not know who have written preferences, in id
 * order. Items written but not in the model are not listed: they cannot be recommended until a
 * retrain takes them in.
 *
 * <p>Errors: 503 when no model is loaded.
 */
final class AllIdsEndpoint extends Endpoint {
    static final String USERS = "/user/allIDs";
    static final String ITEMS = "/item/allIDs";

    private final Function<FactorModel, IdIndex> ids;

    private AllIdsEndpoint(String path, Function<FactorModel, IdIndex> ids, ServerState state,
                           int maxResults) {
        super(path, state, maxResults);
        this.ids = ids;
    }

    static AllIdsEndpoint users(ServerState state, int maxResults) {
        return new AllIdsEndpoint(USERS, FactorModel::users, state, maxResults);
    }

    static AllIdsEndpoint items(ServerState state, int maxResults) {
        return new AllIdsEndpoint(ITEMS, FactorModel::items, state, maxResults);
    }

    @Override
    Object get(Request request) {
        requireSegments(request, 0, path());
        IdIndex index = ids.apply(request.model().model());
        if (!path().equals(USERS)) {
            return index.ids();
        }
        List<String> all = new ArrayList<>(index.ids());
        request.state().preferences().users().stream()
                .filter(user -> index.tryIndexOf(user) < 0)
                .sorted()
                .forEach(all::add);
        return all;
    }
}
