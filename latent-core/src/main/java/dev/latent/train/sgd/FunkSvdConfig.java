package dev.latent.train.sgd;

import dev.latent.train.ConfigChecks;
import dev.latent.train.EarlyStopping;
import dev.latent.train.TrainerConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of {@link FunkSvdTrainer}; validated on construction.
 *
 * @param factors        rank k of the factor matrices
 * @param epochs         passes over the training ratings (an upper bound with early stopping)
 * @param learningRate   SGD step size η
 * @param regularization L2 weight λ on both factor vectors
 * @param initStd        standard deviation of the Gaussian the factors are drawn from
 * @param schedule       how the step size evolves: constant, inverse decay or per-vector AdaGrad
 * @param seed           the one seed of the run
 * @param threads        worker threads of the parallel SGD loop
 * @param blocks         grid size B of the parallel SGD loop, 0 to choose it from the threads and the data
 * @param earlyStopping  the stopping rule, used when a validation list is given
 */
public record FunkSvdConfig(int factors, int epochs, float learningRate, float regularization, float initStd,
                            Schedule schedule, long seed, int threads, int blocks, EarlyStopping earlyStopping)
        implements TrainerConfig {

    public FunkSvdConfig {
        ConfigChecks.positive("factors", factors);
        ConfigChecks.positive("epochs", epochs);
        ConfigChecks.positive("learningRate", learningRate);
        ConfigChecks.nonNegative("regularization", regularization);
        ConfigChecks.positive("initStd", initStd);
        Objects.requireNonNull(schedule, "schedule");
        ConfigChecks.positive("threads", threads);
        ConfigChecks.nonNegative("blocks", blocks);
        Objects.requireNonNull(earlyStopping, "earlyStopping");
    }

    /**
     * The seed algorithm as written: a constant η = 0.01, λ = 0.1, k = 100, 50 epochs, factors
     * drawn from N(0, 0.1²), one thread per core.
     */
    public static FunkSvdConfig defaults() {
        return new FunkSvdConfig(100, 50, 0.01f, 0.1f, 0.1f, new Schedule.Constant(), 42L,
                Runtime.getRuntime().availableProcessors(), 0, EarlyStopping.OFF);
    }

    public FunkSvdConfig withFactors(int value) {
        return new FunkSvdConfig(value, epochs, learningRate, regularization, initStd, schedule, seed, threads, blocks, earlyStopping);
    }

    public FunkSvdConfig withEpochs(int value) {
        return new FunkSvdConfig(factors, value, learningRate, regularization, initStd, schedule, seed, threads, blocks, earlyStopping);
    }

    public FunkSvdConfig withLearningRate(float value) {
        return new FunkSvdConfig(factors, epochs, value, regularization, initStd, schedule, seed, threads, blocks, earlyStopping);
    }

    public FunkSvdConfig withRegularization(float value) {
        return new FunkSvdConfig(factors, epochs, learningRate, value, initStd, schedule, seed, threads, blocks, earlyStopping);
    }

    public FunkSvdConfig withInitStd(float value) {
        return new FunkSvdConfig(factors, epochs, learningRate, regularization, value, schedule, seed, threads, blocks, earlyStopping);
    }

    public FunkSvdConfig withSchedule(Schedule value) {
        return new FunkSvdConfig(factors, epochs, learningRate, regularization, initStd, value, seed, threads, blocks, earlyStopping);
    }

    public FunkSvdConfig withSeed(long value) {
        return new FunkSvdConfig(factors, epochs, learningRate, regularization, initStd, schedule, value, threads, blocks, earlyStopping);
    }

    public FunkSvdConfig withThreads(int value) {
        return new FunkSvdConfig(factors, epochs, learningRate, regularization, initStd, schedule, seed, value, blocks, earlyStopping);
    }

    public FunkSvdConfig withBlocks(int value) {
        return new FunkSvdConfig(factors, epochs, learningRate, regularization, initStd, schedule, seed, threads, value, earlyStopping);
    }

    public FunkSvdConfig withEarlyStopping(EarlyStopping value) {
        return new FunkSvdConfig(factors, epochs, learningRate, regularization, initStd, schedule, seed, threads, blocks, value);
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("factors", Integer.toString(factors));
        map.put("epochs", Integer.toString(epochs));
        map.put("learningRate", Float.toString(learningRate));
        map.put("regularization", Float.toString(regularization));
        map.put("initStd", Float.toString(initStd));
        map.put("schedule", schedule.text());
        map.put("threads", Integer.toString(threads));
        map.put("blocks", Integer.toString(blocks));
        earlyStopping.putParameters(map);
        return map;
    }
}
