package dev.latent.model;

import dev.latent.data.RatingMatrix;

/** The simplest baseline: predicts the mean training rating μ for every pair, known or not. */
public final class GlobalMeanBaseline implements Predictor {
    private final float mean;

    private GlobalMeanBaseline(float mean) {
        this.mean = mean;
    }

    /** Fits μ on {@code train}, which must hold at least one rating. */
    public static GlobalMeanBaseline fit(RatingMatrix train) {
        if (train.size() == 0) {
            throw new IllegalArgumentException("cannot fit a global mean on an empty rating matrix");
        }
        // The mean of values in [min, max] lies in that range, so there is nothing to clip.
        return new GlobalMeanBaseline((float) train.mean());
    }

    /** μ, whatever the indices (including -1). */
    @Override
    public float predict(int user, int item) {
        return mean;
    }

    public float mean() {
        return mean;
    }

    @Override
    public String toString() {
        return "GlobalMeanBaseline[μ=" + mean + "]";
    }
}
