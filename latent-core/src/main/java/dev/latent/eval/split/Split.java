package dev.latent.eval.split;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;

import java.util.Objects;

/**
 * One training/test pair. The test list's indices refer to the training matrix's indexes, which
 * keep every id of the data the split came from; -1 marks an id those indexes do not know.
 *
 * @param fold  1-based fold number
 * @param train the ratings to train on
 * @param test  the held-out ratings to score
 */
public record Split(int fold, RatingMatrix train, RatingList test) {

    public Split {
        if (fold < 1) {
            throw new IllegalArgumentException("fold must be at least 1 but was " + fold);
        }
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        for (int k = 0; k < test.size(); k++) {
            if (test.user(k) < -1 || test.user(k) >= train.userCount()
                    || test.item(k) < -1 || test.item(k) >= train.itemCount()) {
                throw new IllegalArgumentException("test rating " + k + " (user " + test.user(k) + ", item "
                        + test.item(k) + ") is outside the training indexes of " + train.userCount()
                        + " users and " + train.itemCount() + " items");
            }
        }
    }

    /** A given training/test pair, such as a training file and a test file, as fold 1. */
    public static Split of(RatingMatrix train, RatingList test) {
        return new Split(1, train, test);
    }
}
