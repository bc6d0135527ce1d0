package dev.latent.math;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VectorKernelsTest {
    private static final int[] LENGTHS = {0, 1, 7, 8, 9, 31, 32, 33, 64, 100, 128};
    private static final int A_OFFSET = 3;
    private static final int B_OFFSET = 5;

    static Stream<Arguments> lengths() {
        return IntStream.of(LENGTHS).mapToObj(Arguments::of);
    }

    static Stream<Arguments> kernels() {
        return Stream.of(Arguments.of(VectorKernels.best()), Arguments.of(VectorKernels.scalar()));
    }

    @Test
    void best_incubatorModulePresent_isPanama() {
        // Surefire runs with --add-modules jdk.incubator.vector, so the SIMD path is what the
        // twin comparisons below exercise.
        assertInstanceOf(PanamaKernels.class, VectorKernels.best());
        assertTrue(VectorKernels.best().name().startsWith("panama-"), VectorKernels.best().name());
        assertEquals("scalar", VectorKernels.scalar().name());
    }

    @ParameterizedTest(name = "len {0}")
    @MethodSource("lengths")
    void dot_bestAndScalar_agreeWithinFloatRounding(int len) {
        SplittableRandom random = new SplittableRandom(len);
        float[] a = gaussian(random, A_OFFSET + len + 2);
        float[] b = gaussian(random, B_OFFSET + len + 1);
        float simd = VectorKernels.best().dot(a, A_OFFSET, b, B_OFFSET, len);
        float scalar = VectorKernels.scalar().dot(a, A_OFFSET, b, B_OFFSET, len);
        // Relative to Σ|a·b|, the scale of the rounding error whatever the cancellation in the sum.
        double magnitude = 0;
        for (int j = 0; j < len; j++) {
            magnitude += Math.abs((double) a[A_OFFSET + j] * b[B_OFFSET + j]);
        }
        assertEquals(scalar, simd, 1e-5 * magnitude, "len " + len);
    }

    @ParameterizedTest(name = "len {0}")
    @MethodSource("lengths")
    void fusedAndAdaptiveStep_bestAndScalar_agreeWithinFloatRounding(int len) {
        SplittableRandom random = new SplittableRandom(300 + len);
        // Factor-sized values (σ = 0.1), so that the steps stay as small as in training.
        float[] p = gaussian(random, A_OFFSET + len + 2);
        float[] q = gaussian(random, B_OFFSET + len + 2);
        for (int j = 0; j < p.length; j++) {
            p[j] *= 0.1f;
        }
        for (int j = 0; j < q.length; j++) {
            q[j] *= 0.1f;
        }
        float[][] simd = {p.clone(), q.clone()};
        float[][] scalar = {p.clone(), q.clone()};
        float[] simdSquares = new float[2];
        float[] scalarSquares = new float[2];
        for (int step = 0; step < 3; step++) {
            float target = (float) random.nextGaussian();
            float e1 = VectorKernels.best().fusedStep(simd[0], A_OFFSET, simd[1], B_OFFSET, len, target, 0.05f, 0.02f);
            float e2 = VectorKernels.scalar().fusedStep(scalar[0], A_OFFSET, scalar[1], B_OFFSET, len, target, 0.05f, 0.02f);
            assertEquals(e2, e1, 1e-5f * (1 + Math.abs(e2)), "fused error, len " + len);
            e1 = VectorKernels.best().adaptiveStep(simd[0], A_OFFSET, simd[1], B_OFFSET, len, target, 0.07f, 0.03f, 0.02f,
                    simdSquares);
            e2 = VectorKernels.scalar().adaptiveStep(scalar[0], A_OFFSET, scalar[1], B_OFFSET, len, target, 0.07f, 0.03f,
                    0.02f, scalarSquares);
            assertEquals(e2, e1, 1e-5f * (1 + Math.abs(e2)), "adaptive error, len " + len);
            assertEquals(scalarSquares[0], simdSquares[0], 1e-4f * (1 + scalarSquares[0]), "Σg_p², len " + len);
            assertEquals(scalarSquares[1], simdSquares[1], 1e-4f * (1 + scalarSquares[1]), "Σg_q², len " + len);
        }
        for (int side = 0; side < 2; side++) {
            for (int j = 0; j < simd[side].length; j++) {
                float expected = scalar[side][j];
                assertEquals(expected, simd[side][j], 1e-4f * (1 + Math.abs(expected)), "side " + side + "[" + j + "], len " + len);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void adaptiveStep_handComputed_exact(VectorKernels kernels) {
        float[] p = {1f, 2f};
        float[] q = {3f, 0.5f};
        float[] squares = new float[2];

        // p·q = 4, err = 6 − 4 = 2; g_p = 2·q − 0.5·p = (5.5, 0); g_q = 2·p − 0.5·q = (0.5, 3.75)
        float err = kernels.adaptiveStep(p, 0, q, 0, 2, 6f, 0.5f, 0.25f, 0.5f, squares);

        assertEquals(2f, err);
        assertArrayEquals(new float[] {1f + 0.5f * 5.5f, 2f}, p);
        assertArrayEquals(new float[] {3f + 0.25f * 0.5f, 0.5f + 0.25f * 3.75f}, q);
        assertEquals(5.5f * 5.5f, squares[0]);
        assertEquals(0.25f + 3.75f * 3.75f, squares[1]);
    }

    @ParameterizedTest(name = "len {0}")
    @MethodSource("lengths")
    void sgdStep_bestAndScalar_bitIdentical(int len) {
        SplittableRandom random = new SplittableRandom(100 + len);
        float[] p = gaussian(random, A_OFFSET + len + 4);
        float[] q = gaussian(random, B_OFFSET + len + 4);
        float[] pSimd = p.clone();
        float[] qSimd = q.clone();
        float[] pScalar = p.clone();
        float[] qScalar = q.clone();
        for (int step = 0; step < 3; step++) {
            float err = (float) random.nextGaussian();
            VectorKernels.best().sgdStep(pSimd, A_OFFSET, qSimd, B_OFFSET, len, err, 0.05f, 0.02f);
            VectorKernels.scalar().sgdStep(pScalar, A_OFFSET, qScalar, B_OFFSET, len, err, 0.05f, 0.02f);
        }
        assertArrayEquals(pScalar, pSimd, "p, len " + len);
        assertArrayEquals(qScalar, qSimd, "q, len " + len);
        // Nothing outside the two windows moves.
        assertArrayEquals(Arrays.copyOf(p, A_OFFSET), Arrays.copyOf(pSimd, A_OFFSET));
        assertArrayEquals(Arrays.copyOfRange(p, A_OFFSET + len, p.length),
                Arrays.copyOfRange(pSimd, A_OFFSET + len, p.length));
        assertArrayEquals(Arrays.copyOf(q, B_OFFSET), Arrays.copyOf(qSimd, B_OFFSET));
        assertArrayEquals(Arrays.copyOfRange(q, B_OFFSET + len, q.length),
                Arrays.copyOfRange(qSimd, B_OFFSET + len, q.length));
    }

    @Test
    void sgdStepAndDot_manyCalls_stayTwinsOnceJitCompiled() {
        // Enough calls for C2 to compile the Vector API path into SIMD instructions.
        SplittableRandom random = new SplittableRandom(7);
        int len = 64;
        float[] p = gaussian(random, len + A_OFFSET);
        float[] q = gaussian(random, len + B_OFFSET);
        float[] pScalar = p.clone();
        float[] qScalar = q.clone();
        for (int call = 0; call < 50_000; call++) {
            float simd = VectorKernels.best().dot(p, A_OFFSET, q, B_OFFSET, len);
            float scalar = VectorKernels.scalar().dot(pScalar, A_OFFSET, qScalar, B_OFFSET, len);
            double magnitude = 0;
            for (int j = 0; j < len; j++) {
                magnitude += Math.abs((double) p[A_OFFSET + j] * q[B_OFFSET + j]);
            }
            if (Math.abs(simd - scalar) > 1e-5 * magnitude) {
                assertEquals(scalar, simd, 1e-5 * magnitude, "dot, call " + call);
            }
            float err = (float) (0.1 * random.nextGaussian());
            VectorKernels.best().sgdStep(p, A_OFFSET, q, B_OFFSET, len, err, 0.01f, 0.05f);
            VectorKernels.scalar().sgdStep(pScalar, A_OFFSET, qScalar, B_OFFSET, len, err, 0.01f, 0.05f);
        }
        assertArrayEquals(pScalar, p);
        assertArrayEquals(qScalar, q);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void dots_anyLengthAndCount_areDotOfEachRowBitForBit(VectorKernels kernels) {
        for (int len : LENGTHS) {
            for (int count : new int[] {0, 1, 3, 4, 5, 8, 13}) {
                SplittableRandom random = new SplittableRandom(31L * len + count);
                float[] v = gaussian(random, A_OFFSET + len);
                float[] rows = gaussian(random, B_OFFSET + count * len + 2);
                float[] out = new float[2 + count];
                Arrays.fill(out, Float.NaN);
                kernels.dots(v, A_OFFSET, rows, B_OFFSET, len, count, out, 2);
                for (int r = 0; r < count; r++) {
                    assertEquals(Float.floatToRawIntBits(kernels.dot(v, A_OFFSET, rows, B_OFFSET + r * len, len)),
                            Float.floatToRawIntBits(out[2 + r]), "len " + len + ", count " + count + ", row " + r);
                }
                assertTrue(Float.isNaN(out[0]) && Float.isNaN(out[1]), "nothing is written before outOff");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void blockDots_anyLength_areDotOfEachColumnStoredRowBitForBit(VectorKernels kernels) {
        int rows = VectorKernels.BLOCK_ROWS;
        for (int len : LENGTHS) {
            SplittableRandom random = new SplittableRandom(17L * len);
            float[] v = gaussian(random, A_OFFSET + len);
            float[][] matrix = new float[rows][];
            float[] block = new float[B_OFFSET + len * rows];
            for (int r = 0; r < rows; r++) {
                matrix[r] = gaussian(random, len);
                for (int j = 0; j < len; j++) {
                    block[B_OFFSET + j * rows + r] = matrix[r][j];
                }
            }
            float[] out = new float[1 + rows];
            kernels.blockDots(v, A_OFFSET, block, B_OFFSET, len, out, 1);
            for (int r = 0; r < rows; r++) {
                assertEquals(Float.floatToRawIntBits(kernels.dot(v, A_OFFSET, matrix[r], 0, len)),
                        Float.floatToRawIntBits(out[1 + r]), "len " + len + ", row " + r);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void above_findsExactlyTheLargerValuesInOrder(VectorKernels kernels) {
        float[] values = {0.5f, 3f, Float.NaN, 2f, 2.0001f, -1f, 7f, 2f, 9f, Float.POSITIVE_INFINITY, 1f, 2.5f, -0f, 8f, 2f, 3f, 4f, 5f, 6f};
        int[] out = new int[values.length];
        int found = kernels.above(values, 1, values.length, 2f, out);
        assertArrayEquals(new int[] {1, 4, 6, 8, 9, 11, 13, 15, 16, 17, 18}, Arrays.copyOf(out, found),
                "strictly above 2 from position 1 on; NaN never");
        assertEquals(0, kernels.above(values, 3, 3, 0f, out));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void dot_smallIntegers_exact(VectorKernels kernels) {
        float[] a = {9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 9};
        float[] b = {2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2};
        // Σ_{j=1..11} 2j = 132: a full 8-lane block (with AVX2) and a 3-element tail.
        assertEquals(132f, kernels.dot(a, 1, b, 0, 11));
        assertEquals(1 * 2 + 2 * 2 + 3 * 2, kernels.dot(a, 1, b, 0, 3));
        assertEquals(0f, kernels.dot(a, 1, b, 0, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void sgdStep_handComputed_exact(VectorKernels kernels) {
        // lr·err = 0.5·2 = 1 and 1 − lr·reg = 1 − 0.5·1 = 0.5: p ← 0.5·p + q, q ← 0.5·q + p_old.
        float[] p = new float[10];
        float[] q = new float[11];
        for (int j = 0; j < 9; j++) {
            p[1 + j] = j + 1;        // 1..9
            q[2 + j] = 2 * (j + 1);  // 2, 4, .., 18
        }
        kernels.sgdStep(p, 1, q, 2, 9, 2f, 0.5f, 1f);
        float[] pExpected = new float[10];
        float[] qExpected = new float[11];
        for (int j = 0; j < 9; j++) {
            pExpected[1 + j] = 0.5f * (j + 1) + 2 * (j + 1);  // 2.5·(j+1)
            qExpected[2 + j] = (j + 1) + (j + 1);             // 2·(j+1)
        }
        assertArrayEquals(pExpected, p);
        assertArrayEquals(qExpected, q);
        assertEquals(2.5f, p[1]);
        assertEquals(22.5f, p[9]);
        assertEquals(18f, q[10]);
    }

    private static float[] gaussian(SplittableRandom random, int length) {
        float[] out = new float[length];
        for (int j = 0; j < length; j++) {
            out[j] = (float) random.nextGaussian();
        }
        return out;
    }
}
