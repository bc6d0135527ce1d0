package dev.latent.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels over the platform's preferred float species (8 lanes with AVX2), with a
 * scalar tail for lengths that are not a multiple of the lane count. Only loaded when the
 * {@code jdk.incubator.vector} module is in the boot layer.
 */
public final class PanamaKernels implements VectorKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private PanamaKernels() {
    }

    static PanamaKernels create() {
        return new PanamaKernels();
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        int lanes = SPECIES.length();
        int bound = len - len % lanes;
        FloatVector acc = FloatVector.zero(SPECIES);
        int j = 0;
        for (; j < bound; j += lanes) {
            FloatVector va = FloatVector.fromArray(SPECIES, a, aOff + j);
            FloatVector vb = FloatVector.fromArray(SPECIES, b, bOff + j);
            acc = va.fma(vb, acc);
        }
        float sum = sum(acc);
        return ScalarKernels.dot(a, aOff, b, bOff, j, len, sum);
    }

    /**
     * Four rows at a time, each with its own accumulator going through exactly the FMAs and the
     * reduction of {@link #dot}, so the results are {@link #dot}'s bits; the four chains overlap
     * in the FMA pipeline where one chain would wait on each step.
     */
    @Override
    public void dots(float[] v, int vOff, float[] rows, int rowsOff, int len, int count, float[] out, int outOff) {
        int lanes = SPECIES.length();
        int bound = len - len % lanes;
        int r = 0;
        for (; r + 4 <= count; r += 4) {
            int o0 = rowsOff + r * len;
            int o1 = o0 + len;
            int o2 = o1 + len;
            int o3 = o2 + len;
            FloatVector a0 = FloatVector.zero(SPECIES);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            for (int j = 0; j < bound; j += lanes) {
                FloatVector vv = FloatVector.fromArray(SPECIES, v, vOff + j);
                a0 = vv.fma(FloatVector.fromArray(SPECIES, rows, o0 + j), a0);
                a1 = vv.fma(FloatVector.fromArray(SPECIES, rows, o1 + j), a1);
                a2 = vv.fma(FloatVector.fromArray(SPECIES, rows, o2 + j), a2);
                a3 = vv.fma(FloatVector.fromArray(SPECIES, rows, o3 + j), a3);
            }
            out[outOff + r] = ScalarKernels.dot(v, vOff, rows, o0, bound, len, sum(a0));
            out[outOff + r + 1] = ScalarKernels.dot(v, vOff, rows, o1, bound, len, sum(a1));
            out[outOff + r + 2] = ScalarKernels.dot(v, vOff, rows, o2, bound, len, sum(a2));
            out[outOff + r + 3] = ScalarKernels.dot(v, vOff, rows, o3, bound, len, sum(a3));
        }
        for (; r < count; r++) {
            out[outOff + r] = dot(v, vOff, rows, rowsOff + r * len, len);
        }
    }

    @Override
    public void sgdStep(float[] p, int pOff, float[] q, int qOff, int len, float err, float lr, float reg) {
        float step = lr * err;
        float keep = 1f - lr * reg;
        int lanes = SPECIES.length();
        int bound = len - len % lanes;
        FloatVector vStep = FloatVector.broadcast(SPECIES, step);
        int j = 0;
        for (; j < bound; j += lanes) {
            FloatVector vp = FloatVector.fromArray(SPECIES, p, pOff + j);
            FloatVector vq = FloatVector.fromArray(SPECIES, q, qOff + j);
            vq.fma(vStep, vp.mul(keep)).intoArray(p, pOff + j);
            vp.fma(vStep, vq.mul(keep)).intoArray(q, qOff + j);
        }
        ScalarKernels.sgdStep(p, pOff, q, qOff, j, len, step, keep);
    }

    @Override
    public float adaptiveStep(float[] p, int pOff, float[] q, int qOff, int len, float target,
                              float lrP, float lrQ, float reg, float[] squares) {
        float err = target - dot(p, pOff, q, qOff, len);
        float negReg = -reg;
        int lanes = SPECIES.length();
        int bound = len - len % lanes;
        FloatVector vErr = FloatVector.broadcast(SPECIES, err);
        FloatVector vNegReg = FloatVector.broadcast(SPECIES, negReg);
        FloatVector vLrP = FloatVector.broadcast(SPECIES, lrP);
        FloatVector vLrQ = FloatVector.broadcast(SPECIES, lrQ);
        FloatVector accP = FloatVector.zero(SPECIES);
        FloatVector accQ = FloatVector.zero(SPECIES);
        int j = 0;
        for (; j < bound; j += lanes) {
            FloatVector vp = FloatVector.fromArray(SPECIES, p, pOff + j);
            FloatVector vq = FloatVector.fromArray(SPECIES, q, qOff + j);
            FloatVector gp = vq.fma(vErr, vp.mul(vNegReg));
            FloatVector gq = vp.fma(vErr, vq.mul(vNegReg));
            gp.fma(vLrP, vp).intoArray(p, pOff + j);
            gq.fma(vLrQ, vq).intoArray(q, qOff + j);
            accP = gp.fma(gp, accP);
            accQ = gq.fma(gq, accQ);
        }
        float sumP = sum(accP);
        float sumQ = sum(accQ);
        squares[0] = sumP;
        squares[1] = sumQ;
        ScalarKernels.adaptiveStep(p, pOff, q, qOff, j, len, err, lrP, lrQ, negReg, squares);
        return err;
    }

    /** The shuffles pairing lane i with lane i XOR 8, 4, 2 and 1 (only those shorter than the vector are used). */
    private static final VectorShuffle<Float> XOR8 = butterfly(8);
    private static final VectorShuffle<Float> XOR4 = butterfly(4);
    private static final VectorShuffle<Float> XOR2 = butterfly(2);
    private static final VectorShuffle<Float> XOR1 = butterfly(1);

    private static VectorShuffle<Float> butterfly(int distance) {
        return VectorShuffle.fromOp(SPECIES, lane -> lane ^ (distance % SPECIES.length()));
    }

    /**
     * The sum of the lanes by a fixed butterfly of exact shuffles and adds. Not
     * {@code reduceLanes(ADD)}: its order is unspecified and differs between the JIT's intrinsic
     * and the interpreter's fallback, so a run's bits would depend on when a method got compiled.
     * The steps are written out, each with a constant shuffle: in a loop over an array of shuffles
     * C2 left rearrange and lane as virtual calls, sending callers of dot to the Vector API's slow
     * Java fallback (seen with -XX:+PrintInlining in implicit ALS).
     */
    private static float sum(FloatVector v) {
        int lanes = SPECIES.length();
        if (lanes >= 16) {
            v = v.add(v.rearrange(XOR8));
        }
        if (lanes >= 8) {
            v = v.add(v.rearrange(XOR4));
        }
        if (lanes >= 4) {
            v = v.add(v.rearrange(XOR2));
        }
        if (lanes >= 2) {
            v = v.add(v.rearrange(XOR1));
        }
        return v.lane(0);
    }

    @Override
    public String name() {
        return "panama-" + SPECIES.vectorBitSize();
    }
}
