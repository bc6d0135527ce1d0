package dev.latent.math;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConjugateGradientTest {

    static Stream<Arguments> kernels() {
        return Stream.of(Arguments.of(VectorKernels.best()), Arguments.of(VectorKernels.scalar()));
    }

    /** A dense n × n SPD matrix: a Gram matrix of 3n random vectors plus 0.5·I. */
    private static float[] spd(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] a = new float[n * n];
        for (int s = 0; s < 3 * n; s++) {
            double[] v = random.doubles(n, -1, 1).toArray();
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    a[r * n + c] += (float) (v[r] * v[c]);
                }
            }
        }
        for (int r = 0; r < n; r++) {
            a[r * n + r] += 0.5f;
        }
        return a;
    }

    private static ConjugateGradient.Operator dense(float[] a, int n) {
        return (x, out) -> {
            for (int r = 0; r < n; r++) {
                float s = 0;
                for (int c = 0; c < n; c++) {
                    s += a[r * n + c] * x[c];
                }
                out[r] = s;
            }
        };
    }

    private static double[] choleskySolution(float[] a, float[] b, int n) {
        double[] da = new double[n * n];
        double[] x = new double[n];
        for (int j = 0; j < n * n; j++) {
            da[j] = a[j];
        }
        for (int j = 0; j < n; j++) {
            x[j] = b[j];
        }
        Cholesky.factorAndSolve(da, n, x);
        return x;
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void solve_enoughSteps_matchesCholeskyWithin1e4(VectorKernels kernels) {
        int n = 8;
        float[] a = spd(n, 1);
        float[] b = {1, -2, 3, 0.5f, -1, 2, 0, 4};
        float[] x = new float[n];

        new ConjugateGradient(n, kernels).solve(dense(a, n), b, x, 3 * n);

        double[] exact = choleskySolution(a, b, n);
        for (int j = 0; j < n; j++) {
            assertEquals(exact[j], x[j], 1e-4, "x[" + j + "]");
        }
    }

    @Test
    void solve_warmStartAtTheSolution_takesNoStep() {
        float[] a = {4, 1, 1, 3};
        // A·(1, 2) = (6, 7).
        float[] b = {6, 7};
        float[] x = {1, 2};

        new ConjugateGradient(2).solve(dense(a, 2), b, x, 5);

        assertArrayEquals(new float[] {1, 2}, x);
    }

    @Test
    void solve_twoByTwoInTwoSteps_exact() {
        // CG ends in n steps in exact arithmetic: x = A⁻¹b = (1/11)·(3·6 − 7, 4·7 − 6) = (1, 2).
        float[] a = {4, 1, 1, 3};
        float[] b = {6, 7};
        float[] x = new float[2];

        new ConjugateGradient(2).solve(dense(a, 2), b, x, 2);

        assertArrayEquals(new float[] {1, 2}, x, 1e-5f);
    }

    @Test
    void solve_zeroSteps_leavesXAlone() {
        float[] x = {0.25f, -1};

        new ConjugateGradient(2).solve(dense(new float[] {4, 1, 1, 3}, 2), new float[] {6, 7}, x, 0);

        assertArrayEquals(new float[] {0.25f, -1}, x);
    }

    @Test
    void iterate_eachStep_lowersTheEnergyError() {
        // CG minimises the A-norm of the error over growing Krylov spaces, so it falls step by step.
        int n = 12;
        float[] a = spd(n, 2);
        float[] b = new float[n];
        for (int j = 0; j < n; j++) {
            b[j] = j - 5;
        }
        double[] exact = choleskySolution(a, b, n);
        double previous = Double.POSITIVE_INFINITY;
        for (int steps = 0; steps <= 6; steps++) {
            float[] x = new float[n];
            new ConjugateGradient(n).solve(dense(a, n), b, x, steps);
            double energy = 0;
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    energy += (x[r] - exact[r]) * a[r * n + c] * (x[c] - exact[c]);
                }
            }
            assertTrue(energy < previous, steps + " steps: " + energy + " after " + previous);
            previous = energy;
        }
    }

    @Test
    void iterate_givenResidual_sameAsSolve() {
        int n = 6;
        float[] a = spd(n, 4);
        float[] b = {1, 2, 3, 4, 5, 6};
        float[] x0 = {0.1f, 0, -0.1f, 0.2f, 0, 0.3f};
        float[] viaSolve = x0.clone();
        new ConjugateGradient(n).solve(dense(a, n), b, viaSolve, 3);

        float[] viaIterate = x0.clone();
        float[] r = new float[n];
        dense(a, n).apply(viaIterate, r);
        for (int j = 0; j < n; j++) {
            r[j] = b[j] - r[j];
        }
        new ConjugateGradient(n).iterate(dense(a, n), viaIterate, r, 3);

        assertArrayEquals(viaSolve, viaIterate);
    }

    @Test
    void constructor_nonPositiveSize_throwsNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ConjugateGradient(0));

        assertEquals("n must be positive but was 0", e.getMessage());
    }
}
