package dev.latent.eval.metric;

import dev.latent.data.RatingList;
import dev.latent.model.Predictor;

/**
 * Root-mean-square and mean absolute error of a predictor on a list of ratings, in one pass.
 *
 * @param rmse  √(Σ(r − r̂)² / n), NaN for an empty list
 * @param mae   Σ|r − r̂| / n, NaN for an empty list
 * @param count how many ratings were scored
 */
public record ErrorMetrics(double rmse, double mae, int count) {

    /** Scores every rating in {@code ratings}; unknown ids (-1) are predicted by the predictor's fallback. */
    public static ErrorMetrics of(Predictor predictor, RatingList ratings) {
        double squared = 0;
        double absolute = 0;
        int n = ratings.size();
        for (int k = 0; k < n; k++) {
            double error = ratings.value(k) - predictor.predict(ratings.user(k), ratings.item(k));
            squared += error * error;
            absolute += Math.abs(error);
        }
        return n == 0 ? new ErrorMetrics(Double.NaN, Double.NaN, 0)
                : new ErrorMetrics(Math.sqrt(squared / n), absolute / n, n);
    }
}
