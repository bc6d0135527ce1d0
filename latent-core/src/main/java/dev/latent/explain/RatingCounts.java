package dev.latent.explain;

import dev.latent.model.FactorModel;

import java.nio.IntBuffer;

/** The weight each analysis gives an item: its number of training ratings. */
final class RatingCounts {
    private RatingCounts() {
    }

    /**
     * How often each item appears in the model's seen lists; every item counts 1 when the model
     * records no seen lists (a model imported from Spark), since nothing tells the items apart.
     */
    static double[] of(FactorModel model) {
        int n = model.items().size();
        double[] counts = new double[n];
        IntBuffer seen = model.seenItems();
        if (!seen.hasRemaining()) {
            java.util.Arrays.fill(counts, 1);
            return counts;
        }
        while (seen.hasRemaining()) {
            counts[seen.get()]++;
        }
        return counts;
    }
}
