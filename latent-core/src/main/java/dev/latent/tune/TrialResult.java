package dev.latent.tune;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What one configuration scored.
 *
 * @param index         0-based order in which the search proposed it
 * @param configuration the tuned parameters' values
 * @param folds         the metric on each split, in split order
 * @param mean          the mean of {@code folds}
 * @param std           their sample standard deviation, 0 for one split
 * @param epochs        the rounded mean of each split's best validation epoch under early stopping,
 *                      or the configured epochs of an algorithm without it
 * @param seconds       wall time of the trial: training and scoring every split
 */
public record TrialResult(int index, Configuration configuration, List<Double> folds, double mean, double std, int epochs,
                          double seconds) {

    public TrialResult {
        Objects.requireNonNull(configuration, "configuration");
        folds = List.copyOf(folds);
        if (folds.isEmpty()) {
            throw new IllegalArgumentException("a trial needs at least one fold");
        }
    }

    /** A result with the mean and sample standard deviation computed from {@code folds}. */
    public static TrialResult of(int index, Configuration configuration, List<Double> folds, int epochs, double seconds) {
        double sum = 0;
        for (double x : folds) {
            sum += x;
        }
        double mean = sum / folds.size();
        double squares = 0;
        for (double x : folds) {
            squares += (x - mean) * (x - mean);
        }
        double std = folds.size() < 2 ? 0 : Math.sqrt(squares / (folds.size() - 1));
        return new TrialResult(index, configuration, folds, mean, std, epochs, seconds);
    }

    /** The same result under another index (a trial replayed from a journal). */
    public TrialResult withIndex(int newIndex) {
        return new TrialResult(newIndex, configuration, folds, mean, std, epochs, seconds);
    }

    /** Best first: by mean (NaN last), then by index, so the order never depends on timing. */
    public static Comparator<TrialResult> ranking(boolean higherIsBetter) {
        Comparator<TrialResult> byMean = Comparator.comparingDouble(r -> Double.isNaN(r.mean())
                ? Double.POSITIVE_INFINITY : higherIsBetter ? -r.mean() : r.mean());
        return byMean.thenComparingInt(TrialResult::index);
    }
}
