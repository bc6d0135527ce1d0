package dev.latent.eval.rank;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Top-N metrics at cut-off {@code k}, each the mean over the evaluated users (those with at least
 * one held-out item), but for coverage, which is over the catalogue. See {@link RankingEvaluator}
 * for the definitions.
 *
 * @param k              the cut-off: how many items each user's list holds
 * @param users          how many users were evaluated
 * @param precision      hits / k
 * @param recall         hits / |relevant|
 * @param ndcg           DCG / ideal DCG, binary relevance
 * @param map            mean average precision at k, normalised by min(k, |relevant|)
 * @param mrr            mean of 1 / rank of the first hit, 0 without one
 * @param hitRate        share of users with at least one hit
 * @param coverage       distinct items in any user's list / catalogue size
 * @param skippedRatings held-out ratings not evaluated: an unknown user or item (index -1), a
 *                       repeat of a (user, item) pair, or an item the user has in training
 */
public record RankingMetrics(int k, int users, double precision, double recall, double ndcg, double map,
                             double mrr, double hitRate, double coverage, int skippedRatings) {

    /**
     * The metrics by name, in this order: {@code ndcg@K, recall@K, precision@K, map@K, mrr@K, hr@K,
     * coverage@K} with K the cut-off.
     */
    public Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("ndcg@" + k, ndcg);
        map.put("recall@" + k, recall);
        map.put("precision@" + k, precision);
        map.put("map@" + k, this.map);
        map.put("mrr@" + k, mrr);
        map.put("hr@" + k, hitRate);
        map.put("coverage@" + k, coverage);
        return Collections.unmodifiableMap(map);
    }
}
