package dev.latent.train.sgd;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.eval.metric.ErrorMetrics;
import dev.latent.math.VectorKernels;
import dev.latent.model.DataStats;
import dev.latent.model.FactorModel;
import dev.latent.train.EarlyStopping;
import dev.latent.train.EpochEvent;
import dev.latent.train.TrainerConfig;
import dev.latent.train.TrainingDivergedException;
import dev.latent.train.TrainingListener;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;

/**
 * The sequential SGD loop both FunkSVD and biased MF run: factors drawn from N(0, initStd²), then
 * each epoch visits every training rating once in a freshly shuffled order and applies
 * {@code e = r − r̂; b_u += η(e − λ_b·b_u); b_i += η(e − λ_b·b_i); p_u, q_i ← sgdStep} (biases
 * only when {@code biased}). Both factor vectors are updated from their old values.
 *
 * <p>Randomness: one {@link SplittableRandom} seeded with the config's seed; the factor draws use
 * its first split and epoch {@code t} shuffles with split {@code t+1}, so the run is a function of
 * (data, config) alone. Users and items with no training rating keep zero factors, so their
 * prediction falls back to the biases.
 */
final class SgdLoop {
    private final String algorithm;
    private final TrainerConfig config;
    private final boolean biased;
    private final int rank;
    private final int epochs;
    private final float learningRate;
    private final float regFactors;
    private final float regBias;
    private final float initStd;
    private final EarlyStopping stopping;
    private final VectorKernels kernels;

    SgdLoop(String algorithm, TrainerConfig config, boolean biased, int rank, int epochs, float learningRate,
            float regFactors, float regBias, float initStd, EarlyStopping stopping, VectorKernels kernels) {
        this.algorithm = algorithm;
        this.config = config;
        this.biased = biased;
        this.rank = rank;
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.regFactors = regFactors;
        this.regBias = regBias;
        this.initStd = initStd;
        this.stopping = stopping;
        this.kernels = kernels;
    }

    FactorModel run(RatingMatrix data, RatingList validation, TrainingListener listener) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("cannot train on an empty rating matrix");
        }
        long started = System.nanoTime();
        int m = data.userCount();
        int n = data.itemCount();
        int k = rank;
        SplittableRandom root = new SplittableRandom(config.seed());
        float[] p = gaussian(root.split(), m, k, data::userDegree);
        float[] q = gaussian(root.split(), n, k, data::itemDegree);
        float mu = biased ? (float) data.mean() : 0f;
        float[] bu = new float[m];
        float[] bi = new float[n];

        // Struct-of-arrays copy of the ratings, permuted in place once per epoch.
        RatingList all = data.toList();
        int nnz = all.size();
        int[] us = new int[nnz];
        int[] is = new int[nnz];
        float[] rs = new float[nnz];
        for (int e = 0; e < nnz; e++) {
            us[e] = all.user(e);
            is[e] = all.item(e);
            rs[e] = all.value(e);
        }

        DataStats stats = DataStats.of(data);
        int[][] seen = FactorModel.seenItemsOf(data);
        boolean validating = validation != null && validation.size() > 0;
        double best = Double.POSITIVE_INFINITY;
        FactorModel bestModel = null;
        double lastImprovement = Double.POSITIVE_INFINITY;
        int sinceImprovement = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            shuffle(root.split(), us, is, rs);
            double sse = 0;
            for (int e = 0; e < nnz; e++) {
                int u = us[e];
                int i = is[e];
                int pu = u * k;
                int qi = i * k;
                float predicted = kernels.dot(p, pu, q, qi, k);
                if (biased) {
                    predicted += mu + bu[u] + bi[i];
                }
                float err = rs[e] - predicted;
                sse += (double) err * err;
                if (biased) {
                    bu[u] += learningRate * (err - regBias * bu[u]);
                    bi[i] += learningRate * (err - regBias * bi[i]);
                }
                kernels.sgdStep(p, pu, q, qi, k, err, learningRate, regFactors);
            }
            double trainRmse = Math.sqrt(sse / nnz);
            if (!Double.isFinite(trainRmse)) {
                throw new TrainingDivergedException("training diverged in epoch " + epoch + " (the training error became "
                        + trainRmse + "); lower the learning rate (now " + learningRate + ") or raise the regularisation");
            }
            double validationRmse = Double.NaN;
            if (validating) {
                // Scored through a model over the live arrays, which never leaves this loop.
                validationRmse = ErrorMetrics.of(model(data, stats, seen, mu, bu, bi, p, q), validation).rmse();
            }
            listener.onEpoch(new EpochEvent(epoch, epochs, trainRmse, validationRmse,
                    Duration.ofNanos(System.nanoTime() - started)));
            if (validating && stopping.enabled()) {
                if (validationRmse < best) {
                    best = validationRmse;
                    bestModel = model(data, stats, seen, mu, bu.clone(), bi.clone(), p.clone(), q.clone());
                }
                // Patience counts epochs without an improvement larger than minDelta.
                if (validationRmse < lastImprovement - stopping.minDelta()) {
                    lastImprovement = validationRmse;
                    sinceImprovement = 0;
                } else if (++sinceImprovement >= stopping.patience()) {
                    return bestModel;
                }
            }
        }
        // The loop is done with the arrays, so the returned model can own them.
        return bestModel != null ? bestModel : model(data, stats, seen, mu, bu, bi, p, q);
    }

    private FactorModel model(RatingMatrix data, DataStats stats, int[][] seen, float mu,
                              float[] bu, float[] bi, float[] p, float[] q) {
        return new FactorModel(algorithm, config.parameters(), config.seed(), stats, data.users(), data.items(),
                rank, mu, bu, bi, p, q, seen[0], seen[1]);
    }

    /** A rows × k factor matrix drawn from N(0, initStd²), with zero rows for ids without ratings. */
    private float[] gaussian(SplittableRandom random, int rows, int k, IntUnaryOperator degree) {
        float[] out = new float[Math.multiplyExact(rows, k)];
        for (int j = 0; j < out.length; j++) {
            out[j] = (float) (random.nextGaussian() * initStd);
        }
        for (int r = 0; r < rows; r++) {
            if (degree.applyAsInt(r) == 0) {
                Arrays.fill(out, r * k, r * k + k, 0f);
            }
        }
        return out;
    }

    /** Fisher–Yates over the three parallel arrays. */
    private static void shuffle(SplittableRandom random, int[] us, int[] is, float[] rs) {
        for (int j = us.length - 1; j > 0; j--) {
            int o = random.nextInt(j + 1);
            int u = us[j];
            us[j] = us[o];
            us[o] = u;
            int i = is[j];
            is[j] = is[o];
            is[o] = i;
            float r = rs[j];
            rs[j] = rs[o];
            rs[o] = r;
        }
    }
}
