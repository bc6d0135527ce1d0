package dev.latent.train.als;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.model.FactorModel;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Small inline data sets and model comparisons the ALS tests share. */
final class AlsFixtures {
    private AlsFixtures() {
    }

    /** A planted low-rank matrix: the observed part, and the rest with its true values. */
    record Planted(RatingMatrix train, RatingList heldOut) {
    }

    /**
     * A users × items matrix {@code P·Qᵀ + offset + noise} of the given rank (factors N(0, 0.8²),
     * noise N(0, noise²)), each entry observed with probability {@code observed}; ids "u0".., "i0"...
     */
    static Planted planted(int users, int items, int rank, double observed, double offset, double noise, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] p = gaussian(random, users, rank);
        double[][] q = gaussian(random, items, rank);
        RatingMatrix.Builder train = RatingMatrix.builder();
        for (int u = 0; u < users; u++) {
            train.userIndex().intern("u" + u);
        }
        for (int i = 0; i < items; i++) {
            train.itemIndex().intern("i" + i);
        }
        List<int[]> held = new ArrayList<>();
        List<Float> heldValues = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            for (int i = 0; i < items; i++) {
                double value = offset + random.nextGaussian() * noise;
                for (int f = 0; f < rank; f++) {
                    value += p[u][f] * q[i][f];
                }
                if (random.nextDouble() < observed) {
                    train.add(u, i, (float) value);
                } else {
                    held.add(new int[] {u, i});
                    heldValues.add((float) value);
                }
            }
        }
        int[] hu = new int[held.size()];
        int[] hi = new int[held.size()];
        float[] hv = new float[held.size()];
        for (int k = 0; k < hu.length; k++) {
            hu[k] = held.get(k)[0];
            hi[k] = held.get(k)[1];
            hv[k] = heldValues.get(k);
        }
        return new Planted(train.build(), new RatingList(hu, hi, hv));
    }

    private static double[][] gaussian(SplittableRandom random, int rows, int rank) {
        double[][] out = new double[rows][rank];
        for (double[] row : out) {
            for (int f = 0; f < rank; f++) {
                row[f] = random.nextGaussian() * 0.8;
            }
        }
        return out;
    }

    /** A matrix from rows of values, 0 meaning "not in the matrix"; ids "u0".., "i0"... */
    static RatingMatrix matrix(float[][] rows) {
        RatingMatrix.Builder builder = RatingMatrix.builder();
        for (int u = 0; u < rows.length; u++) {
            builder.userIndex().intern("u" + u);
        }
        for (int i = 0; i < rows[0].length; i++) {
            builder.itemIndex().intern("i" + i);
        }
        for (int u = 0; u < rows.length; u++) {
            for (int i = 0; i < rows[u].length; i++) {
                if (rows[u][i] != 0) {
                    builder.add(u, i, rows[u][i]);
                }
            }
        }
        return builder.build();
    }

    static float[] array(FloatBuffer buffer) {
        float[] out = new float[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    /**
     * Bitwise equality of every number the two models hold (factors, biases, μ), leaving out the
     * parameters, which name the thread count.
     */
    static boolean sameNumbers(FactorModel a, FactorModel b) {
        return a.rank() == b.rank()
                && Float.floatToIntBits(a.globalMean()) == Float.floatToIntBits(b.globalMean())
                && Arrays.equals(array(a.userFactors()), array(b.userFactors()))
                && Arrays.equals(array(a.itemFactors()), array(b.itemFactors()))
                && Arrays.equals(array(a.userBiases()), array(b.userBiases()))
                && Arrays.equals(array(a.itemBiases()), array(b.itemBiases()));
    }

    /** RMSE of the unclipped score against every rating of the matrix. */
    static double trainingRmse(FactorModel model, RatingMatrix data) {
        double sse = 0;
        for (int u = 0; u < data.userCount(); u++) {
            for (int p = data.userStart(u); p < data.userEnd(u); p++) {
                double err = data.valueAt(p) - model.score(u, data.itemAt(p));
                sse += err * err;
            }
        }
        return Math.sqrt(sse / data.size());
    }
}
