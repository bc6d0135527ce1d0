package dev.latent.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
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
        if (lanes == 8) {
            for (; r + 8 <= count; r += 8) {
                dots8(v, vOff, rows, rowsOff + r * len, len, bound, out, outOff + r);
            }
        }
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
    public int above(float[] values, int from, int to, float threshold, int[] out) {
        int lanes = SPECIES.length();
        int count = 0;
        int k = from;
        for (; k + lanes <= to; k += lanes) {
            long bits = FloatVector.fromArray(SPECIES, values, k).compare(VectorOperators.GT, threshold).toLong();
            while (bits != 0) {
                out[count++] = k + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
            }
        }
        for (; k < to; k++) {
            if (values[k] > threshold) {
                out[count++] = k;
            }
        }
        return count;
    }

    /**
     * With 8 lanes, lane r is row r: the eight partial sums {@link #dot} keeps in its accumulator's
     * lanes (elements j ≡ l mod 8 in lane l) are kept here in eight vectors, {@code s[l]}, built by
     * the same FMAs in the same order; {@link #sum}'s butterfly on a row's lanes then becomes the
     * same butterfly of lane-wise adds across the eight vectors, and the scalar tail continues from
     * it element by element as {@link #dot}'s does. Other lane counts copy each row out and call
     * {@link #dot}.
     */
    @Override
    public void blockDots(float[] v, int vOff, float[] block, int blockOff, int len, float[] out, int outOff) {
        if (SPECIES.length() != BLOCK_ROWS) {
            float[] row = new float[len];
            for (int r = 0; r < BLOCK_ROWS; r++) {
                for (int j = 0; j < len; j++) {
                    row[j] = block[blockOff + j * BLOCK_ROWS + r];
                }
                out[outOff + r] = dot(v, vOff, row, 0, len);
            }
            return;
        }
        int bound = len - len % BLOCK_ROWS;
        FloatVector s0 = FloatVector.zero(SPECIES);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        FloatVector s4 = s0;
        FloatVector s5 = s0;
        FloatVector s6 = s0;
        FloatVector s7 = s0;
        int at = blockOff;
        for (int j = 0; j < bound; j += 8, at += 64) {
            s0 = FloatVector.broadcast(SPECIES, v[vOff + j]).fma(FloatVector.fromArray(SPECIES, block, at), s0);
            s1 = FloatVector.broadcast(SPECIES, v[vOff + j + 1]).fma(FloatVector.fromArray(SPECIES, block, at + 8), s1);
            s2 = FloatVector.broadcast(SPECIES, v[vOff + j + 2]).fma(FloatVector.fromArray(SPECIES, block, at + 16), s2);
            s3 = FloatVector.broadcast(SPECIES, v[vOff + j + 3]).fma(FloatVector.fromArray(SPECIES, block, at + 24), s3);
            s4 = FloatVector.broadcast(SPECIES, v[vOff + j + 4]).fma(FloatVector.fromArray(SPECIES, block, at + 32), s4);
            s5 = FloatVector.broadcast(SPECIES, v[vOff + j + 5]).fma(FloatVector.fromArray(SPECIES, block, at + 40), s5);
            s6 = FloatVector.broadcast(SPECIES, v[vOff + j + 6]).fma(FloatVector.fromArray(SPECIES, block, at + 48), s6);
            s7 = FloatVector.broadcast(SPECIES, v[vOff + j + 7]).fma(FloatVector.fromArray(SPECIES, block, at + 56), s7);
        }
        // sum's butterfly: lanes l and l^4, then ^2, then ^1, as vectors.
        FloatVector sums = s0.add(s4).add(s2.add(s6)).add(s1.add(s5).add(s3.add(s7)));
        for (int j = bound; j < len; j++, at += 8) {
            sums = FloatVector.broadcast(SPECIES, v[vOff + j]).fma(FloatVector.fromArray(SPECIES, block, at), sums);
        }
        sums.intoArray(out, outOff);
    }

    /** Lanes 4–7, lanes {2, 3, 6, 7} and the odd lanes of an 8-lane vector, for {@link #dots8}. */
    private static final VectorMask<Float> UPPER_HALF = lanes(0xF0);
    private static final VectorMask<Float> UPPER_PAIRS = lanes(0xCC);
    private static final VectorMask<Float> ODD = lanes(0xAA);
    /** Puts the rows' sums, which {@link #dots8}'s transposed reduction leaves in lanes 0 4 2 6 1 5 3 7, in order. */
    private static final VectorShuffle<Float> BIT_REVERSE = VectorShuffle.fromOp(SPECIES,
            lane -> SPECIES.length() == 8 ? Integer.reverse(lane) >>> 29 : lane);

    /**
     * Eight rows' dot products with 8-lane vectors: eight independent FMA chains, exactly those
     * of {@link #dot}, then one transposed reduction instead of eight. Each of {@link #sum}'s
     * butterfly steps (lanes i and i XOR 4, then 2, then 1) is done for two rows per add, by
     * blending the rows' vectors so that one add computes both; the addends of every lane's sum
     * are those of {@link #sum}'s lane 0 (an add is commutative, bit for bit), so each row gets
     * {@link #dot}'s result exactly. Steps: 4 adds for 8 rows at distance 4, 2 at distance 2, 1 at
     * distance 1, where one {@code sum} per row would take 24.
     */
    private static void dots8(float[] v, int vOff, float[] rows, int o0, int len, int bound, float[] out, int outOff) {
        FloatVector a0 = FloatVector.zero(SPECIES);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        for (int j = 0; j < bound; j += 8) {
            FloatVector vv = FloatVector.fromArray(SPECIES, v, vOff + j);
            a0 = vv.fma(FloatVector.fromArray(SPECIES, rows, o0 + j), a0);
            a1 = vv.fma(FloatVector.fromArray(SPECIES, rows, o0 + len + j), a1);
            a2 = vv.fma(FloatVector.fromArray(SPECIES, rows, o0 + 2 * len + j), a2);
            a3 = vv.fma(FloatVector.fromArray(SPECIES, rows, o0 + 3 * len + j), a3);
            a4 = vv.fma(FloatVector.fromArray(SPECIES, rows, o0 + 4 * len + j), a4);
            a5 = vv.fma(FloatVector.fromArray(SPECIES, rows, o0 + 5 * len + j), a5);
            a6 = vv.fma(FloatVector.fromArray(SPECIES, rows, o0 + 6 * len + j), a6);
            a7 = vv.fma(FloatVector.fromArray(SPECIES, rows, o0 + 7 * len + j), a7);
        }
        VectorMask<Float> upperHalf = UPPER_HALF;
        VectorMask<Float> upperPairs = UPPER_PAIRS;
        VectorMask<Float> odd = ODD;
        // Distance 4: lanes 0-3 of m01 are row 0's half sums, lanes 4-7 row 1's; and so on.
        FloatVector m01 = a0.blend(a1, upperHalf).add(a1.blend(a0, upperHalf).rearrange(XOR4));
        FloatVector m23 = a2.blend(a3, upperHalf).add(a3.blend(a2, upperHalf).rearrange(XOR4));
        FloatVector m45 = a4.blend(a5, upperHalf).add(a5.blend(a4, upperHalf).rearrange(XOR4));
        FloatVector m67 = a6.blend(a7, upperHalf).add(a7.blend(a6, upperHalf).rearrange(XOR4));
        // Distance 2: rows 0 2 1 3 in lane pairs of n0123, rows 4 6 5 7 in n4567.
        FloatVector n0123 = m01.blend(m23, upperPairs).add(m23.blend(m01, upperPairs).rearrange(XOR2));
        FloatVector n4567 = m45.blend(m67, upperPairs).add(m67.blend(m45, upperPairs).rearrange(XOR2));
        // Distance 1: one lane per row, rows 0 4 2 6 1 5 3 7.
        FloatVector sums = n0123.blend(n4567, odd).add(n4567.blend(n0123, odd).rearrange(XOR1));
        sums.rearrange(BIT_REVERSE).intoArray(out, outOff);
        if (bound < len) {
            for (int r = 0; r < 8; r++) {
                out[outOff + r] = ScalarKernels.dot(v, vOff, rows, o0 + r * len, bound, len, out[outOff + r]);
            }
        }
    }

    private static VectorMask<Float> lanes(long bits) {
        int count = SPECIES.length();
        return VectorMask.fromLong(SPECIES, count >= 64 ? bits : bits & ((1L << count) - 1));
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
