package dev.latent.train.sgd;

import dev.latent.math.VectorKernels;

import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The per-rating SGD update of FunkSVD and biased MF, run over a stretch of ratings in the order
 * given. It is the one inner loop that {@link FpsgdLoop}'s threads and latent-spark's DSGD tasks
 * both run, so the two train by the same arithmetic, bit for bit.
 *
 * <p>Per rating: {@code e = r − r̂}; biases {@code b_u += η(e − λ_b·b_u)}, {@code b_i += η(e −
 * λ_b·b_i)} (biased MF only); factors by {@link VectorKernels#fusedStep}, both vectors from their
 * old values. When the rows carry AdaGrad sums, every vector and bias steps with η/√G of its own
 * accumulated squared gradient instead ({@link VectorKernels#adaptiveStep}); a vector's G grows by
 * its squared gradient averaged over the k components.
 *
 * <p>Not thread-safe on shared rows: callers hand each thread rows no other thread updates.
 */
public final class SgdUpdate {
    private final VectorKernels kernels;
    private final int k;
    private final int offset;
    private final float mu;
    private final boolean biased;
    private final float regFactors;
    private final float regBias;

    /**
     * @param kernels    the vector kernels to step with
     * @param k          the rank
     * @param offset     where row 0's factors start in {@link Rows#factors} (row r starts at offset + r·k)
     * @param mu         the global mean (biased MF), or 0
     * @param biased     whether to learn and use the bias terms
     * @param regFactors λ of the factors
     * @param regBias    λ of the biases
     */
    public SgdUpdate(VectorKernels kernels, int k, int offset, float mu, boolean biased, float regFactors, float regBias) {
        this.kernels = kernels;
        this.k = k;
        this.offset = offset;
        this.mu = biased ? mu : 0f;
        this.biased = biased;
        this.regFactors = regFactors;
        this.regBias = regBias;
    }

    /**
     * The trainable rows of one side, users or items: factors (k per row, from the update's
     * offset), biases, and AdaGrad's sums of squared gradients (both null without AdaGrad).
     */
    public record Rows(float[] factors, float[] bias, float[] factorSquares, float[] biasSquares)
            implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        /** Zero factors and biases for {@code count} rows, with AdaGrad sums of 1 when asked. */
        public static Rows zeros(int count, int k, int offset, boolean adaGrad) {
            return new Rows(new float[offset + Math.multiplyExact(count, k)], new float[count],
                    adaGrad ? ones(count) : null, adaGrad ? ones(count) : null);
        }

        /** Whether these rows step by AdaGrad. */
        public boolean adaGrad() {
            return factorSquares != null;
        }

        /** A deep copy. */
        public Rows copy() {
            return new Rows(factors.clone(), bias.clone(), factorSquares == null ? null : factorSquares.clone(),
                    biasSquares == null ? null : biasSquares.clone());
        }

        private static float[] ones(int size) {
            float[] a = new float[size];
            Arrays.fill(a, 1f);
            return a;
        }
    }

    /**
     * Updates {@code users} and {@code items} for ratings {@code from..to−1}, in that order:
     * rating e is user {@code userIndex[e]}'s value {@code values[e]} for item {@code itemIndex[e]}.
     * Both sides must step the same way (both AdaGrad or neither).
     *
     * @return the sum of squared errors, each taken before its rating's update
     */
    public double run(float learningRate, Rows users, Rows items, int[] userIndex, int[] itemIndex, float[] values,
                      int from, int to) {
        if (users.adaGrad() != items.adaGrad()) {
            throw new IllegalArgumentException("users and items must both carry AdaGrad sums or neither");
        }
        return users.adaGrad()
                ? adaptive(learningRate, users, items, userIndex, itemIndex, values, from, to)
                : constant(learningRate, users, items, userIndex, itemIndex, values, from, to);
    }

    private double constant(float lr, Rows users, Rows items, int[] us, int[] is, float[] vs, int from, int to) {
        float[] p = users.factors;
        float[] q = items.factors;
        float[] bu = users.bias;
        float[] bi = items.bias;
        double sse = 0;
        for (int e = from; e < to; e++) {
            int u = us[e];
            int i = is[e];
            float target = biased ? vs[e] - (mu + bu[u] + bi[i]) : vs[e];
            float err = kernels.fusedStep(p, offset + u * k, q, offset + i * k, k, target, lr, regFactors);
            sse += (double) err * err;
            if (biased) {
                bu[u] += lr * (err - regBias * bu[u]);
                bi[i] += lr * (err - regBias * bi[i]);
            }
        }
        return sse;
    }

    private double adaptive(float lr, Rows users, Rows items, int[] us, int[] is, float[] vs, int from, int to) {
        float[] p = users.factors;
        float[] q = items.factors;
        float[] bu = users.bias;
        float[] bi = items.bias;
        float[] gp = users.factorSquares;
        float[] gq = items.factorSquares;
        float[] gbu = users.biasSquares;
        float[] gbi = items.biasSquares;
        float inverseK = 1f / k;
        float[] squares = new float[2];
        double sse = 0;
        for (int e = from; e < to; e++) {
            int u = us[e];
            int i = is[e];
            float target = biased ? vs[e] - (mu + bu[u] + bi[i]) : vs[e];
            float lrP = lr / (float) Math.sqrt(gp[u]);
            float lrQ = lr / (float) Math.sqrt(gq[i]);
            float err = kernels.adaptiveStep(p, offset + u * k, q, offset + i * k, k, target, lrP, lrQ, regFactors, squares);
            sse += (double) err * err;
            gp[u] += squares[0] * inverseK;
            gq[i] += squares[1] * inverseK;
            if (biased) {
                float gu = err - regBias * bu[u];
                float gi = err - regBias * bi[i];
                bu[u] += lr / (float) Math.sqrt(gbu[u]) * gu;
                bi[i] += lr / (float) Math.sqrt(gbi[i]) * gi;
                gbu[u] += gu * gu;
                gbi[i] += gi * gi;
            }
        }
        return sse;
    }
}
