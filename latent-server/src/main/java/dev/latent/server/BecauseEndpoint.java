package dev.latent.server;

import dev.latent.model.FactorModel;
import dev.latent.recommend.TopN;

import java.nio.IntBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /because/{user}/{item}?howMany=10&offset=0}: why {@code item} may be recommended to
 * {@code user}: the items the user rated in training that are most similar to it.
 *
 * <p>200 {@code [{"id": "<item>", "value": <similarity>}, …]}, best first: the ranks
 * {@code offset .. offset+howMany-1} of the user's training items by the cosine of their factor
 * vector with the item's ({@link FactorModel#itemCosine}; ties by item index). The item itself is
 * listed (with similarity 1) when the user rated it. Shorter when the user rated fewer items.
 *
 * <p>Errors: 400 for a bad paging parameter (see {@link RecommendEndpoint}); 404 for an unknown user
 * or item (named); 503 when no model is loaded.
 */
final class BecauseEndpoint extends Endpoint {
    static final String PATH = "/because";

    BecauseEndpoint(AtomicReference<ServingModel> served, int maxResults) {
        super(PATH, served, maxResults);
    }

    @Override
    Object get(Request request) {
        requireSegments(request, 2, PATH + "/{user}/{item}");
        Request.Paging paging = request.paging();
        ServingModel serving = request.model();
        FactorModel model = serving.model();
        List<String> ids = request.segments();
        int user = indexOf(model.users(), ids.get(0));
        int item = indexOf(model.items(), ids.get(1));
        IntBuffer seen = model.seenItems();
        int start = model.seenStarts().get(user);
        int end = model.seenStarts().get(user + 1);
        TopN top = new TopN(Math.max(1, Math.min(paging.end(), end - start)));
        for (int p = start; p < end; p++) {
            int known = seen.get(p);
            top.offer(known, model.itemCosine(item, known));
        }
        return idValues(paging.of(RecommendEndpoint.drain(model, top)));
    }
}
