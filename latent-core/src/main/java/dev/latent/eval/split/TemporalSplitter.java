package dev.latent.eval.split;

import dev.latent.data.RatingMatrix;
import dev.latent.data.Timestamps;

import java.util.Arrays;
import java.util.List;

/**
 * A global time cut: the earliest {@code round(trainFraction · n)} of the n ratings, ordered by
 * timestamp and then by matrix position, train; the rest test. Nothing is random, so there is no
 * seed. Users who rated only after the cut are in the test list with no training ratings, and
 * ratings at the very time of the cut may fall on either side.
 *
 * @param trainFraction share of the ratings, earliest first, that train; strictly between 0 and 1
 * @param timestamps    the time of each rating of the matrix to split, one per CSR position
 */
public record TemporalSplitter(double trainFraction, Timestamps timestamps) implements Splitter {

    public TemporalSplitter {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("trainFraction must be strictly between 0 and 1 but was " + trainFraction);
        }
        if (timestamps == null) {
            throw new IllegalArgumentException("a temporal split needs timestamps, but there are none"
                    + " (the rating file has no fourth column)");
        }
    }

    @Override
    public List<Split> split(RatingMatrix data) {
        int n = data.size();
        if (timestamps.size() != n) {
            throw new IllegalArgumentException("there are " + timestamps.size() + " timestamps for a matrix of "
                    + n + " ratings; read them for this matrix");
        }
        // Sort by (time, position) without boxing: times become their rank among the distinct
        // times, which packs with the position into one long key.
        long[] times = new long[n];
        for (int p = 0; p < n; p++) {
            times[p] = timestamps.at(p);
        }
        long[] distinct = times.clone();
        Arrays.sort(distinct);
        int distinctCount = 0;
        for (int j = 0; j < n; j++) {
            if (j == 0 || distinct[j] != distinct[j - 1]) {
                distinct[distinctCount++] = distinct[j];
            }
        }
        long[] keys = new long[n];
        for (int p = 0; p < n; p++) {
            long rank = Arrays.binarySearch(distinct, 0, distinctCount, times[p]);
            keys[p] = rank << 32 | p;
        }
        Arrays.sort(keys);
        int trainCount = (int) Math.round(trainFraction * n);
        boolean[] held = new boolean[n];
        for (int j = trainCount; j < n; j++) {
            held[(int) keys[j]] = true;
        }
        return List.of(SplitPositions.split(1, data, data.toList(), held, n - trainCount));
    }
}
