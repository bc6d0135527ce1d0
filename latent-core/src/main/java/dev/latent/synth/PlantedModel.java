package dev.latent.synth;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The noise-free truth behind a synthetic data set: {@code μ + b_u + b_i + p_u·q_i} for every
 * (user, item) pair, rated or not. Users and items are 0-based indices here, one less than their
 * ids in the written file (and equal to their indices in {@link SyntheticGenerator#toMatrix()}).
 *
 * <p>Spreads. μ = {@value #MEAN}; user biases ~ N(0, {@value #USER_BIAS_STD}²) (how lenient a
 * user is) and item biases ~ N(0, {@value #ITEM_BIAS_STD}²) (items differ in quality a little
 * more than users in leniency, as in the public movie data sets); every factor entry ~ N(0, σ²)
 * with σ = rank^(-1/4), so that {@code p_u·q_i} has mean 0 and variance 1 whatever the rank. The
 * truth thus spreads with a standard deviation of about 1.1 around 3.5, before noise; values are
 * not clipped to any rating scale.
 *
 * <p>The dot product is a plain sequential double loop, not {@link dev.latent.math.VectorKernels},
 * so that the value (and the generated file) does not depend on the machine's SIMD width.
 */
public final class PlantedModel {
    /** The global mean μ. */
    public static final double MEAN = 3.5;
    /** Standard deviation of the user biases. */
    public static final double USER_BIAS_STD = 0.3;
    /** Standard deviation of the item biases. */
    public static final double ITEM_BIAS_STD = 0.4;

    private final int rank;
    private final float[] userBias;
    private final float[] itemBias;
    private final float[] userFactors;
    private final float[] itemFactors;

    private PlantedModel(int rank, float[] userBias, float[] itemBias, float[] userFactors, float[] itemFactors) {
        this.rank = rank;
        this.userBias = userBias;
        this.itemBias = itemBias;
        this.userFactors = userFactors;
        this.itemFactors = itemFactors;
    }

    /**
     * Draws the model: users from {@code userRandom} (each user's bias, then its factors), items
     * likewise from {@code itemRandom}.
     */
    static PlantedModel draw(int users, int items, int rank, SplittableRandom userRandom, SplittableRandom itemRandom) {
        double factorStd = Math.pow(rank, -0.25);
        float[] bu = new float[users];
        float[] pu = new float[Math.multiplyExact(users, rank)];
        drawSide(userRandom, USER_BIAS_STD, factorStd, rank, bu, pu);
        float[] bi = new float[items];
        float[] qi = new float[Math.multiplyExact(items, rank)];
        drawSide(itemRandom, ITEM_BIAS_STD, factorStd, rank, bi, qi);
        return new PlantedModel(rank, bu, bi, pu, qi);
    }

    private static void drawSide(SplittableRandom random, double biasStd, double factorStd, int rank,
                                 float[] bias, float[] factors) {
        for (int r = 0; r < bias.length; r++) {
            bias[r] = (float) (random.nextGaussian() * biasStd);
            for (int f = r * rank; f < r * rank + rank; f++) {
                factors[f] = (float) (random.nextGaussian() * factorStd);
            }
        }
    }

    public int rank() {
        return rank;
    }

    public int userCount() {
        return userBias.length;
    }

    public int itemCount() {
        return itemBias.length;
    }

    /** The global mean μ. */
    public float mean() {
        return (float) MEAN;
    }

    public float userBias(int user) {
        return userBias[Objects.checkIndex(user, userBias.length)];
    }

    public float itemBias(int item) {
        return itemBias[Objects.checkIndex(item, itemBias.length)];
    }

    /** Factor {@code f} of the user's planted vector p_u. */
    public float userFactor(int user, int f) {
        Objects.checkIndex(user, userBias.length);
        return userFactors[user * rank + Objects.checkIndex(f, rank)];
    }

    /** Factor {@code f} of the item's planted vector q_i. */
    public float itemFactor(int item, int f) {
        Objects.checkIndex(item, itemBias.length);
        return itemFactors[item * rank + Objects.checkIndex(f, rank)];
    }

    /** The noise-free value {@code μ + b_u + b_i + p_u·q_i} of (user, item), 0-based indices. */
    public float truth(int user, int item) {
        Objects.checkIndex(user, userBias.length);
        Objects.checkIndex(item, itemBias.length);
        return (float) value(user, item);
    }

    /** {@link #truth} in double and unchecked, as the generator adds noise to it. */
    double value(int user, int item) {
        int pu = user * rank;
        int qi = item * rank;
        double dot = 0;
        for (int f = 0; f < rank; f++) {
            dot += (double) userFactors[pu + f] * itemFactors[qi + f];
        }
        return MEAN + userBias[user] + itemBias[item] + dot;
    }

    @Override
    public String toString() {
        return "PlantedModel[" + userCount() + " users × " + itemCount() + " items, rank " + rank + "]";
    }
}
