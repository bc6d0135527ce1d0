package dev.latent.explain;

/**
 * Eigenvalues and eigenvectors of a small dense symmetric matrix by cyclic Jacobi rotations
 * (Golub and Van Loan, Matrix Computations, §8.5): slow in k³ per sweep but simple and accurate
 * to rounding, which is all a k × k covariance of factors needs.
 *
 * <p>Layout: matrices are k × k, row-major in a flat {@code double[]}; eigenvector j is column j
 * of {@link #vectors}, and the eigenvalues are in descending order.
 */
final class SymmetricEigen {
    private static final int MAX_SWEEPS = 100;

    private final double[] values;
    private final double[] vectors;

    private SymmetricEigen(double[] values, double[] vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    /** Decomposes the symmetric {@code matrix} (k × k); the argument is not modified. */
    static SymmetricEigen of(double[] matrix, int k) {
        double[] a = matrix.clone();
        double[] v = identity(k);
        for (int sweep = 0; sweep < MAX_SWEEPS && offDiagonal(a, k) > 1e-26 * norm(a); sweep++) {
            for (int p = 0; p < k - 1; p++) {
                for (int q = p + 1; q < k; q++) {
                    rotate(a, v, k, p, q);
                }
            }
        }
        return sorted(a, v, k);
    }

    /** Zeroes a[p][q] by A ← Jᵀ·A·J, V ← V·J, with J the rotation in the (p, q) plane. */
    private static void rotate(double[] a, double[] v, int k, int p, int q) {
        double apq = a[p * k + q];
        if (apq == 0) {
            return;
        }
        double theta = (a[q * k + q] - a[p * k + p]) / (2 * apq);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        for (int r = 0; r < k; r++) {
            double arp = a[r * k + p];
            double arq = a[r * k + q];
            a[r * k + p] = c * arp - s * arq;
            a[r * k + q] = s * arp + c * arq;
        }
        for (int r = 0; r < k; r++) {
            double apr = a[p * k + r];
            double aqr = a[q * k + r];
            a[p * k + r] = c * apr - s * aqr;
            a[q * k + r] = s * apr + c * aqr;
        }
        a[p * k + q] = 0;
        a[q * k + p] = 0;
        for (int r = 0; r < k; r++) {
            double vrp = v[r * k + p];
            double vrq = v[r * k + q];
            v[r * k + p] = c * vrp - s * vrq;
            v[r * k + q] = s * vrp + c * vrq;
        }
    }

    private static SymmetricEigen sorted(double[] a, double[] v, int k) {
        int[] order = new int[k];
        for (int j = 0; j < k; j++) {
            order[j] = j;
        }
        // Insertion sort by eigenvalue, descending; k is small.
        for (int j = 1; j < k; j++) {
            int moving = order[j];
            int t = j;
            while (t > 0 && a[order[t - 1] * k + order[t - 1]] < a[moving * k + moving]) {
                order[t] = order[t - 1];
                t--;
            }
            order[t] = moving;
        }
        double[] values = new double[k];
        double[] vectors = new double[k * k];
        for (int j = 0; j < k; j++) {
            values[j] = a[order[j] * k + order[j]];
            for (int r = 0; r < k; r++) {
                vectors[r * k + j] = v[r * k + order[j]];
            }
        }
        return new SymmetricEigen(values, vectors);
    }

    private static double offDiagonal(double[] a, int k) {
        double sum = 0;
        for (int p = 0; p < k; p++) {
            for (int q = 0; q < k; q++) {
                if (p != q) {
                    sum += a[p * k + q] * a[p * k + q];
                }
            }
        }
        return sum;
    }

    private static double norm(double[] a) {
        double sum = 0;
        for (double x : a) {
            sum += x * x;
        }
        return sum;
    }

    static double[] identity(int k) {
        double[] m = new double[k * k];
        for (int j = 0; j < k; j++) {
            m[j * k + j] = 1;
        }
        return m;
    }

    /** The eigenvalues, descending. */
    double[] values() {
        return values;
    }

    /** The eigenvectors as the columns of a k × k row-major matrix, in the order of {@link #values()}. */
    double[] vectors() {
        return vectors;
    }
}
