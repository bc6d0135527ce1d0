package dev.latent.server;

import dev.latent.recommend.FoldedUser;
import dev.latent.recommend.Query;

import java.util.List;

/**
 * {@code GET /recommendToAnonymous/{item=value}/{item=value}/…?howMany=10&offset=0}: the best items
 * for a user who is not in the model, folded in from the given items ({@link dev.latent.recommend.FoldIn}).
 *
 * <p>Each segment is an item id, optionally followed by {@code =} and a value (a rating for an
 * explicit model, a strength for an implicit one; default 1). The segment is split at its last
 * literal {@code =} before percent-decoding, so an id holding {@code =} is given as {@code %3D}.
 *
 * <p>200 {@code [{"id": "<item>", "value": <score>}, …]}, best first, as {@link RecommendEndpoint},
 * the given items left out.
 *
 * <p>Errors: 400 for a bad paging parameter (see {@link RecommendEndpoint}), a value that is not a
 * finite number, an item given twice, or a value an implicit model cannot weigh; 404 when no item
 * is given or for unknown items (all named); 503 when no model is loaded.
 */
final class RecommendToAnonymousEndpoint extends Endpoint {
    static final String PATH = "/recommendToAnonymous";

    RecommendToAnonymousEndpoint(ServerState state, int maxResults) {
        super(PATH, state, maxResults);
    }

    @Override
    Object get(Request request) {
        requireAtLeast(request, 1, PATH + "/{item=value}/…");
        Request.Paging paging = request.paging();
        List<String> raw = request.rawSegments();
        String[] ids = new String[raw.size()];
        float[] values = new float[raw.size()];
        for (int k = 0; k < ids.length; k++) {
            String segment = raw.get(k);
            int equals = segment.lastIndexOf('=');
            ids[k] = Request.decode(equals < 0 ? segment : segment.substring(0, equals), false);
            values[k] = equals < 0 ? 1f : value(ids[k], Request.decode(segment.substring(equals + 1), false));
        }
        ServingModel serving = request.model();
        int[] items = indicesOf(serving.model().items(), List.of(ids));
        FoldedUser user;
        try {
            user = serving.foldIn().foldIn(items, values);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(problem(e, items, ids));
        }
        int[] given = new int[user.items().remaining()];
        user.items().get(given);
        Query query = new Query(user.factors(), user.bias(), given, paging.end());
        return idValues(paging.of(request.state().scorer().recommend(serving, query)), request.state().items());
    }

    private static float value(String id, String text) {
        float value;
        try {
            value = Float.parseFloat(text);
        } catch (NumberFormatException notANumber) {
            value = Float.NaN;
        }
        // Float.parseFloat also takes "NaN", "Infinity" and "1f"; only plain finite numbers pass.
        if (!Float.isFinite(value) || !text.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            throw HttpError.badRequest("the value of item '" + id + "' must be a finite number but was '" + text + "'");
        }
        return value;
    }

    /** FoldIn names items by index; say which id was given twice, or pass its reason on. */
    private static String problem(IllegalArgumentException e, int[] items, String[] ids) {
        for (int a = 0; a < items.length; a++) {
            for (int b = a + 1; b < items.length; b++) {
                if (items[a] == items[b]) {
                    return "item '" + ids[a] + "' is given more than once";
                }
            }
        }
        return "cannot fold in these items: " + e.getMessage();
    }
}
