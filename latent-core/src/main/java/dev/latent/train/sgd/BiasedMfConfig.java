package dev.latent.train.sgd;

import dev.latent.train.ConfigChecks;
import dev.latent.train.EarlyStopping;
import dev.latent.train.TrainerConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of {@link BiasedMfTrainer}; validated on construction.
 *
 * @param factors       rank k of the factor matrices
 * @param epochs        passes over the training ratings (an upper bound with early stopping)
 * @param learningRate  SGD step size η
 * @param regFactors    L2 weight λ on the factor vectors
 * @param regBias       L2 weight on the user and item biases
 * @param initStd       standard deviation of the Gaussian the factors are drawn from
 * @param seed          the one seed of the run
 * @param schedule      how the step size evolves: constant, inverse decay or per-vector AdaGrad
 * @param threads       worker threads of the parallel SGD loop
 * @param blocks        grid size B of the parallel SGD loop (B × B blocks), 0 to choose it from
 *                      the threads and the data
 * @param earlyStopping the stopping rule, used when a validation list is given
 */
public record BiasedMfConfig(int factors, int epochs, float learningRate, float regFactors, float regBias,
                             float initStd, Schedule schedule, long seed, int threads, int blocks,
                             EarlyStopping earlyStopping)
        implements TrainerConfig {

    public BiasedMfConfig {
        ConfigChecks.positive("factors", factors);
        ConfigChecks.positive("epochs", epochs);
        ConfigChecks.positive("learningRate", learningRate);
        ConfigChecks.nonNegative("regFactors", regFactors);
        ConfigChecks.nonNegative("regBias", regBias);
        ConfigChecks.positive("initStd", initStd);
        Objects.requireNonNull(schedule, "schedule");
        ConfigChecks.positive("threads", threads);
        ConfigChecks.nonNegative("blocks", blocks);
        Objects.requireNonNull(earlyStopping, "earlyStopping");
    }

    /**
     * Defaults for explicit ratings on the usual 1–5 / 1–10 scales: k = 100, 30 epochs of
     * per-vector AdaGrad with η = 0.05, λ = 0.1 on factors and 0.01 on biases, factors drawn from
     * N(0, 0.1²), one thread per core. Round values from a coarse grid; AdaGrad because it reaches a
     * given RMSE in the fewest seconds (README, "Schedules"). The result does not depend on the
     * thread count beyond the grid size it implies.
     */
    public static BiasedMfConfig defaults() {
        return new BiasedMfConfig(100, 30, 0.05f, 0.1f, 0.01f, 0.1f, new Schedule.AdaGrad(), 42L,
                Runtime.getRuntime().availableProcessors(), 0, EarlyStopping.OFF);
    }

    public BiasedMfConfig withFactors(int value) {
        return new BiasedMfConfig(value, epochs, learningRate, regFactors, regBias, initStd, schedule, seed, threads, blocks, earlyStopping);
    }

    public BiasedMfConfig withEpochs(int value) {
        return new BiasedMfConfig(factors, value, learningRate, regFactors, regBias, initStd, schedule, seed, threads, blocks, earlyStopping);
    }

    public BiasedMfConfig withLearningRate(float value) {
        return new BiasedMfConfig(factors, epochs, value, regFactors, regBias, initStd, schedule, seed, threads, blocks, earlyStopping);
    }

    public BiasedMfConfig withRegFactors(float value) {
        return new BiasedMfConfig(factors, epochs, learningRate, value, regBias, initStd, schedule, seed, threads, blocks, earlyStopping);
    }

    public BiasedMfConfig withRegBias(float value) {
        return new BiasedMfConfig(factors, epochs, learningRate, regFactors, value, initStd, schedule, seed, threads, blocks, earlyStopping);
    }

    public BiasedMfConfig withInitStd(float value) {
        return new BiasedMfConfig(factors, epochs, learningRate, regFactors, regBias, value, schedule, seed, threads, blocks, earlyStopping);
    }

    public BiasedMfConfig withSchedule(Schedule value) {
        return new BiasedMfConfig(factors, epochs, learningRate, regFactors, regBias, initStd, value, seed, threads, blocks, earlyStopping);
    }

    public BiasedMfConfig withSeed(long value) {
        return new BiasedMfConfig(factors, epochs, learningRate, regFactors, regBias, initStd, schedule, value, threads, blocks, earlyStopping);
    }

    public BiasedMfConfig withThreads(int value) {
        return new BiasedMfConfig(factors, epochs, learningRate, regFactors, regBias, initStd, schedule, seed, value, blocks, earlyStopping);
    }

    public BiasedMfConfig withBlocks(int value) {
        return new BiasedMfConfig(factors, epochs, learningRate, regFactors, regBias, initStd, schedule, seed, threads, value, earlyStopping);
    }

    public BiasedMfConfig withEarlyStopping(EarlyStopping value) {
        return new BiasedMfConfig(factors, epochs, learningRate, regFactors, regBias, initStd, schedule, seed, threads, blocks, value);
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("factors", Integer.toString(factors));
        map.put("epochs", Integer.toString(epochs));
        map.put("learningRate", Float.toString(learningRate));
        map.put("regFactors", Float.toString(regFactors));
        map.put("regBias", Float.toString(regBias));
        map.put("initStd", Float.toString(initStd));
        map.put("schedule", schedule.text());
        map.put("threads", Integer.toString(threads));
        map.put("blocks", Integer.toString(blocks));
        earlyStopping.putParameters(map);
        return map;
    }
}
