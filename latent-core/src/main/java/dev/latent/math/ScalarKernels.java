package dev.latent.math;

/** Plain-loop twin of {@link PanamaKernels}; the reference the SIMD path is tested against. */
public final class ScalarKernels implements VectorKernels {
    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        float sum = 0f;
        for (int j = 0; j < len; j++) {
            sum = Math.fma(a[aOff + j], b[bOff + j], sum);
        }
        return sum;
    }

    @Override
    public void sgdStep(float[] p, int pOff, float[] q, int qOff, int len, float err, float lr, float reg) {
        float step = lr * err;
        float keep = 1f - lr * reg;
        for (int j = 0; j < len; j++) {
            float pj = p[pOff + j];
            float qj = q[qOff + j];
            p[pOff + j] = Math.fma(step, qj, keep * pj);
            q[qOff + j] = Math.fma(step, pj, keep * qj);
        }
    }

    @Override
    public float adaptiveStep(float[] p, int pOff, float[] q, int qOff, int len, float target,
                              float lrP, float lrQ, float reg, float[] squares) {
        float err = target - dot(p, pOff, q, qOff, len);
        float negReg = -reg;
        float sumP = 0f;
        float sumQ = 0f;
        for (int j = 0; j < len; j++) {
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
        return err;
    }

    @Override
    public String name() {
        return "scalar";
    }
}
