package dev.latent.model;

import dev.latent.data.RatingMatrix;

/**
 * The baseline predictor {@code μ + b_u + b_i}, clipped to the training rating range, with
 * regularised biases fitted by alternating least squares (Koren, "Factor in the Neighbors:
 * Scalable and Accurate Collaborative Filtering", ACM TKDD 2010, §2.1).
 *
 * <p>Starting from {@code b_u = 0}, each sweep sets every item bias and then every user bias:
 * <pre>
 *   b_i = Σ_{u∈R(i)} (r_ui − μ − b_u) / (λ_i + |R(i)|)
 *   b_u = Σ_{i∈R(u)} (r_ui − μ − b_i) / (λ_u + |R(u)|)
 * </pre>
 * Defaults ({@link #fit(RatingMatrix)}): λ_i = 10, λ_u = 15, 10 sweeps. Koren's single pass is
 * {@code sweeps = 1}. A user or item without training ratings gets bias 0, and so does the
 * unknown index -1: its side of the prediction is dropped.
 */
public final class BiasBaseline implements Predictor {
    public static final double DEFAULT_ITEM_REGULARIZATION = 10;
    public static final double DEFAULT_USER_REGULARIZATION = 15;
    public static final int DEFAULT_SWEEPS = 10;

    private final double mean;
    private final double[] userBias;
    private final double[] itemBias;
    private final float min;
    private final float max;

    private BiasBaseline(double mean, double[] userBias, double[] itemBias, float min, float max) {
        this.mean = mean;
        this.userBias = userBias;
        this.itemBias = itemBias;
        this.min = min;
        this.max = max;
    }

    /** Fits with the defaults: λ_i = 10, λ_u = 15, 10 sweeps. */
    public static BiasBaseline fit(RatingMatrix train) {
        return fit(train, DEFAULT_ITEM_REGULARIZATION, DEFAULT_USER_REGULARIZATION, DEFAULT_SWEEPS);
    }

    /**
     * Fits on {@code train}, which must hold at least one rating.
     *
     * @param itemRegularization λ_i, non-negative and finite
     * @param userRegularization λ_u, non-negative and finite
     * @param sweeps             how many times both bias vectors are updated, positive
     */
    public static BiasBaseline fit(RatingMatrix train, double itemRegularization, double userRegularization,
                                   int sweeps) {
        checkRegularization("itemRegularization", itemRegularization);
        checkRegularization("userRegularization", userRegularization);
        if (sweeps <= 0) {
            throw new IllegalArgumentException("sweeps must be positive but was " + sweeps);
        }
        if (train.size() == 0) {
            throw new IllegalArgumentException("cannot fit biases on an empty rating matrix");
        }
        double mu = train.mean();
        int m = train.userCount();
        int n = train.itemCount();
        double[] bu = new double[m];
        double[] bi = new double[n];
        for (int sweep = 0; sweep < sweeps; sweep++) {
            for (int i = 0; i < n; i++) {
                int count = train.itemDegree(i);
                double sum = 0;
                for (int p = train.itemStart(i); p < train.itemEnd(i); p++) {
                    sum += train.valueAtItemPos(p) - mu - bu[train.userAtItemPos(p)];
                }
                bi[i] = count == 0 ? 0 : sum / (itemRegularization + count);
            }
            for (int u = 0; u < m; u++) {
                int count = train.userDegree(u);
                double sum = 0;
                for (int p = train.userStart(u); p < train.userEnd(u); p++) {
                    sum += train.valueAt(p) - mu - bi[train.itemAt(p)];
                }
                bu[u] = count == 0 ? 0 : sum / (userRegularization + count);
            }
        }
        return new BiasBaseline(mu, bu, bi, train.min(), train.max());
    }

    private static void checkRegularization(String name, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a non-negative finite number but was " + value);
        }
    }

    /** {@code μ + b_u + b_i} clipped to the training range; a -1 index contributes no bias. */
    @Override
    public float predict(int user, int item) {
        double s = mean;
        if (user >= 0) {
            s += userBias[user];
        }
        if (item >= 0) {
            s += itemBias[item];
        }
        return Math.clamp((float) s, min, max);
    }

    /** μ, the mean training rating. */
    public double globalMean() {
        return mean;
    }

    public double userBias(int user) {
        return userBias[user];
    }

    public double itemBias(int item) {
        return itemBias[item];
    }

    @Override
    public String toString() {
        return "BiasBaseline[μ=" + mean + ", " + userBias.length + " users × " + itemBias.length + " items]";
    }
}
