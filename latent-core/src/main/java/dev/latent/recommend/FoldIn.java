package dev.latent.recommend;

import dev.latent.math.Cholesky;
import dev.latent.model.FactorModel;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Folds a new or anonymous user into a trained {@link FactorModel} without retraining: solves
 * the user's factor vector (and bias) by regularised least squares against the model's fixed item
 * factors, the half-step of alternating least squares for one row (explicit: Zhou, Wilkinson,
 * Schreiber, Pan 2008; implicit: Hu, Koren, Volinsky 2008).
 *
 * <p>Explicit models. With {@code z_i = [q_i, 1]}, unknowns {@code [p, b_u]} and targets
 * {@code t_i = r_i − μ − b_i}, the user minimises
 * {@code Σ_i (t_i − z_i·[p, b_u])² + λ·n·|p|² + w_b·b_u²} over the n given ratings, where
 * {@code w_b} is {@code λ_b·n} or {@code λ_b} ({@link FoldInConfig#biasPerRating()}): the
 * (k+1) × (k+1) system {@code (Σ z_i z_iᵀ + diag(λn, …, λn, w_b))·[p, b_u] = Σ t_i z_i}, which is
 * exactly the user row {@code AlsTrainer} solves, so folding a user into an ALS model gives the
 * vector one more user half-iteration would. A model without biases (μ = 0 and zero bias arrays:
 * funk-svd, nmf) solves p alone, k × k; nmf's non-negativity is not imposed. An svdpp model stores
 * each user's {@code p_u + |N(u)|^−½ Σ y_j} as one vector (the y are not kept), and fold-in solves
 * that sum directly.
 *
 * <p>Implicit models ({@code ials}, {@code bpr}). Every given item has preference 1 and
 * confidence {@code 1 + α'_i} ({@link FoldInConfig.Confidence}), every other item preference 0
 * and confidence 1: {@code x = (YᵀY + Σ_i α'_i y_i y_iᵀ + λI)⁻¹ Σ_i (1 + α'_i) y_i}. {@code YᵀY}
 * over all items (k × k, O(items·k²) to form) is computed once, when the FoldIn is built. For bpr
 * this is a least-squares stand-in for its pairwise loss, not its own objective; its item biases
 * stay in the score.
 *
 * <p>Systems are formed and solved by {@link Cholesky} in double precision; a solve allocates
 * O(k²), nothing proportional to the catalogue. Immutable and thread-safe.
 */
public final class FoldIn {
    private final FactorModel model;
    private final FoldInConfig config;
    private final boolean implicit;
    private final boolean biased;
    private final int k;
    private final FloatBuffer itemFactors;
    private final FloatBuffer itemBiases;
    private final int itemCount;
    /** YᵀY's lower triangle, k × k row-major (implicit models only). */
    private final double[] gram;

    /** With the regularisation the model was trained with ({@link FoldInConfig#forModel}). */
    public FoldIn(FactorModel model) {
        this(model, FoldInConfig.forModel(model));
    }

    public FoldIn(FactorModel model, FoldInConfig config) {
        this.model = Objects.requireNonNull(model, "model");
        this.config = Objects.requireNonNull(config, "config");
        this.implicit = isImplicit(model);
        this.k = model.rank();
        this.itemFactors = model.itemFactors();
        this.itemBiases = model.itemBiases();
        this.itemCount = model.items().size();
        this.biased = !implicit && hasBiases(model);
        this.gram = implicit ? gram(itemFactors, itemCount, k) : null;
    }

    /** Whether the model was trained on implicit feedback, so fold-in solves the implicit system. */
    static boolean isImplicit(FactorModel model) {
        return model.algorithm().equals("ials") || model.algorithm().equals("bpr");
    }

    private static boolean hasBiases(FactorModel model) {
        if (model.globalMean() != 0f) {
            return true;
        }
        return nonZero(model.itemBiases()) || nonZero(model.userBiases());
    }

    private static boolean nonZero(FloatBuffer values) {
        for (int j = 0; j < values.limit(); j++) {
            if (values.get(j) != 0f) {
                return true;
            }
        }
        return false;
    }

    /** Σ_i y_i y_iᵀ over every item, lower triangle, in double precision. */
    private static double[] gram(FloatBuffer factors, int n, int k) {
        double[] g = new double[k * k];
        float[] row = new float[k];
        for (int i = 0; i < n; i++) {
            factors.get(i * k, row);
            for (int r = 0; r < k; r++) {
                double yr = row[r];
                int offset = r * k;
                for (int c = 0; c <= r; c++) {
                    g[offset + c] += yr * row[c];
                }
            }
        }
        return g;
    }

    public FactorModel model() {
        return model;
    }

    public FoldInConfig config() {
        return config;
    }

    /** Whether fold-in solves the implicit-feedback system (ials and bpr models). */
    public boolean implicit() {
        return implicit;
    }

    /** Whether the solve includes a user bias (an explicit model with biases). */
    public boolean solvesBias() {
        return biased;
    }

    /**
     * Solves the user who gave {@code values[j]} to item index {@code items[j]}: ratings for an
     * explicit model, strengths for an implicit one. No items gives the zero vector and bias, which
     * ranks by the item biases alone.
     *
     * @throws IllegalArgumentException when the arrays differ in length, an item is given twice,
     *                                  a value is not finite, or (implicit) a value's confidence
     *                                  weight is negative
     * @throws IndexOutOfBoundsException when an item index is outside the model
     */
    public FoldedUser foldIn(int[] items, float[] values) {
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(values, "values");
        if (items.length != values.length) {
            throw new IllegalArgumentException("items and values must have the same length but had "
                    + items.length + " and " + values.length);
        }
        int n = items.length;
        for (int j = 0; j < n; j++) {
            Objects.checkIndex(items[j], itemCount);
            if (!Float.isFinite(values[j])) {
                throw new IllegalArgumentException("the value for item index " + items[j] + " must be finite but was "
                        + values[j]);
            }
        }
        int[] sorted = items.clone();
        Arrays.sort(sorted);
        for (int j = 1; j < n; j++) {
            if (sorted[j] == sorted[j - 1]) {
                throw new IllegalArgumentException("item index " + sorted[j] + " is given more than once");
            }
        }
        if (n == 0) {
            return new FoldedUser(new float[k], 0f, sorted);
        }
        return implicit ? solveImplicit(items, values, sorted) : solveExplicit(items, values, sorted);
    }

    private FoldedUser solveExplicit(int[] items, float[] values, int[] sorted) {
        int n = items.length;
        int size = biased ? k + 1 : k;
        double[] a = new double[size * size];
        double[] b = new double[size];
        float[] q = new float[k];
        float mu = model.globalMean();
        for (int j = 0; j < n; j++) {
            int item = items[j];
            itemFactors.get(item * k, q);
            double t = values[j] - mu - itemBiases.get(item);
            for (int r = 0; r < k; r++) {
                double qr = q[r];
                int row = r * size;
                for (int c = 0; c <= r; c++) {
                    a[row + c] += qr * q[c];
                }
                b[r] += qr * t;
            }
            if (biased) {
                int row = k * size;
                for (int c = 0; c < k; c++) {
                    a[row + c] += q[c];
                }
                a[row + k] += 1;
                b[k] += t;
            }
        }
        double factorWeight = (double) config.regFactors() * n;
        for (int r = 0; r < k; r++) {
            a[r * size + r] += factorWeight;
        }
        if (biased) {
            a[k * size + k] += config.biasPerRating() ? (double) config.regBias() * n : config.regBias();
        }
        Cholesky.factorAndSolve(a, size, b);
        float[] p = new float[k];
        for (int r = 0; r < k; r++) {
            p[r] = (float) b[r];
        }
        return new FoldedUser(p, biased ? (float) b[k] : 0f, sorted);
    }

    private FoldedUser solveImplicit(int[] items, float[] values, int[] sorted) {
        double[] a = gram.clone();
        double[] b = new double[k];
        float[] y = new float[k];
        for (int j = 0; j < items.length; j++) {
            float weight = config.confidence().weight(config.alpha(), values[j]);
            if (!(weight >= 0)) {
                throw new IllegalArgumentException("implicit fold-in needs values with a non-negative confidence weight"
                        + " but item index " + items[j] + " had value " + values[j] + " (weight " + weight + ")");
            }
            itemFactors.get(items[j] * k, y);
            for (int r = 0; r < k; r++) {
                double wr = (double) weight * y[r];
                int row = r * k;
                for (int c = 0; c <= r; c++) {
                    a[row + c] += wr * y[c];
                }
                b[r] += (1.0 + weight) * y[r];
            }
        }
        for (int r = 0; r < k; r++) {
            a[r * k + r] += config.regFactors();
        }
        Cholesky.factorAndSolve(a, k, b);
        float[] x = new float[k];
        for (int r = 0; r < k; r++) {
            x[r] = (float) b[r];
        }
        return new FoldedUser(x, 0f, sorted);
    }

    /** The unclipped score {@code μ + b_u + b_i + p·q_i} of {@code item} for the folded-in user. */
    public float score(FoldedUser user, int item) {
        checkRank(user);
        return model.score(user.vector(), user.bias(), item);
    }

    /** The unclipped score of every item for the folded-in user, written to {@code out[0 .. items)}. */
    public void scoreAll(FoldedUser user, float[] out) {
        checkRank(user);
        model.scoreAll(user.vector(), user.bias(), out);
    }

    private void checkRank(FoldedUser user) {
        if (user.rank() != k) {
            throw new IllegalArgumentException("the folded-in user has rank " + user.rank() + " but the model has " + k);
        }
    }
}
