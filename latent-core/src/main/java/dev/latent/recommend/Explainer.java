package dev.latent.recommend;

import dev.latent.model.FactorModel;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Why a model scores an item as it does for a user: the score taken apart into its terms, and the
 * user's own rated items most like the item.
 *
 * <p>A score is {@code μ + b_u + b_i + Σ_f p_uf·q_if}. Each factor f contributes {@code p_uf·q_if}
 * (the user's affinity to the factor times the item's loading on it); an explanation lists the
 * largest contributions, by value, and the sum of all the others, so the listed terms and the rest
 * add up to the score exactly, up to float rounding. Rotating the factors
 * ({@code dev.latent.explain.FactorRotation}) keeps every score and changes only how the
 * interaction term is split between factors.
 *
 * <p>"Because you rated": the items the user rated in training (or was folded in from), ranked by
 * {@link FactorModel#itemCosine} with the explained item, which itself is left out; ties by index.
 */
public final class Explainer {
    private final FactorModel model;
    private final int rank;
    private final FloatBuffer itemFactors;

    /** Immutable and thread-safe; holds no copy of the model. */
    public Explainer(FactorModel model) {
        this.model = Objects.requireNonNull(model, "model");
        this.rank = model.rank();
        this.itemFactors = model.itemFactors();
    }

    /** One factor's share of a score: {@code p_uf·q_if}. */
    public record Contribution(int factor, double value) {
    }

    /**
     * A score taken apart.
     *
     * @param item         the explained item's index
     * @param score        the model's unclipped score
     * @param globalMean   μ
     * @param userBias     b_u
     * @param itemBias     b_i
     * @param factors      the largest factor contributions, largest first (ties by factor index)
     * @param otherFactors the sum of every other factor's contribution
     * @param because      the user's rated items most similar to the item, by cosine, best first
     */
    public record Explanation(int item, float score, float globalMean, float userBias, float itemBias,
                              List<Contribution> factors, double otherFactors, List<ScoredItem> because) {

        /** Everything the factors contribute: {@code score − μ − b_u − b_i}, up to float rounding. */
        public double interaction() {
            double sum = otherFactors;
            for (Contribution c : factors) {
                sum += c.value();
            }
            return sum;
        }
    }

    /**
     * Explains {@code item} for the model's user {@code user}.
     *
     * @param factors how many factor contributions to list (the rest are summed)
     * @param because how many of the user's rated items to list
     */
    public Explanation explain(int user, int item, int factors, int because) {
        Objects.checkIndex(user, model.users().size());
        int[] rated = new int[model.seenCount(user)];
        model.seenItems().position(model.seenStarts().get(user)).get(rated);
        float[] vector = new float[rank];
        model.userFactors().get(user * rank, vector);
        return explain(vector, model.userBias(user), rated, item, factors, because, model.score(user, item));
    }

    /**
     * Explains {@code item} for a user given by factor vector and bias (a folded-in user), who
     * rated {@code rated} (item indices).
     */
    public Explanation explain(FoldedUser user, int item, int factors, int because) {
        int[] rated = new int[user.items().remaining()];
        user.items().get(rated);
        float[] vector = user.factors();
        return explain(vector, user.bias(), rated, item, factors, because, model.score(vector, user.bias(), item));
    }

    /**
     * Explains {@code item} for a user given by factor vector (length rank) and bias, who rated
     * {@code rated} (item indices, any order): a user the caller composes, such as a served user
     * with preferences written since training.
     */
    public Explanation explain(float[] userVector, float userBias, int[] rated, int item, int factors, int because) {
        if (userVector.length != rank) {
            throw new IllegalArgumentException("the user vector has length " + userVector.length + " but the rank is " + rank);
        }
        Objects.checkIndex(item, model.items().size());
        return explain(userVector, userBias, rated, item, factors, because, model.score(userVector, userBias, item));
    }

    private Explanation explain(float[] vector, float userBias, int[] rated, int item, int factors, int because,
                                float score) {
        Objects.checkIndex(item, model.items().size());
        if (factors < 0 || because < 0) {
            throw new IllegalArgumentException("factors and because must be ≥ 0 but were " + factors + " and " + because);
        }
        double[] contribution = new double[rank];
        for (int f = 0; f < rank; f++) {
            contribution[f] = (double) vector[f] * itemFactors.get(item * rank + f);
        }
        Integer[] order = new Integer[rank];
        for (int f = 0; f < rank; f++) {
            order[f] = f;
        }
        Arrays.sort(order, (a, b) -> contribution[a] != contribution[b]
                ? Double.compare(contribution[b], contribution[a]) : Integer.compare(a, b));
        int listed = Math.min(factors, rank);
        List<Contribution> top = new ArrayList<>(listed);
        double others = 0;
        for (int j = 0; j < rank; j++) {
            if (j < listed) {
                top.add(new Contribution(order[j], contribution[order[j]]));
            } else {
                others += contribution[order[j]];
            }
        }
        return new Explanation(item, score, model.globalMean(), userBias, model.itemBias(item), List.copyOf(top),
                others, similarRated(rated, item, because));
    }

    private List<ScoredItem> similarRated(int[] rated, int item, int n) {
        if (n == 0) {
            return List.of();
        }
        TopN top = new TopN(n);
        for (int other : rated) {
            if (other != item) {
                top.offer(other, model.itemCosine(item, other));
            }
        }
        return top.drain(model.items());
    }
}
