package dev.latent.server;

import dev.latent.model.FactorModel;
import dev.latent.recommend.TopN;

import java.util.List;

/**
 * {@code GET /because/{user}/{item}?howMany=10&offset=0}: why {@code item} may be recommended to
 * {@code user}: the items the user knows (as {@link KnownItemsEndpoint} lists them) that are most
 * similar to it.
 *
 * <p>200 {@code [{"id": "<item>", "value": <similarity>}, …]}, best first: the ranks
 * {@code offset .. offset+howMany-1} of the user's known items by the cosine of their factor
 * vector with the item's ({@link FactorModel#itemCosine}; ties by item index). The item itself is
 * listed (with similarity 1) when the user rated it. Shorter when the user rated fewer items.
 *
 * <p>Errors: 400 for a bad paging parameter (see {@link RecommendEndpoint}); 404 for an unknown user
 * or item (named); 503 when no model is loaded.
 */
final class BecauseEndpoint extends Endpoint {
    static final String PATH = "/because";

    BecauseEndpoint(ServerState state, int maxResults) {
        super(PATH, state, maxResults);
    }

    @Override
    Object get(Request request) {
        requireSegments(request, 2, PATH + "/{user}/{item}");
        Request.Paging paging = request.paging();
        ServingModel serving = request.model();
        FactorModel model = serving.model();
        List<String> ids = request.segments();
        ServedUser user = request.user(ids.get(0));
        int item = indexOf(model.items(), ids.get(1));
        int[] known = user.knownItems();
        TopN top = new TopN(Math.max(1, Math.min(paging.end(), known.length)));
        for (int other : known) {
            top.offer(other, model.itemCosine(item, other));
        }
        return idValues(paging.of(RecommendEndpoint.drain(model, top)));
    }
}
