package dev.latent.eval.rank;

import dev.latent.data.RatingMatrix;

import java.util.Objects;

/**
 * The popularity baseline of top-N evaluation: every user gets the same ranking, by how many
 * training interactions each item has (ties by lower index). Immutable.
 */
public final class MostPopular implements ItemScorer {
    /** The name in reports. */
    public static final String NAME = "most-popular";

    private final float[] counts;

    private MostPopular(float[] counts) {
        this.counts = counts;
    }

    /** Counts each item's interactions in {@code train}. */
    public static MostPopular fit(RatingMatrix train) {
        Objects.requireNonNull(train, "train");
        float[] counts = new float[train.itemCount()];
        for (int item = 0; item < counts.length; item++) {
            counts[item] = train.itemDegree(item);
        }
        return new MostPopular(counts);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The number of training interactions of {@code item}. */
    public int count(int item) {
        return (int) counts[item];
    }

    @Override
    public void score(int user, float[] out) {
        if (out.length != counts.length) {
            throw new IllegalArgumentException("out must hold " + counts.length + " scores but had length " + out.length);
        }
        System.arraycopy(counts, 0, out, 0, counts.length);
    }
}
