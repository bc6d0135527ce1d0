package dev.latent.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /mostPopularItems?howMany=10&offset=0}: the items with the most training ratings.
 *
 * <p>200 {@code [{"id": "<item>", "count": <ratings>}, …]}, most rated first (ties by item index),
 * the ranks {@code offset .. offset+howMany-1}; items nobody rated are not listed.
 *
 * <p>Errors: 400 for a bad paging parameter (see {@link RecommendEndpoint}); 503 when no model is
 * loaded.
 */
final class MostPopularItemsEndpoint extends Endpoint {
    static final String PATH = "/mostPopularItems";

    MostPopularItemsEndpoint(ServerState state, int maxResults) {
        super(PATH, state, maxResults);
    }

    @Override
    Object get(Request request) {
        requireSegments(request, 0, PATH);
        Request.Paging paging = request.paging();
        ServingModel serving = request.model();
        int end = Math.min(paging.end(), serving.ratedItemCount());
        List<Map<String, Object>> list = new ArrayList<>();
        for (int rank = paging.offset(); rank < end; rank++) {
            int item = serving.popularItemAt(rank);
            Map<String, Object> entry = new LinkedHashMap<>(4);
            entry.put("id", serving.model().items().idAt(item));
            entry.put("count", serving.ratingCount(item));
            list.add(entry);
        }
        return list;
    }
}
