package dev.latent.bench;

import dev.latent.math.VectorKernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@link VectorKernels#dot} and {@link VectorKernels#sgdStep} on rank-k factor vectors, the
 * Vector API kernels ({@link VectorKernels#best()}) against their scalar twin.
 *
 * <p>Each call takes the next (user, item) pair from two matrices of {@value #VECTORS} vectors
 * (2 MB each at k = 128, beyond L1 and L2 on most machines), the item index striding through them
 * the way shuffled ratings do, so that the kernel pays for its loads as it does in training. The
 * vectors are reset before every iteration and the step size keeps {@code p + q} steady, so that
 * sgdStep never wanders into subnormal numbers.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -jar latent-bench/target/latent-benchmarks.jar VectorKernels}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class VectorKernelsBenchmark {
    static final int VECTORS = 4096;
    /** An odd stride, coprime to {@link #VECTORS}, so the item index visits every vector. */
    private static final int ITEM_STRIDE = 1031;
    private static final float LEARNING_RATE = 0.01f;
    private static final float REG = 0.05f;
    /** With lr·err = lr·reg, {@code 1 − lr·reg + lr·err = 1}: the sum of each pair is kept. */
    private static final float ERR = REG;

    @Param({"32", "64", "128"})
    int k;

    private final VectorKernels best = VectorKernels.best();
    private final VectorKernels scalar = VectorKernels.scalar();
    private float[] users;
    private float[] items;
    private float[] usersInitial;
    private float[] itemsInitial;
    private int user;
    private int item;

    @Setup(Level.Trial)
    public void draw() {
        if (!best.name().startsWith("panama")) {
            throw new IllegalStateException("expected the Vector API kernels but got " + best.name()
                    + "; run with --add-modules jdk.incubator.vector");
        }
        SplittableRandom random = new SplittableRandom(42);
        usersInitial = new float[VECTORS * k];
        itemsInitial = new float[VECTORS * k];
        for (int j = 0; j < usersInitial.length; j++) {
            usersInitial[j] = (float) (0.1 * random.nextGaussian());
            itemsInitial[j] = (float) (0.1 * random.nextGaussian());
        }
    }

    @Setup(Level.Iteration)
    public void reset() {
        users = usersInitial.clone();
        items = itemsInitial.clone();
        user = 0;
        item = 0;
    }

    /** Advances to the next (user, item) pair; the same cheap work in every benchmark. */
    private void next() {
        user = (user + 1) & (VECTORS - 1);
        item = (item + ITEM_STRIDE) & (VECTORS - 1);
    }

    @Benchmark
    public float dotBest() {
        next();
        return best.dot(users, user * k, items, item * k, k);
    }

    @Benchmark
    public float dotScalar() {
        next();
        return scalar.dot(users, user * k, items, item * k, k);
    }

    @Benchmark
    public float[] sgdStepBest() {
        next();
        best.sgdStep(users, user * k, items, item * k, k, ERR, LEARNING_RATE, REG);
        return users;
    }

    @Benchmark
    public float[] sgdStepScalar() {
        next();
        scalar.sgdStep(users, user * k, items, item * k, k, ERR, LEARNING_RATE, REG);
        return users;
    }
}
