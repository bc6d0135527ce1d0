package dev.latent.math;

/**
 * Solves small dense symmetric positive definite systems {@code A·x = b} through the Cholesky
 * factorisation {@code A = L·Lᵀ}, in place and without allocating: the per-row solve of
 * alternating least squares.
 *
 * <p>Layout. A matrix is n × n, row-major in a flat {@code double[]}: entry (r, c) at
 * {@code r·n + c}. Only the lower triangle (c ≤ r) is read, and {@link #factor} overwrites it with
 * L; the strict upper triangle is neither read nor written, so callers may fill the lower triangle
 * alone. Factoring costs n³/6 multiply-adds, solving n².
 */
public final class Cholesky {
    private Cholesky() {
    }

    /**
     * Overwrites the lower triangle of {@code a} with L, column by column (Cholesky–Crout: every
     * inner loop is a dot product of two row prefixes, both contiguous).
     *
     * @throws ArithmeticException when a pivot is not positive, that is when A is not (numerically)
     *                             positive definite
     */
    public static void factor(double[] a, int n) {
        for (int j = 0; j < n; j++) {
            int rowJ = j * n;
            double pivot = a[rowJ + j];
            for (int t = 0; t < j; t++) {
                pivot -= a[rowJ + t] * a[rowJ + t];
            }
            if (!(pivot > 0)) {
                throw new ArithmeticException("the matrix is not positive definite: pivot " + j + " of " + n
                        + " was " + pivot);
            }
            double diagonal = Math.sqrt(pivot);
            a[rowJ + j] = diagonal;
            double inverse = 1 / diagonal;
            for (int r = j + 1; r < n; r++) {
                int rowR = r * n;
                double s = a[rowR + j];
                for (int t = 0; t < j; t++) {
                    s -= a[rowR + t] * a[rowJ + t];
                }
                a[rowR + j] = s * inverse;
            }
        }
    }

    /**
     * Overwrites {@code b} with the solution x of {@code L·Lᵀ·x = b}, where {@code l} holds
     * {@link #factor}'s output: forward substitution, then back substitution by columns of Lᵀ
     * (rows of L), so both passes read rows.
     */
    public static void solve(double[] l, int n, double[] b) {
        for (int r = 0; r < n; r++) {
            int row = r * n;
            double s = b[r];
            for (int t = 0; t < r; t++) {
                s -= l[row + t] * b[t];
            }
            b[r] = s / l[row + r];
        }
        for (int r = n - 1; r >= 0; r--) {
            int row = r * n;
            double x = b[r] / l[row + r];
            b[r] = x;
            for (int t = 0; t < r; t++) {
                b[t] -= l[row + t] * x;
            }
        }
    }

    /** Factors {@code a} in place and overwrites {@code b} with the solution of {@code A·x = b}. */
    public static void factorAndSolve(double[] a, int n, double[] b) {
        factor(a, n);
        solve(a, n, b);
    }
}
