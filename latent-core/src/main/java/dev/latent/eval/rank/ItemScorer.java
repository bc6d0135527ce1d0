package dev.latent.eval.rank;

import dev.latent.model.FactorModel;

import java.util.Objects;

/**
 * Scores every item of a catalogue for one user at a time; higher ranks first. What
 * {@link RankingEvaluator} ranks with.
 *
 * <p>Users and items are the dense indices of the training matrix the evaluation gets. The
 * evaluator calls {@link #score} from several threads at once, each with its own buffer, so an
 * implementation must be safe for that (an immutable one is).
 */
public interface ItemScorer {

    /** A short name for reports, such as a model's algorithm or "most-popular". */
    String name();

    /**
     * Writes a score for every item, {@code out[i]} for item {@code i}, into {@code out}, which has
     * one slot per item of the catalogue. A NaN score keeps the item out of the ranking.
     */
    void score(int user, float[] out);

    /**
     * Ranks by the model's unclipped {@link FactorModel#score} (μ + b_u + b_i + p_u·q_i), computed
     * for all items at once by {@link FactorModel#scoreAll}. Items without training ratings have a
     * zero vector and zero bias and score μ + b_u; they stay candidates.
     */
    static ItemScorer of(FactorModel model) {
        Objects.requireNonNull(model, "model");
        return new ItemScorer() {
            @Override
            public String name() {
                return model.algorithm();
            }

            @Override
            public void score(int user, float[] out) {
                model.scoreAll(user, out);
            }
        };
    }
}
