package dev.latent.train;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;

/** The factor initialisation every trainer shares: Gaussian rows, zero rows for ids without data. */
public final class FactorInit {
    private FactorInit() {
    }

    /**
     * A new rows × k factor matrix drawn from N(0, std²) in row-major order, with zero rows for
     * ids without ratings (degree 0).
     */
    public static float[] gaussian(SplittableRandom random, int rows, int k, float std, IntUnaryOperator degree) {
        float[] out = new float[Math.multiplyExact(rows, k)];
        fillGaussian(random, out, k, std, degree);
        return out;
    }

    /**
     * Fills {@code out}, a row-major matrix of rank {@code k}, from N(0, std²) in index order, then
     * zeroes the rows of ids without ratings (degree 0); the draws are those of {@link #gaussian}.
     */
    public static void fillGaussian(SplittableRandom random, float[] out, int k, float std, IntUnaryOperator degree) {
        for (int j = 0; j < out.length; j++) {
            out[j] = (float) (random.nextGaussian() * std);
        }
        for (int r = 0, rows = out.length / k; r < rows; r++) {
            if (degree.applyAsInt(r) == 0) {
                Arrays.fill(out, r * k, r * k + k, 0f);
            }
        }
    }
}
