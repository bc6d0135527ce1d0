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
 * @param seed           the one seed of the run
 * @param threads        worker threads (the SGD loop is sequential for now)
 * @param earlyStopping  the stopping rule, used when a validation list is given
 */
public record FunkSvdConfig(int factors, int epochs, float learningRate, float regularization, float initStd,
                            long seed, int threads, EarlyStopping earlyStopping) implements TrainerConfig {

    public FunkSvdConfig {
        ConfigChecks.positive("factors", factors);
        ConfigChecks.positive("epochs", epochs);
        ConfigChecks.positive("learningRate", learningRate);
        ConfigChecks.nonNegative("regularization", regularization);
        ConfigChecks.positive("initStd", initStd);
        ConfigChecks.positive("threads", threads);
        Objects.requireNonNull(earlyStopping, "earlyStopping");
    }

    /** The same factor settings as {@link BiasedMfConfig#defaults()}: k = 100, 50 epochs, η = 0.01, λ = 0.1. */
    public static FunkSvdConfig defaults() {
        return new FunkSvdConfig(100, 50, 0.01f, 0.1f, 0.1f, 42L, 1, EarlyStopping.OFF);
    }

    public FunkSvdConfig withFactors(int value) {
        return new FunkSvdConfig(value, epochs, learningRate, regularization, initStd, seed, threads, earlyStopping);
    }

    public FunkSvdConfig withEpochs(int value) {
        return new FunkSvdConfig(factors, value, learningRate, regularization, initStd, seed, threads, earlyStopping);
    }

    public FunkSvdConfig withLearningRate(float value) {
        return new FunkSvdConfig(factors, epochs, value, regularization, initStd, seed, threads, earlyStopping);
    }

    public FunkSvdConfig withRegularization(float value) {
        return new FunkSvdConfig(factors, epochs, learningRate, value, initStd, seed, threads, earlyStopping);
    }

    public FunkSvdConfig withSeed(long value) {
        return new FunkSvdConfig(factors, epochs, learningRate, regularization, initStd, value, threads, earlyStopping);
    }

    public FunkSvdConfig withThreads(int value) {
        return new FunkSvdConfig(factors, epochs, learningRate, regularization, initStd, seed, value, earlyStopping);
    }

    public FunkSvdConfig withEarlyStopping(EarlyStopping value) {
        return new FunkSvdConfig(factors, epochs, learningRate, regularization, initStd, seed, threads, value);
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("factors", Integer.toString(factors));
        map.put("epochs", Integer.toString(epochs));
        map.put("learningRate", Float.toString(learningRate));
        map.put("regularization", Float.toString(regularization));
        map.put("initStd", Float.toString(initStd));
        map.put("threads", Integer.toString(threads));
        map.put("earlyStoppingPatience", Integer.toString(earlyStopping.patience()));
        return map;
    }
}
