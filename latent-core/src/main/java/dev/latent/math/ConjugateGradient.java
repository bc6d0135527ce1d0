package dev.latent.math;

import java.util.Objects;

/**
 * A few steps of the conjugate gradient method on a symmetric positive definite system
 * {@code A·x = b} whose matrix is known only through its product with a vector, warm-started from
 * the x given (Hestenes, Stiefel 1952; used for implicit ALS as in Takács, Pilászy, Tikk,
 * "Applications of the conjugate gradient method for implicit feedback collaborative filtering",
 * RecSys 2011).
 *
 * <p>An instance holds the scratch vectors for one system size and is reused from solve to solve:
 * nothing is allocated per solve. Not thread-safe; one per worker. Iteration stops early when a
 * step would divide by a non-positive curvature {@code pᵀAp} or when the squared residual has
 * fallen below {@value #TOLERANCE} of its starting value (about float precision); more steps than
 * the system's size only polish rounding.
 */
public final class ConjugateGradient {
    /** The squared-residual reduction, relative to the start, at which iteration stops. */
    public static final float TOLERANCE = 1e-12f;

    /** The product {@code out = A·x} of an n × n symmetric positive definite matrix A. */
    @FunctionalInterface
    public interface Operator {
        /** Writes {@code A·x} into {@code out}; both have length at least n, and x must not change. */
        void apply(float[] x, float[] out);
    }

    private final int n;
    private final VectorKernels kernels;
    private final float[] residual;
    private final float[] direction;
    private final float[] product;

    public ConjugateGradient(int n) {
        this(n, VectorKernels.best());
    }

    /** With explicit kernels, so tests can run the scalar twin. */
    public ConjugateGradient(int n, VectorKernels kernels) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive but was " + n);
        }
        this.n = n;
        this.kernels = Objects.requireNonNull(kernels, "kernels");
        residual = new float[n];
        direction = new float[n];
        product = new float[n];
    }

    /** The system size this instance solves. */
    public int size() {
        return n;
    }

    /**
     * Improves x by up to {@code steps} iterations on {@code A·x = b}, starting from the x given;
     * computes the starting residual {@code b − A·x} with one product of A.
     */
    public void solve(Operator a, float[] b, float[] x, int steps) {
        a.apply(x, residual);
        for (int j = 0; j < n; j++) {
            residual[j] = b[j] - residual[j];
        }
        iterate(a, x, residual, steps);
    }

    /**
     * Improves x by up to {@code steps} iterations, given its residual {@code r = b − A·x}, which
     * is overwritten; for callers that get the residual more cheaply than through A and b.
     */
    public void iterate(Operator a, float[] x, float[] r, int steps) {
        System.arraycopy(r, 0, direction, 0, n);
        float squared = kernels.dot(r, 0, r, 0, n);
        float floor = squared * TOLERANCE;
        for (int step = 0; step < steps && squared > floor; step++) {
            a.apply(direction, product);
            float curvature = kernels.dot(direction, 0, product, 0, n);
            if (!(curvature > 0)) {
                return;
            }
            float alpha = squared / curvature;
            for (int j = 0; j < n; j++) {
                x[j] += alpha * direction[j];
                r[j] -= alpha * product[j];
            }
            float next = kernels.dot(r, 0, r, 0, n);
            float beta = next / squared;
            for (int j = 0; j < n; j++) {
                direction[j] = r[j] + beta * direction[j];
            }
            squared = next;
        }
    }
}
