package dev.latent.server;

import dev.latent.data.IdIndex;
import dev.latent.model.FactorModel;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * {@code GET /user/allIDs} and {@code GET /item/allIDs}: every user or item id the model knows.
 *
 * <p>200 {@code ["<id>", …]} in the model's index order (first seen in the training data first).
 *
 * <p>Errors: 503 when no model is loaded.
 */
final class AllIdsEndpoint extends Endpoint {
    static final String USERS = "/user/allIDs";
    static final String ITEMS = "/item/allIDs";

    private final Function<FactorModel, IdIndex> ids;

    private AllIdsEndpoint(String path, Function<FactorModel, IdIndex> ids, AtomicReference<ServingModel> served,
                           int maxResults) {
        super(path, served, maxResults);
        this.ids = ids;
    }

    static AllIdsEndpoint users(AtomicReference<ServingModel> served, int maxResults) {
        return new AllIdsEndpoint(USERS, FactorModel::users, served, maxResults);
    }

    static AllIdsEndpoint items(AtomicReference<ServingModel> served, int maxResults) {
        return new AllIdsEndpoint(ITEMS, FactorModel::items, served, maxResults);
    }

    @Override
    Object get(Request request) {
        requireSegments(request, 0, path());
        return ids.apply(request.model().model()).ids();
    }
}
