package dev.latent.train.bpr;

import dev.latent.data.RatingMatrix;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws BPR's training triples: a positive pair uniformly over the observed pairs, and for its
 * user a negative item uniformly over the items the user has not interacted with, by rejection
 * against the user's sorted CSR row.
 */
final class PairSampler {
    private final RatingMatrix data;
    /** The user of every CSR position. */
    private final int[] userAt;

    PairSampler(RatingMatrix data) {
        this.data = data;
        userAt = new int[data.size()];
        for (int u = 0; u < data.userCount(); u++) {
            Arrays.fill(userAt, data.userStart(u), data.userEnd(u), u);
        }
    }

    /** A CSR position drawn uniformly over the observed pairs. */
    int positive(SplittableRandom random) {
        return random.nextInt(userAt.length);
    }

    RatingMatrix data() {
        return data;
    }

    int userAt(int position) {
        return userAt[position];
    }

    /**
     * An item {@code user} has not interacted with, uniform over those items, or -1 when the user
     * has interacted with every item.
     */
    int negative(int user, SplittableRandom random) {
        int n = data.itemCount();
        int start = data.userStart(user);
        int end = data.userEnd(user);
        if (end - start >= n) {
            return -1;
        }
        while (true) {
            int j = random.nextInt(n);
            if (!contains(start, end, j)) {
                return j;
            }
        }
    }

    /** Binary search of the user's ascending row {@code itemAt[start..end)}. */
    private boolean contains(int start, int end, int item) {
        int lo = start;
        int hi = end - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int at = data.itemAt(mid);
            if (at < item) {
                lo = mid + 1;
            } else if (at > item) {
                hi = mid - 1;
            } else {
                return true;
            }
        }
        return false;
    }
}
