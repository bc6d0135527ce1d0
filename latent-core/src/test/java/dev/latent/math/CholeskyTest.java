package dev.latent.math;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CholeskyTest {

    /** A = L·Lᵀ with L = [[2, 0, 0], [6, 1, 0], [-8, 5, 3]]; A·(1, 2, 3) = (-20, -43, 192). */
    private static double[] threeByThree() {
        return new double[] {
                4, 12, -16,
                12, 37, -43,
                -16, -43, 98};
    }

    @Test
    void factor_handCheckedThreeByThree_lowerTriangleHoldsL() {
        double[] a = threeByThree();

        Cholesky.factor(a, 3);

        assertEquals(2, a[0]);
        assertEquals(6, a[3]);
        assertEquals(1, a[4]);
        assertEquals(-8, a[6]);
        assertEquals(5, a[7]);
        assertEquals(3, a[8]);
        // The strict upper triangle is left alone.
        assertEquals(12, a[1]);
        assertEquals(-16, a[2]);
        assertEquals(-43, a[5]);
    }

    @Test
    void factorAndSolve_handCheckedThreeByThree_exactSolution() {
        double[] a = threeByThree();
        double[] b = {-20, -43, 192};

        Cholesky.factorAndSolve(a, 3, b);

        assertArrayEquals(new double[] {1, 2, 3}, b, 1e-12);
    }

    @Test
    void factorAndSolve_upperTriangleGarbage_ignored() {
        double[] a = threeByThree();
        a[1] = Double.NaN;
        a[2] = 1e9;
        a[5] = -7;
        double[] b = {-20, -43, 192};

        Cholesky.factorAndSolve(a, 3, b);

        assertArrayEquals(new double[] {1, 2, 3}, b, 1e-12);
    }

    @Test
    void factorAndSolve_oneByOne_divides() {
        double[] a = {4};
        double[] b = {10};

        Cholesky.factorAndSolve(a, 1, b);

        assertEquals(2, a[0]);
        assertEquals(2.5, b[0]);
    }

    @Test
    void factorAndSolve_randomGramPlusRidge_residualAtRoundingLevel() {
        int n = 17;
        SplittableRandom random = new SplittableRandom(3);
        double[] a = new double[n * n];
        for (int s = 0; s < 40; s++) {
            double[] v = random.doubles(n, -1, 1).toArray();
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    a[r * n + c] += v[r] * v[c];
                }
            }
        }
        for (int r = 0; r < n; r++) {
            a[r * n + r] += 0.1;
        }
        double[] original = a.clone();
        double[] b = random.doubles(n, -5, 5).toArray();
        double[] x = b.clone();

        Cholesky.factorAndSolve(a, n, x);

        for (int r = 0; r < n; r++) {
            double ax = 0;
            for (int c = 0; c < n; c++) {
                ax += original[r * n + c] * x[c];
            }
            assertEquals(b[r], ax, 1e-9, "row " + r);
        }
    }

    @Test
    void factor_indefiniteMatrix_throwsNamingThePivot() {
        double[] a = {1, 2, 2, 1};

        ArithmeticException e = assertThrows(ArithmeticException.class, () -> Cholesky.factor(a, 2));

        assertTrue(e.getMessage().contains("pivot 1 of 2"), e.getMessage());
    }
}
