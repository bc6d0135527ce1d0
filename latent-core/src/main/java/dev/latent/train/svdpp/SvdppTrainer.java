package dev.latent.train.svdpp;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.eval.metric.ErrorMetrics;
import dev.latent.math.VectorKernels;
import dev.latent.model.DataStats;
import dev.latent.model.FactorModel;
import dev.latent.train.EarlyStopping;
import dev.latent.train.EpochEvent;
import dev.latent.train.FactorInit;
import dev.latent.train.Trainer;
import dev.latent.train.TrainingDivergedException;
import dev.latent.train.TrainingListener;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * SVD++ by SGD (Koren, "Factorization Meets the Neighborhood: a Multifaceted Collaborative
 * Filtering Model", KDD 2008): {@code r̂_ui = μ + b_u + b_i + q_i·(p_u + |N(u)|^−½ Σ_{j∈N(u)} y_j)},
 * where N(u) is the set of items u rated in training and μ the training mean.
 *
 * <p>Updates. An epoch visits the users in a shuffled order and each user's ratings in a shuffled
 * order, with step size {@code η_e = η·decay^(e−1)}. When user u's turn starts, the implicit term
 * {@code z_u = |N(u)|^−½ Σ_{j∈N(u)} y_j} is computed once and held fixed for the turn, and a
 * k-vector {@code g} starts at zero. For each rating r_ui, with {@code e = r_ui − r̂_ui} and every
 * right-hand side taken from the values before the step:
 * <pre>
 *   b_u ← b_u + η(e − λ_b·b_u)
 *   b_i ← b_i + η(e − λ_b·b_i)
 *   p_u ← p_u + η(e·q_i − λ·p_u)
 *   q_i ← q_i + η(e·(p_u + z_u) − λ·q_i)
 *   g   ← g + e·q_i
 * </pre>
 * At the end of the turn every {@code j ∈ N(u)} takes the step the paper's per-rating updates
 * {@code y_j ← y_j + η(e·|N(u)|^−½·q_i − λ_y·y_j)} add up to when y is held fixed during the turn,
 * the |R(u)| shrink steps composed exactly (so the factor stays in (0, 1] for any degree):
 * <pre>
 *   y_j ← (1 − η·λ_y)^|R(u)| · y_j + η·|N(u)|^−½·g
 * </pre>
 * (R(u) = N(u) here: every training rating is also implicit feedback). This costs
 * O(|R(u)|·k + |N(u)|·k) per user instead of the O(|R(u)|·|N(u)|·k) of updating every y_j after
 * every rating, as Surprise does.
 *
 * <p>Tuning (MovieLens 100K u1..u5, mean test RMSE, scratch sweeps over k ∈ {20, 50, 100},
 * η ∈ {0.007..0.03}, decay ∈ {0.93..1}, λ ∈ {0.02..0.15}, λ_y/λ ∈ {0.1..3}, λ_b, initStd, epochs):
 * Surprise's settings (k = 20, η = 0.007, λ = λ_y = λ_b = 0.02, 20 epochs) give 0.921 here as
 * there (0.919); a stronger λ = 0.1 on p and q with a ten times weaker λ_y = 0.01 on y (whose
 * shrink is applied once per rating of every user of the item) and a decaying step give 0.902.
 *
 * <p>The model. The returned {@link FactorModel} stores {@code p'_u = p_u + z_u}, with z_u from
 * the final y, so its standard prediction {@code μ + b_u + b_i + p'_u·q_i} is exact for every
 * training user; the y vectors are not stored, so a user's implicit term does not follow later
 * changes to N(u) without retraining. Users and items without training ratings keep zero vectors.
 *
 * <p>Randomness: one {@link SplittableRandom} from the seed; its splits draw, in order, p, q and y
 * (N(0, initStd²), in index order), then one stream per epoch for the visiting order. Training is
 * single-threaded, so the model is a function of the data and the config.
 */
public final class SvdppTrainer implements Trainer {
    public static final String ALGORITHM = "svdpp";

    private final SvdppConfig config;
    private final VectorKernels kernels;

    public SvdppTrainer(SvdppConfig config) {
        this(config, VectorKernels.best());
    }

    /** With explicit kernels, so tests can run the scalar twin. */
    public SvdppTrainer(SvdppConfig config, VectorKernels kernels) {
        this.config = Objects.requireNonNull(config, "config");
        this.kernels = Objects.requireNonNull(kernels, "kernels");
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    @Override
    public SvdppConfig config() {
        return config;
    }

    @Override
    public FactorModel train(RatingMatrix data, RatingList validation, TrainingListener listener) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("cannot train on an empty rating matrix");
        }
        long started = System.nanoTime();
        int m = data.userCount();
        int n = data.itemCount();
        int k = config.factors();
        SplittableRandom root = new SplittableRandom(config.seed());
        State st = new State(data, k, (float) data.mean());
        FactorInit.fillGaussian(root.split(), st.p, k, config.initStd(), data::userDegree);
        FactorInit.fillGaussian(root.split(), st.q, k, config.initStd(), data::itemDegree);
        FactorInit.fillGaussian(root.split(), st.y, k, config.initStd(), data::itemDegree);

        DataStats stats = DataStats.of(data);
        int[][] seen = FactorModel.seenItemsOf(data);
        boolean validating = validation != null && validation.size() > 0;
        boolean stopping = validating && config.earlyStopping().enabled();
        EarlyStopping.Tracker<FactorModel> tracker = config.earlyStopping().tracker();
        float lr = config.learningRate();
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            long epochStarted = System.nanoTime();
            double sse = epoch(data, st, root.split(), lr);
            Duration epochTime = Duration.ofNanos(System.nanoTime() - epochStarted);
            double trainRmse = Math.sqrt(sse / data.size());
            if (!Double.isFinite(trainRmse)) {
                throw new TrainingDivergedException("training diverged in epoch " + epoch + " (the training error became "
                        + trainRmse + "); lower the learning rate (now " + config.learningRate()
                        + ") or raise the regularisation");
            }
            FactorModel model = null;
            double validationRmse = Double.NaN;
            if (validating) {
                model = toModel(data, stats, seen, st);
                validationRmse = ErrorMetrics.of(model, validation).rmse();
            }
            listener.onEpoch(new EpochEvent(epoch, config.epochs(), trainRmse, validationRmse, epochTime,
                    Duration.ofNanos(System.nanoTime() - started)));
            if (stopping && tracker.record(validationRmse, model)) {
                return tracker.best();
            }
            lr *= config.decay();
        }
        return tracker.best() != null ? tracker.best() : toModel(data, stats, seen, st);
    }

    /** Everything the epochs update, in index order, plus the per-turn scratch vectors. */
    private static final class State {
        final int k;
        final float mu;
        final float[] p;
        final float[] q;
        final float[] y;
        final float[] bu;
        final float[] bi;
        /** The users in visiting order, reshuffled in place every epoch. */
        final int[] users;
        /** The current user's rating positions, shuffled. */
        final int[] positions;
        /** z_u, p_u + z_u and the accumulated y gradient g of the current user. */
        final float[] z;
        final float[] pz;
        final float[] g;

        State(RatingMatrix data, int k, float mu) {
            int m = data.userCount();
            int n = data.itemCount();
            this.k = k;
            this.mu = mu;
            p = new float[Math.multiplyExact(m, k)];
            q = new float[Math.multiplyExact(n, k)];
            y = new float[Math.multiplyExact(n, k)];
            bu = new float[m];
            bi = new float[n];
            users = new int[m];
            int maxDegree = 0;
            for (int u = 0; u < m; u++) {
                users[u] = u;
                maxDegree = Math.max(maxDegree, data.userDegree(u));
            }
            positions = new int[maxDegree];
            z = new float[k];
            pz = new float[k];
            g = new float[k];
        }
    }

    /** One epoch; returns the sum of squared errors of the predictions made before each update. */
    private double epoch(RatingMatrix data, State st, SplittableRandom random, float lr) {
        int k = st.k;
        float[] p = st.p;
        float[] q = st.q;
        float[] y = st.y;
        float[] bu = st.bu;
        float[] bi = st.bi;
        float[] z = st.z;
        float[] pz = st.pz;
        float[] g = st.g;
        int[] positions = st.positions;
        float reg = config.regFactors();
        float regImplicit = config.regImplicit();
        float regBias = config.regBias();
        shuffle(st.users, st.users.length, random);
        double sse = 0;
        for (int u : st.users) {
            int start = data.userStart(u);
            int degree = data.userDegree(u);
            if (degree == 0) {
                continue;
            }
            float norm = (float) (1 / Math.sqrt(degree));
            implicitSum(data, y, k, u, norm, z);
            int pu = u * k;
            for (int f = 0; f < k; f++) {
                pz[f] = p[pu + f] + z[f];
                g[f] = 0f;
            }
            for (int r = 0; r < degree; r++) {
                positions[r] = start + r;
            }
            shuffle(positions, degree, random);
            for (int r = 0; r < degree; r++) {
                int pos = positions[r];
                int i = data.itemAt(pos);
                int qi = i * k;
                float err = data.valueAt(pos) - (st.mu + bu[u] + bi[i] + kernels.dot(pz, 0, q, qi, k));
                sse += (double) err * err;
                bu[u] += lr * (err - regBias * bu[u]);
                bi[i] += lr * (err - regBias * bi[i]);
                for (int f = 0; f < k; f++) {
                    float pf = p[pu + f];
                    float qf = q[qi + f];
                    float pn = pf + lr * (err * qf - reg * pf);
                    q[qi + f] = qf + lr * (err * pz[f] - reg * qf);
                    g[f] += err * qf;
                    p[pu + f] = pn;
                    pz[f] = pn + z[f];
                }
            }
            float step = lr * norm;
            float shrink = (float) Math.pow(1 - lr * regImplicit, degree);
            for (int pos = start; pos < start + degree; pos++) {
                int yj = data.itemAt(pos) * k;
                for (int f = 0; f < k; f++) {
                    y[yj + f] = shrink * y[yj + f] + step * g[f];
                }
            }
        }
        return sse;
    }

    /** {@code out = norm · Σ_{j∈N(u)} y_j}. */
    private static void implicitSum(RatingMatrix data, float[] y, int k, int u, float norm, float[] out) {
        Arrays.fill(out, 0f);
        for (int pos = data.userStart(u); pos < data.userEnd(u); pos++) {
            int yj = data.itemAt(pos) * k;
            for (int f = 0; f < k; f++) {
                out[f] += y[yj + f];
            }
        }
        for (int f = 0; f < k; f++) {
            out[f] *= norm;
        }
    }

    /** The current state as a model, the implicit term folded into the user vectors (new arrays). */
    private FactorModel toModel(RatingMatrix data, DataStats stats, int[][] seen, State st) {
        int k = st.k;
        float[] p = st.p.clone();
        float[] z = new float[k];
        for (int u = 0; u < data.userCount(); u++) {
            int degree = data.userDegree(u);
            if (degree == 0) {
                continue;
            }
            implicitSum(data, st.y, k, u, (float) (1 / Math.sqrt(degree)), z);
            for (int f = 0; f < k; f++) {
                p[u * k + f] += z[f];
            }
        }
        return new FactorModel(ALGORITHM, config.parameters(), config.seed(), stats, data.users(), data.items(),
                k, st.mu, st.bu.clone(), st.bi.clone(), p, st.q.clone(), seen[0], seen[1]);
    }

    /** Fisher–Yates over {@code a[0..length-1]}. */
    private static void shuffle(int[] a, int length, SplittableRandom random) {
        for (int j = length - 1; j > 0; j--) {
            int r = random.nextInt(j + 1);
            int t = a[j];
            a[j] = a[r];
            a[r] = t;
        }
    }

}
