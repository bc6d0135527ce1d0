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
    public String name() {
        return "scalar";
    }
}
