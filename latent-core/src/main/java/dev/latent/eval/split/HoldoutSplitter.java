package dev.latent.eval.split;

import dev.latent.data.RatingMatrix;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A single random holdout: {@code round(testFraction · n)} of the n ratings, drawn uniformly
 * without replacement by a {@link SplittableRandom} seeded with {@code seed}, go to the test list
 * (in matrix order); the rest are the training matrix.
 *
 * @param testFraction share of the ratings held out, strictly between 0 and 1
 * @param seed         makes the draw reproducible
 */
public record HoldoutSplitter(double testFraction, long seed) implements Splitter {

    public HoldoutSplitter {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be strictly between 0 and 1 but was " + testFraction);
        }
    }

    @Override
    public List<Split> split(RatingMatrix data) {
        int n = data.size();
        int testCount = (int) Math.round(testFraction * n);
        // Partial Fisher–Yates: the first testCount slots end up a uniform sample.
        int[] positions = SplitPositions.identity(n);
        SplittableRandom random = new SplittableRandom(seed);
        for (int j = 0; j < testCount; j++) {
            SplitPositions.swap(positions, j, j + random.nextInt(n - j));
        }
        int[] test = Arrays.copyOfRange(positions, 0, testCount);
        int[] train = Arrays.copyOfRange(positions, testCount, n);
        return List.of(SplitPositions.split(1, data, data.toList(), train, test));
    }
}
