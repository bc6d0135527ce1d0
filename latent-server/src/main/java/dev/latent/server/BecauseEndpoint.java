package dev.latent.server;

import dev.latent.data.ItemMetadata;
import dev.latent.model.FactorModel;
import dev.latent.recommend.Explainer;
import dev.latent.recommend.Explainer.Explanation;
import dev.latent.recommend.TopN;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * <p>With {@code ?explain=true} the answer is an object instead: {@code {"user", "item", "title",
 * "score", "global_mean", "user_bias", "item_bias", "factors": [{"index", "contribution", "label"}],
 * "other_factors", "because": [the list above]}}: the score taken apart ({@link Explainer}), the
 * {@code factors} (query parameter, default 3) largest factor contributions with their genre labels
 * when the server has item genres ({@code --items}), and the sum of the others; the terms add up to
 * the score. Factors are the served model's own; serve a model saved by {@code latent factors
 * --save-rotated} to explain in rotated, more readable ones.
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
        ItemMetadata items = request.state().items();
        List<Map<String, Object>> because = idValues(paging.of(top.drain(model.items())), items);
        if (!request.flag("explain", false)) {
            return because;
        }
        int factors = Math.min(request.nonNegativeInt("factors", 3), model.rank());
        Explanation e = serving.explainer().explain(user.vector(), user.bias(), known, item, factors, 0);
        String[] labels = serving.factorLabels(items);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", ids.get(0));
        out.put("item", ids.get(1));
        String title = items.title(ids.get(1));
        if (title != null) {
            out.put("title", title);
        }
        out.put("score", number(e.score()));
        out.put("global_mean", number(e.globalMean()));
        out.put("user_bias", number(e.userBias()));
        out.put("item_bias", number(e.itemBias()));
        List<Map<String, Object>> contributions = new ArrayList<>(e.factors().size());
        for (Explainer.Contribution c : e.factors()) {
            Map<String, Object> factor = new LinkedHashMap<>();
            factor.put("index", c.factor());
            factor.put("contribution", c.value());
            factor.put("label", labels[c.factor()]);
            contributions.add(factor);
        }
        out.put("factors", contributions);
        out.put("other_factors", e.otherFactors());
        out.put("because", because);
        return out;
    }
}
