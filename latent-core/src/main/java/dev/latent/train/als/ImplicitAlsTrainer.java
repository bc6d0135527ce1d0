package dev.latent.train.als;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.math.Cholesky;
import dev.latent.math.ConjugateGradient;
import dev.latent.math.VectorKernels;
import dev.latent.model.DataStats;
import dev.latent.model.FactorModel;
import dev.latent.train.EpochEvent;
import dev.latent.train.FactorInit;
import dev.latent.train.Trainer;
import dev.latent.train.TrainingDivergedException;
import dev.latent.train.TrainingListener;

import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Implicit-feedback matrix factorisation by alternating least squares (Hu, Koren, Volinsky,
 * "Collaborative Filtering for Implicit Feedback Datasets", ICDM 2008), with the conjugate
 * gradient row solver of Takács, Pilászy, Tikk ("Applications of the conjugate gradient method
 * for implicit feedback collaborative filtering", RecSys 2011) or an exact Cholesky solve.
 *
 * <p>Every value {@code r_ui} in the matrix is a positive strength (a play count, a rating): the
 * pair's preference is {@code p_ui = 1} with confidence {@code c_ui = 1 + α·r_ui}, or
 * {@code 1 + α·log(1 + r_ui)} with {@link ImplicitAlsConfig.Confidence#LOG} (the paper's second
 * choice, for strengths spread over orders of magnitude, such as play counts); every pair not in
 * the matrix has preference 0 and confidence 1. The model minimises
 * {@code Σ_all c_ui (p_ui − x_u·y_i)² + λ(Σ|x_u|² + Σ|y_i|²)}: an iteration solves every user row
 * {@code (YᵀY + Yᵀ(C_u − I)Y + λI)·x_u = YᵀC_u·p(u)} with the items fixed, then every item row
 * likewise. {@code YᵀY} is formed once per half-iteration (from a transposed copy of Y, one SIMD
 * dot product per entry), so a row costs only its own observed pairs on top: with
 * {@link ImplicitAlsConfig.Solver#CG}, each step applies the row's matrix as
 * {@code YᵀY·v + λv + Σ_{i∈u} (c_ui − 1)·(y_i·v)·y_i} without forming it, starting from the row's
 * current vector, and the residual is got in one pass as
 * {@code Σ_{i∈u} (1 + (c_ui − 1)·(1 − y_i·x_u))·y_i − (YᵀY + λI)·x_u}.
 *
 * <p>The model has no biases (μ = 0, zero bias arrays): it scores {@code x_u·y_i}, and
 * recommendation ranks unseen items by that score. Rows are solved in parallel ranges
 * ({@link RowPool}); a row's solve reads only the other side and writes only its own slice, so
 * the model does not depend on the thread count. Randomness: one {@link SplittableRandom} seeded
 * with the config's seed; its splits draw the user factors, then the item factors, both
 * N(0, initStd²) in index order. Users and items without training pairs keep zero factors.
 *
 * <p>Progress. Each {@link EpochEvent}'s training RMSE is that of {@code x_u·y_i} against the
 * preference 1 over the observed pairs at the end of the iteration (it ignores the unobserved
 * pairs, which the model also fits, so it is a diagnostic, not the objective), an extra pass made
 * only for a listener other than {@link TrainingListener#NONE} (NaN for that one); the epoch
 * time covers the two half-iterations, not that pass. A validation list
 * is ignored: its RMSE is NaN in every event, since rating error says little about an implicit
 * model, and there is no early stopping.
 *
 * <p>Defaults, measured by leave-one-out NDCG@10: see {@link ImplicitAlsConfig#defaults()}.
 */
public final class ImplicitAlsTrainer implements Trainer {
    public static final String ALGORITHM = "ials";
    /** Rows per range handed to a worker. */
    private static final int RANGE = 32;
    /** Rows of the fixed side per range when transposing it. */
    private static final int TRANSPOSE_RANGE = 1024;

    private final ImplicitAlsConfig config;
    private final VectorKernels kernels;

    public ImplicitAlsTrainer(ImplicitAlsConfig config) {
        this(config, VectorKernels.best());
    }

    /** With explicit kernels, so tests can run the scalar twin. */
    public ImplicitAlsTrainer(ImplicitAlsConfig config, VectorKernels kernels) {
        this.config = Objects.requireNonNull(config, "config");
        this.kernels = Objects.requireNonNull(kernels, "kernels");
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    @Override
    public ImplicitAlsConfig config() {
        return config;
    }

    /**
     * Trains on the strengths in {@code data}, which must all be positive. {@code validation} is
     * ignored (see the class comment).
     */
    @Override
    public FactorModel train(RatingMatrix data, RatingList validation, TrainingListener listener) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("cannot train on an empty rating matrix");
        }
        if (!(data.min() > 0)) {
            throw new IllegalArgumentException("implicit ALS needs positive strengths but the smallest value was "
                    + data.min());
        }
        Objects.requireNonNull(listener, "listener");
        long started = System.nanoTime();
        int m = data.userCount();
        int n = data.itemCount();
        int k = config.factors();
        SplittableRandom root = new SplittableRandom(config.seed());
        float[] x = FactorInit.gaussian(root.split(), m, k, config.initStd(), data::userDegree);
        float[] y = FactorInit.gaussian(root.split(), n, k, config.initStd(), data::itemDegree);
        float[] gram = new float[k * k];
        float[] transposed = new float[Math.multiplyExact(k, Math.max(m, n))];
        boolean measuring = listener != TrainingListener.NONE;
        try (RowPool pool = new RowPool(config.threads(), "latent-ials")) {
            Weights weights = Weights.of(data, config);
            RowSolver[] solvers = new RowSolver[pool.workers()];
            for (int w = 0; w < solvers.length; w++) {
                solvers[w] = new RowSolver(data, weights, gram);
            }
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                long epochStarted = System.nanoTime();
                gram(pool, y, n, transposed, gram);
                pool.forEachRange(m, RANGE, (worker, from, to) -> {
                    for (int u = from; u < to; u++) {
                        solvers[worker].solve(true, x, y, u);
                    }
                    return 0;
                });
                gram(pool, x, m, transposed, gram);
                pool.forEachRange(n, RANGE, (worker, from, to) -> {
                    for (int i = from; i < to; i++) {
                        solvers[worker].solve(false, y, x, i);
                    }
                    return 0;
                });
                Duration epochTime = Duration.ofNanos(System.nanoTime() - epochStarted);
                double trainRmse = Double.NaN;
                if (measuring) {
                    double sse = pool.forEachRange(m, RANGE, (worker, from, to) -> squaredError(data, x, y, from, to));
                    trainRmse = Math.sqrt(sse / data.size());
                }
                if (measuring && !Double.isFinite(trainRmse)) {
                    throw new TrainingDivergedException("training diverged in iteration " + epoch
                            + " (the training error became " + trainRmse + "); raise the regularization (now "
                            + config.regularization() + ")");
                }
                listener.onEpoch(new EpochEvent(epoch, config.epochs(), trainRmse, Double.NaN, epochTime,
                        Duration.ofNanos(System.nanoTime() - started)));
            }
        }
        int[][] seen = FactorModel.seenItemsOf(data);
        return new FactorModel(ALGORITHM, config.parameters(), config.seed(), DataStats.of(data), data.users(),
                data.items(), k, 0f, new float[m], new float[n], x, y, seen[0], seen[1]);
    }

    /**
     * Writes the full k × k matrix {@code FᵀF} of the {@code rows} × k factors f into
     * {@code gram}: f is first transposed into {@code transposed}, so entry (r, c) is one dot
     * product of two contiguous rows of length {@code rows}; each task computes one row's lower
     * triangle and mirrors it.
     */
    private void gram(RowPool pool, float[] f, int rows, float[] transposed, float[] gram) {
        int k = config.factors();
        pool.forEachRange(rows, TRANSPOSE_RANGE, (worker, from, to) -> {
            for (int i = from; i < to; i++) {
                for (int j = 0; j < k; j++) {
                    transposed[j * rows + i] = f[i * k + j];
                }
            }
            return 0;
        });
        pool.forEachRange(k, 1, (worker, r, end) -> {
            for (int c = 0; c <= r; c++) {
                float v = kernels.dot(transposed, r * rows, transposed, c * rows, rows);
                gram[r * k + c] = v;
                gram[c * k + r] = v;
            }
            return 0;
        });
    }

    /** Σ (1 − x_u·y_i)² over the observed pairs of users {@code from .. to-1}. */
    private double squaredError(RatingMatrix data, float[] x, float[] y, int from, int to) {
        int k = config.factors();
        double sse = 0;
        for (int u = from; u < to; u++) {
            for (int pos = data.userStart(u), end = data.userEnd(u); pos < end; pos++) {
                float err = 1f - kernels.dot(x, u * k, y, data.itemAt(pos) * k, k);
                sse += (double) err * err;
            }
        }
        return sse;
    }

    /**
     * Every observed pair's confidence minus one, {@code c − 1} (α·r, or α·log(1 + r)), in the
     * matrix's CSR order and in its CSC order, computed once per run.
     */
    private record Weights(float[] byUser, float[] byItem) {
        static Weights of(RatingMatrix data, ImplicitAlsConfig config) {
            float[] byUser = new float[data.size()];
            float[] byItem = new float[data.size()];
            for (int p = 0; p < byUser.length; p++) {
                byUser[p] = config.confidenceWeight(data.valueAt(p));
                byItem[p] = config.confidenceWeight(data.valueAtItemPos(p));
            }
            return new Weights(byUser, byItem);
        }
    }

    /**
     * One worker's solver of a row's k × k system, with its scratch. As the CG operator it applies
     * the matrix of the row set by {@link #solve}.
     */
    private final class RowSolver implements ConjugateGradient.Operator {
        private final RatingMatrix data;
        private final float[] gram;
        private final int k;
        private final float reg;
        private final Weights weights;
        private final ConjugateGradient cg;
        private final float[] x;
        private final float[] residual;
        private final double[] a;
        private final double[] b;
        /** The row being solved: its side, the fixed side's factors and its positions. */
        private boolean userSide;
        private float[] other;
        private int from;
        private int to;

        RowSolver(RatingMatrix data, Weights weights, float[] gram) {
            this.data = data;
            this.gram = gram;
            k = config.factors();
            reg = config.regularization();
            this.weights = weights;
            boolean exact = config.solver() == ImplicitAlsConfig.Solver.CHOLESKY;
            cg = exact ? null : new ConjugateGradient(k, kernels);
            x = new float[k];
            residual = new float[k];
            a = exact ? new double[k * k] : null;
            b = exact ? new double[k] : null;
        }

        /** Solves row {@code row} of {@code own} (users when {@code userSide}) given {@code other}. */
        void solve(boolean userSide, float[] own, float[] other, int row) {
            this.userSide = userSide;
            this.other = other;
            from = userSide ? data.userStart(row) : data.itemStart(row);
            to = userSide ? data.userEnd(row) : data.itemEnd(row);
            if (from == to) {
                return;
            }
            if (cg != null) {
                solveByCg(own, row * k);
            } else {
                solveExactly(own, row * k);
            }
        }

        private int neighbour(int pos) {
            return userSide ? data.itemAt(pos) : data.userAtItemPos(pos);
        }

        /** {@code c − 1} of the pair at {@code pos}: α·r, or α·log(1 + r). */
        private float weight(int pos) {
            return userSide ? weights.byUser[pos] : weights.byItem[pos];
        }

        private void solveByCg(float[] own, int off) {
            System.arraycopy(own, off, x, 0, k);
            multiplyGram(x, residual);
            for (int j = 0; j < k; j++) {
                residual[j] = -residual[j];
            }
            for (int pos = from; pos < to; pos++) {
                int o = neighbour(pos) * k;
                float coefficient = 1f + weight(pos) * (1f - kernels.dot(other, o, x, 0, k));
                axpy(coefficient, other, o, residual);
            }
            cg.iterate(this, x, residual, config.cgSteps());
            System.arraycopy(x, 0, own, off, k);
        }

        /** {@code out = (YᵀY + λI)·v + Σ (c − 1)·(y·v)·y} over the row's pairs. */
        @Override
        public void apply(float[] v, float[] out) {
            multiplyGram(v, out);
            for (int pos = from; pos < to; pos++) {
                int o = neighbour(pos) * k;
                axpy(weight(pos) * kernels.dot(other, o, v, 0, k), other, o, out);
            }
        }

        /**
         * {@code out = (YᵀY + λI)·v}, as a sum of the Gram matrix's rows (it is symmetric) scaled
         * by v's entries: axpy loops, which the JIT vectorizes, rather than k dot products, each
         * ending in a horizontal sum.
         */
        private void multiplyGram(float[] v, float[] out) {
            for (int r = 0; r < k; r++) {
                out[r] = reg * v[r];
            }
            for (int c = 0; c < k; c++) {
                axpy(v[c], gram, c * k, out);
            }
        }

        private void axpy(float scale, float[] from, int off, float[] into) {
            for (int j = 0; j < k; j++) {
                into[j] += scale * from[off + j];
            }
        }

        /** Forms {@code YᵀY + λI + Σ (c − 1)·y·yᵀ} (lower triangle) and {@code Σ c·y}, then solves. */
        private void solveExactly(float[] own, int off) {
            for (int r = 0; r < k; r++) {
                for (int c = 0; c <= r; c++) {
                    a[r * k + c] = gram[r * k + c];
                }
                a[r * k + r] += reg;
                b[r] = 0;
            }
            for (int pos = from; pos < to; pos++) {
                int o = neighbour(pos) * k;
                double weight = weight(pos);
                for (int r = 0; r < k; r++) {
                    double yr = other[o + r];
                    double scaled = weight * yr;
                    int row = r * k;
                    for (int c = 0; c <= r; c++) {
                        a[row + c] += scaled * other[o + c];
                    }
                    b[r] += (1 + weight) * yr;
                }
            }
            Cholesky.factorAndSolve(a, k, b);
            for (int j = 0; j < k; j++) {
                own[off + j] = (float) b[j];
            }
        }
    }
}
