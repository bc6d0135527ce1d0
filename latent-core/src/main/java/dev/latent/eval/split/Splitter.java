package dev.latent.eval.split;

import dev.latent.data.RatingMatrix;

import java.util.List;

/**
 * Cuts a rating matrix into training/test pairs. A splitter never loses or duplicates a rating:
 * within each split, every rating of the data is in exactly one of train and test. The training
 * matrices keep the data's full id indexes, so the test lists use the same indices.
 */
@FunctionalInterface
public interface Splitter {

    /** The splits of {@code data}, numbered from fold 1. */
    List<Split> split(RatingMatrix data);
}
