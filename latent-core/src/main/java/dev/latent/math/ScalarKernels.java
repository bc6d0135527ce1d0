package dev.latent.math;

/** Plain-loop twin of {@link PanamaKernels}; the reference the SIMD path is tested against. */
public final class ScalarKernels implements VectorKernels {
    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        return dot(a, aOff, b, bOff, 0, len, 0f);
    }

    @Override
    public void dots(float[] v, int vOff, float[] rows, int rowsOff, int len, int count, float[] out, int outOff) {
        for (int r = 0; r < count; r++) {
            out[outOff + r] = dot(v, vOff, rows, rowsOff + r * len, 0, len, 0f);
        }
    }

    @Override
    public int above(float[] values, int from, int to, float threshold, int[] out) {
        int count = 0;
        for (int k = from; k < to; k++) {
            if (values[k] > threshold) {
                out[count++] = k;
            }
        }
        return count;
    }

    @Override
    public void blockDots(float[] v, int vOff, float[] block, int blockOff, int len, float[] out, int outOff) {
        for (int r = 0; r < BLOCK_ROWS; r++) {
            float sum = 0f;
            for (int j = 0; j < len; j++) {
                sum = Math.fma(v[vOff + j], block[blockOff + j * BLOCK_ROWS + r], sum);
            }
            out[outOff + r] = sum;
        }
    }

    @Override
    public void sgdStep(float[] p, int pOff, float[] q, int qOff, int len, float err, float lr, float reg) {
        sgdStep(p, pOff, q, qOff, 0, len, lr * err, 1f - lr * reg);
    }

    @Override
    public float adaptiveStep(float[] p, int pOff, float[] q, int qOff, int len, float target,
                              float lrP, float lrQ, float reg, float[] squares) {
        float err = target - dot(p, pOff, q, qOff, len);
        squares[0] = 0f;
        squares[1] = 0f;
        adaptiveStep(p, pOff, q, qOff, 0, len, err, lrP, lrQ, -reg, squares);
        return err;
    }

    // The loops over elements from..to-1, shared with the tails of PanamaKernels.

    /** {@code sum + Σ a·b} over the range, one fma per element in index order. */
    static float dot(float[] a, int aOff, float[] b, int bOff, int from, int to, float sum) {
        for (int j = from; j < to; j++) {
            sum = Math.fma(a[aOff + j], b[bOff + j], sum);
        }
        return sum;
    }

    static void sgdStep(float[] p, int pOff, float[] q, int qOff, int from, int to, float step, float keep) {
        for (int j = from; j < to; j++) {
            float pj = p[pOff + j];
            float qj = q[qOff + j];
            p[pOff + j] = Math.fma(step, qj, keep * pj);
            q[qOff + j] = Math.fma(step, pj, keep * qj);
        }
    }

    /** Adds the range's squared gradients to {@code squares[0]} (p) and {@code squares[1]} (q). */
    static void adaptiveStep(float[] p, int pOff, float[] q, int qOff, int from, int to, float err,
                             float lrP, float lrQ, float negReg, float[] squares) {
        float sumP = squares[0];
        float sumQ = squares[1];
        for (int j = from; j < to; j++) {
            float pj = p[pOff + j];
            float qj = q[qOff + j];
            float gp = Math.fma(qj, err, pj * negReg);
            float gq = Math.fma(pj, err, qj * negReg);
            p[pOff + j] = Math.fma(gp, lrP, pj);
            q[qOff + j] = Math.fma(gq, lrQ, qj);
            sumP = Math.fma(gp, gp, sumP);
            sumQ = Math.fma(gq, gq, sumQ);
        }
        squares[0] = sumP;
        squares[1] = sumQ;
    }

    @Override
    public String name() {
        return "scalar";
    }
}
