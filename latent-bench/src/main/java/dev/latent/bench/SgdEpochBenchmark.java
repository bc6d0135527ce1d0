package dev.latent.bench;

import dev.latent.data.RatingMatrix;
import dev.latent.model.FactorModel;
import dev.latent.synth.SyntheticConfig;
import dev.latent.synth.SyntheticGenerator;
import dev.latent.train.sgd.BiasedMfConfig;
import dev.latent.train.sgd.BiasedMfTrainer;
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

import java.util.concurrent.TimeUnit;

/**
 * One epoch of {@link BiasedMfTrainer} (a config with {@code epochs = 1}, default learning rate and
 * regularisation) on an in-memory synthetic matrix: {@code ratings / 50} users and
 * {@code ratings / 100} items, Zipf 0.8. The time includes what {@code train} does around the
 * epoch (factor initialisation, the shuffle, the model snapshot), as every training run pays it
 * once.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -jar latent-bench/target/latent-benchmarks.jar SgdEpoch}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Benchmark)
public class SgdEpochBenchmark {

    @Param({"32", "64", "128"})
    int factors;

    @Param({"1000000"})
    int ratings;

    private RatingMatrix matrix;
    private BiasedMfTrainer trainer;

    @Setup(Level.Trial)
    public void generate() {
        SyntheticConfig data = SyntheticConfig.defaults().withShape(ratings / 50, ratings / 100, ratings);
        matrix = new SyntheticGenerator(data).toMatrix();
        trainer = new BiasedMfTrainer(BiasedMfConfig.defaults().withFactors(factors).withEpochs(1));
    }

    @Benchmark
    public FactorModel epoch() {
        return trainer.train(matrix);
    }
}
