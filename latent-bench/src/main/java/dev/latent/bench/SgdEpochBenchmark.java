package dev.latent.bench;

import dev.latent.data.RatingMatrix;
import dev.latent.synth.SyntheticConfig;
import dev.latent.synth.SyntheticGenerator;
import dev.latent.train.EpochEvent;
import dev.latent.train.sgd.BiasedMfConfig;
import dev.latent.train.sgd.BiasedMfTrainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * One SGD epoch of {@link BiasedMfTrainer} as it ships (FPSGD, the best vector kernels, default
 * learning rate, regularisation, schedule and grid size) on an in-memory synthetic matrix of
 * {@value #RATINGS} ratings: 40 000 users × 20 000 items, Zipf 0.8, planted rank 10. The matrix,
 * the block grid and the factors take well under 0.5 GB at k = 128, so {@code -Xmx2g} leaves room.
 * The score is updates (ratings trained) per second, as {@code latent bench} reports it.
 *
 * <p>How one epoch is isolated from what {@code train} does once per run (factor initialisation,
 * building the block grid, the final model): a background thread runs a single training of
 * unbounded epochs whose listener, after each epoch, hands the event over and waits for a permit.
 * The trial setup absorbs the run's setup and its first epoch; each benchmark call then releases
 * exactly one epoch and waits for its event, so it times the pass over the ratings plus a thread
 * hand-off of microseconds. The epochs keep training one model, whose per-epoch cost does not
 * depend on how far it has converged.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -jar latent-bench/target/latent-benchmarks.jar SgdEpoch}
 * (one setting: add {@code -p factors=64 -p threads=2}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(SgdEpochBenchmark.RATINGS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Benchmark)
public class SgdEpochBenchmark {
    static final int RATINGS = 2_000_000;

    @Param({"32", "64", "128"})
    int factors;

    @Param({"1", "2"})
    int threads;

    private final SynchronousQueue<EpochEvent> finished = new SynchronousQueue<>();
    private final Semaphore permits = new Semaphore(0);
    private Thread training;

    @Setup(Level.Trial)
    public void startTraining() throws InterruptedException {
        SyntheticConfig data = SyntheticConfig.defaults().withShape(RATINGS / 50, RATINGS / 100, RATINGS);
        RatingMatrix matrix = new SyntheticGenerator(data).toMatrix();
        BiasedMfTrainer trainer = new BiasedMfTrainer(BiasedMfConfig.defaults()
                .withFactors(factors).withThreads(threads).withEpochs(Integer.MAX_VALUE));
        training = Thread.ofPlatform().name("sgd-epochs").daemon().start(() -> {
            try {
                trainer.train(matrix, null, this::handOver);
            } catch (CancellationException stopped) {
                // the trial is over
            }
        });
        finished.take();
    }

    /** The listener: passes the epoch's event to the benchmark, then holds the next epoch until a permit comes. */
    private void handOver(EpochEvent event) {
        try {
            finished.put(event);
            permits.acquire();
        } catch (InterruptedException e) {
            throw new CancellationException("benchmark trial ended");
        }
    }

    @Benchmark
    public EpochEvent epoch() throws InterruptedException {
        permits.release();
        return finished.take();
    }

    @TearDown(Level.Trial)
    public void stopTraining() throws InterruptedException {
        training.interrupt();
        training.join();
    }
}
