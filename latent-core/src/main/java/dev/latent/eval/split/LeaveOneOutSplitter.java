package dev.latent.eval.split;

import dev.latent.data.RatingMatrix;
import dev.latent.data.Timestamps;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Leave-one-out, the usual protocol for next-item evaluation (as in He et al. 2017, "Neural
 * Collaborative Filtering"): every user with at least two ratings gives exactly one to the test
 * list; users with a single rating stay in training whole.
 *
 * <p>With timestamps the held-out rating is the user's latest, ties broken uniformly at random;
 * without (null), it is a uniformly random one of the user's ratings. The draws come from one
 * {@link SplittableRandom} seeded with {@code seed}, taken by users in index order. The timestamps
 * belong to the matrix being split, one per CSR position.
 *
 * @param timestamps the time of each rating of the matrix to split, or null to pick at random
 * @param seed       breaks ties between equal latest timestamps, or makes the random pick reproducible
 */
public record LeaveOneOutSplitter(Timestamps timestamps, long seed) implements Splitter {

    /** Holds out each user's latest rating. */
    public static LeaveOneOutSplitter latest(Timestamps timestamps, long seed) {
        return new LeaveOneOutSplitter(Objects.requireNonNull(timestamps, "timestamps"), seed);
    }

    /** Holds out a random rating of each user. */
    public static LeaveOneOutSplitter random(long seed) {
        return new LeaveOneOutSplitter(null, seed);
    }

    @Override
    public List<Split> split(RatingMatrix data) {
        if (timestamps != null && timestamps.size() != data.size()) {
            throw new IllegalArgumentException("there are " + timestamps.size() + " timestamps for a matrix of "
                    + data.size() + " ratings; read them for this matrix");
        }
        boolean[] held = new boolean[data.size()];
        int testTotal = 0;
        SplittableRandom random = new SplittableRandom(seed);
        for (int user = 0; user < data.userCount(); user++) {
            int from = data.userStart(user);
            int degree = data.userDegree(user);
            if (degree < 2) {
                continue;
            }
            held[timestamps == null ? from + random.nextInt(degree) : latest(from, data.userEnd(user), random)] = true;
            testTotal++;
        }
        return List.of(SplitPositions.split(1, data, data.toList(), held, testTotal));
    }

    /** The position of the latest rating in {@code from .. to-1}; ties by reservoir sampling, one draw per tie. */
    private int latest(int from, int to, SplittableRandom random) {
        int best = from;
        int ties = 1;
        for (int p = from + 1; p < to; p++) {
            long time = timestamps.at(p);
            long bestTime = timestamps.at(best);
            if (time > bestTime) {
                best = p;
                ties = 1;
            } else if (time == bestTime && random.nextInt(++ties) == 0) {
                best = p;
            }
        }
        return best;
    }
}
