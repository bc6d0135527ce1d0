package dev.latent.math;

/**
 * The dense-vector kernels that every trainer and recommender spends its time in.
 *
 * <p>Two implementations exist and tests hold them equal: {@link ScalarKernels}, plain loops, and
 * {@link PanamaKernels}, the Vector API ({@code jdk.incubator.vector}) with FMA. {@link #best()}
 * picks the SIMD one when the incubator module is present and falls back to the scalar twin
 * otherwise. The element-wise {@link #sgdStep} is bit-identical in both (each lane is one
 * {@code fma}); {@link #dot} sums in a different order and agrees within float rounding.
 */
public sealed interface VectorKernels permits ScalarKernels, PanamaKernels {

    /** {@code Σ a[aOff+j]·b[bOff+j]} for {@code j < len}. */
    float dot(float[] a, int aOff, float[] b, int bOff, int len);

    /**
     * The dot products of {@code v} with {@code count} consecutive rows of length {@code len}:
     * {@code out[outOff+r] = dot(v, vOff, rows, rowsOff + r·len, len)}, bit for bit, for
     * {@code r < count}. What scoring a catalogue calls: the SIMD version runs several rows'
     * independent accumulations side by side instead of one dependent chain at a time.
     */
    void dots(float[] v, int vOff, float[] rows, int rowsOff, int len, int count, float[] out, int outOff);

    /**
     * Writes to {@code out} the positions {@code k} in {@code [from, to)} where
     * {@code values[k] > threshold}, ascending, and returns how many: the few scores that can still
     * enter a full top-N heap, found without a branch per score.
     */
    int above(float[] values, int from, int to, float threshold, int[] out);

    /** How many rows a block of {@link #blockDots} holds. */
    int BLOCK_ROWS = 8;

    /**
     * The dot products of {@code v} with the {@value #BLOCK_ROWS} rows of a block stored column by
     * column: element {@code j} of row {@code r} at {@code block[blockOff + j·8 + r]} (so the block
     * is {@code len × 8} floats). Writes {@code out[outOff+r] = dot(v, vOff, row r, len)}, bit for
     * bit. With this layout the SIMD version needs no reduction across lanes: each lane is a row,
     * so scoring a catalogue costs a broadcast and a fused multiply-add per element and row.
     */
    void blockDots(float[] v, int vOff, float[] block, int blockOff, int len, float[] out, int outOff);

    /**
     * One SGD step on a pair of factor vectors, both updated from their old values:
     * {@code p ← p + lr·(err·q − reg·p)} and {@code q ← q + lr·(err·p_old − reg·q)}, computed as
     * {@code fma(lr·err, other, (1 − lr·reg)·self)}.
     */
    void sgdStep(float[] p, int pOff, float[] q, int qOff, int len, float err, float lr, float reg);

    /**
     * One fused SGD update of a rating: {@code err = target − p·q}, then {@link #sgdStep} with that
     * error; returns {@code err}. {@code target} is the rating less whatever the model adds to the
     * dot product (μ + b_u + b_i for biased MF).
     */
    default float fusedStep(float[] p, int pOff, float[] q, int qOff, int len, float target, float lr, float reg) {
        float err = target - dot(p, pOff, q, qOff, len);
        sgdStep(p, pOff, q, qOff, len, err, lr, reg);
        return err;
    }

    /**
     * One fused update with a learning rate per vector, for AdaGrad: {@code err = target − p·q},
     * gradients {@code g_p = err·q − reg·p} and {@code g_q = err·p − reg·q} (old values), then
     * {@code p += lrP·g_p}, {@code q += lrQ·g_q}. Writes {@code Σ g_p²} to {@code squares[0]} and
     * {@code Σ g_q²} to {@code squares[1]}; returns {@code err}.
     */
    float adaptiveStep(float[] p, int pOff, float[] q, int qOff, int len, float target,
                       float lrP, float lrQ, float reg, float[] squares);

    /** A short name for logs and benchmarks: "panama-256" or "scalar". */
    String name();

    /** The fastest kernels this JVM supports. */
    static VectorKernels best() {
        return Holder.BEST;
    }

    /** The scalar twin, for tests and for JVMs without the Vector API. */
    static VectorKernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /** Lazily resolves the best implementation once. */
    final class Holder {
        private static final VectorKernels BEST = choose();

        private Holder() {
        }

        private static VectorKernels choose() {
            if (Boolean.getBoolean("latent.scalar")
                    || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                return ScalarKernels.INSTANCE;
            }
            try {
                return PanamaKernels.create();
            } catch (LinkageError e) {
                return ScalarKernels.INSTANCE;
            }
        }
    }
}
