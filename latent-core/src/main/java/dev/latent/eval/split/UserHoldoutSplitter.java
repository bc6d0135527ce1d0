package dev.latent.eval.split;

import dev.latent.data.RatingMatrix;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A holdout per user, as top-N evaluation wants: every user with at least two ratings gives some
 * of them, drawn uniformly without replacement, to the test list; users with a single rating stay
 * in training whole.
 *
 * <p>A user with d ≥ 2 ratings holds out {@code round(testFraction·d)} of them, at least 1 (with
 * a fraction), or {@code testCount} (with a count), and in either case at most d − 1, so that
 * every user keeps a training rating. The draws come from one {@link SplittableRandom} seeded
 * with {@code seed}, taken by users in index order. Build one with {@link #fraction} or {@link #count}.
 *
 * @param testFraction share of each user's ratings held out, strictly between 0 and 1; 0 when {@code testCount} is set
 * @param testCount    how many of each user's ratings to hold out, at least 1; 0 when {@code testFraction} is set
 * @param seed         makes the draw reproducible
 */
public record UserHoldoutSplitter(double testFraction, int testCount, long seed) implements Splitter {

    public UserHoldoutSplitter {
        if (testCount < 0) {
            throw new IllegalArgumentException("testCount must be non-negative but was " + testCount);
        }
        if (testCount == 0 && !(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be strictly between 0 and 1 but was " + testFraction);
        }
        if (testCount > 0 && testFraction != 0) {
            throw new IllegalArgumentException("give either testFraction (" + testFraction + ") or testCount ("
                    + testCount + "), not both");
        }
    }

    /** Holds out {@code round(testFraction·d)} of each user's d ratings, at least 1 and at most d − 1. */
    public static UserHoldoutSplitter fraction(double testFraction, long seed) {
        return new UserHoldoutSplitter(testFraction, 0, seed);
    }

    /** Holds out {@code testCount} of each user's d ratings, at most d − 1. */
    public static UserHoldoutSplitter count(int testCount, long seed) {
        if (testCount < 1) {
            throw new IllegalArgumentException("testCount must be positive but was " + testCount);
        }
        return new UserHoldoutSplitter(0, testCount, seed);
    }

    @Override
    public List<Split> split(RatingMatrix data) {
        int n = data.size();
        int[] positions = SplitPositions.identity(n);
        boolean[] held = new boolean[n];
        int testTotal = 0;
        SplittableRandom random = new SplittableRandom(seed);
        for (int user = 0; user < data.userCount(); user++) {
            int from = data.userStart(user);
            int degree = data.userDegree(user);
            if (degree < 2) {
                continue;
            }
            int out = testCount > 0 ? testCount : Math.max(1, (int) Math.round(testFraction * degree));
            out = Math.min(out, degree - 1);
            // Partial Fisher–Yates within the user's row: its first `out` slots become a uniform sample.
            for (int j = 0; j < out; j++) {
                SplitPositions.swap(positions, from + j, from + j + random.nextInt(degree - j));
                held[positions[from + j]] = true;
            }
            testTotal += out;
        }
        return List.of(SplitPositions.split(1, data, data.toList(), held, testTotal));
    }
}
