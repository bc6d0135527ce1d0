package dev.latent.recommend;

import java.util.Objects;

/**
 * One user's part of a batched {@link Recommender#recommend(java.util.List)}: the user's factor
 * vector and bias, the items to leave out, and how many to return.
 *
 * @param vector the user's factors, length the model's rank; not copied, so not to be changed
 *               while the query runs
 * @param bias   the user's bias b_u (0 for a model without biases)
 * @param skip   the item indices to leave out, ascending without repeats, such as a model user's
 *               training items; not copied
 * @param n      how many items to return, at least 1
 */
public record Query(float[] vector, float bias, int[] skip, int n) {
    public Query {
        Objects.requireNonNull(vector, "vector");
        Objects.requireNonNull(skip, "skip");
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive but was " + n);
        }
        for (int k = 1; k < skip.length; k++) {
            if (skip[k] <= skip[k - 1]) {
                throw new IllegalArgumentException("skip must be ascending without repeats but has " + skip[k - 1]
                        + " before " + skip[k]);
            }
        }
    }
}
