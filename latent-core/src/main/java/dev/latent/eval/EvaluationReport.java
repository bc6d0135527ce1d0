package dev.latent.eval;

import dev.latent.eval.metric.ErrorMetrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of an evaluation: one {@link FoldResult} per split, each with the error metrics of
 * every predictor, and {@link #summaries()} over the folds. Predictors are named
 * {@value #MODEL}, {@value #GLOBAL_MEAN} and {@value #BIAS_BASELINE}; the names are stable, so
 * CLI output and JSON can key on them. Every fold scores the same predictors, in the same order.
 *
 * @param folds the per-split results, in split order; at least one
 */
public record EvaluationReport(List<FoldResult> folds) {
    /** The trained (or given) model. */
    public static final String MODEL = "model";
    /** {@link dev.latent.model.GlobalMeanBaseline} fit on the split's training part. */
    public static final String GLOBAL_MEAN = "global-mean";
    /** {@link dev.latent.model.BiasBaseline} with its defaults, fit on the split's training part. */
    public static final String BIAS_BASELINE = "bias-baseline";

    public EvaluationReport {
        folds = List.copyOf(folds);
        if (folds.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one fold");
        }
        List<String> predictors = folds.getFirst().predictors();
        for (FoldResult fold : folds) {
            if (!fold.predictors().equals(predictors)) {
                throw new IllegalArgumentException("fold " + fold.fold() + " scores " + fold.predictors()
                        + " but fold " + folds.getFirst().fold() + " scores " + predictors);
            }
        }
    }

    /** The predictor names every fold scores, in order ({@value #MODEL} first when present). */
    public List<String> predictors() {
        return folds.getFirst().predictors();
    }

    /** One summary per predictor, in {@link #predictors()} order. */
    public List<Summary> summaries() {
        List<Summary> out = new ArrayList<>();
        for (String predictor : predictors()) {
            out.add(summary(predictor));
        }
        return List.copyOf(out);
    }

    /** Mean and sample standard deviation over the folds of one predictor's RMSE and MAE. */
    public Summary summary(String predictor) {
        int n = folds.size();
        double[] rmse = new double[n];
        double[] mae = new double[n];
        for (int f = 0; f < n; f++) {
            ErrorMetrics metrics = folds.get(f).metrics(predictor);
            rmse[f] = metrics.rmse();
            mae[f] = metrics.mae();
        }
        double meanRmse = mean(rmse);
        double meanMae = mean(mae);
        return new Summary(predictor, meanRmse, sampleStd(rmse, meanRmse), meanMae, sampleStd(mae, meanMae));
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** √(Σ(x − x̄)² / (n − 1)); 0 for a single value. */
    private static double sampleStd(double[] values, double mean) {
        if (values.length < 2) {
            return 0;
        }
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / (values.length - 1));
    }

    /**
     * What one split gave.
     *
     * @param fold               1-based fold number
     * @param trainSize          training ratings, or {@link #UNKNOWN} when the model was trained elsewhere
     * @param testSize           test ratings scored
     * @param unknownTestRatings test ratings whose user or item the training indexes did not know (-1)
     * @param trainSeconds       wall time of training, NaN when the model was trained elsewhere
     * @param metrics            predictor name → its errors on the test list, in report order
     */
    public record FoldResult(int fold, int trainSize, int testSize, int unknownTestRatings, double trainSeconds,
                             Map<String, ErrorMetrics> metrics) {
        /** The {@code trainSize} of a model that was not trained by the evaluation. */
        public static final int UNKNOWN = -1;

        public FoldResult {
            if (metrics.isEmpty()) {
                throw new IllegalArgumentException("fold " + fold + " has no metrics");
            }
            metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }

        /** The errors of {@code predictor}; throws naming the predictors this fold has when absent. */
        public ErrorMetrics metrics(String predictor) {
            ErrorMetrics found = metrics.get(Objects.requireNonNull(predictor, "predictor"));
            if (found == null) {
                throw new IllegalArgumentException("no predictor '" + predictor + "' in fold " + fold
                        + "; it has " + metrics.keySet());
            }
            return found;
        }

        /** The predictor names, in order. */
        public List<String> predictors() {
            return List.copyOf(metrics.keySet());
        }
    }

    /**
     * One predictor over all folds. Standard deviations are sample ones (n − 1), 0 for a single
     * fold; a fold with an empty test list makes its predictor's numbers NaN.
     */
    public record Summary(String predictor, double meanRmse, double rmseStd, double meanMae, double maeStd) {
    }
}
