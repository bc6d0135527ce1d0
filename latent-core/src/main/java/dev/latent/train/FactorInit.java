package dev.latent.train.als;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;

/** The factor initialisation both ALS trainers share. */
final class AlsFactors {
    private AlsFactors() {
    }

    /**
     * A rows × k factor matrix drawn from N(0, std²) in row-major order, with zero rows for ids
     * without ratings (degree 0).
     */
    static float[] gaussian(SplittableRandom random, int rows, int k, float std, IntUnaryOperator degree) {
        float[] out = new float[Math.multiplyExact(rows, k)];
        for (int j = 0; j < out.length; j++) {
            out[j] = (float) (random.nextGaussian() * std);
        }
        for (int r = 0; r < rows; r++) {
            if (degree.applyAsInt(r) == 0) {
                Arrays.fill(out, r * k, r * k + k, 0f);
            }
        }
        return out;
    }
}
