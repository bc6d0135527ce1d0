package dev.latent.train.bpr;

import dev.latent.train.ConfigChecks;
import dev.latent.train.TrainerConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Configuration of {@link BprTrainer}; validated on construction.
 *
 * @param factors        rank k of the factor matrices
 * @param epochs         passes of as many sampled (u, i, j) triples as there are observed pairs
 * @param learningRate   SGD step size η
 * @param regularization L2 weight λ on p_u, q_i, q_j and the item biases
 * @param initStd        standard deviation of the Gaussian the factors are drawn from
 * @param seed           the one seed of the run
 * @param threads        Hogwild worker threads; 1 makes the run deterministic
 */
public record BprConfig(int factors, int epochs, float learningRate, float regularization, float initStd, long seed,
                        int threads)
        implements TrainerConfig {

    public BprConfig {
        ConfigChecks.positive("factors", factors);
        ConfigChecks.positive("epochs", epochs);
        ConfigChecks.positive("learningRate", learningRate);
        ConfigChecks.nonNegative("regularization", regularization);
        ConfigChecks.positive("initStd", initStd);
        ConfigChecks.positive("threads", threads);
    }

    /**
     * k = 64, 50 epochs, η = 0.05, λ = 0.01, factors from N(0, 0.1²), one thread per core. Tuned
     * for NDCG@10 in leave-one-out; see the tuning note in {@link BprTrainer}.
     */
    public static BprConfig defaults() {
        return new BprConfig(64, 50, 0.05f, 0.01f, 0.1f, 42L, Runtime.getRuntime().availableProcessors());
    }

    public BprConfig withFactors(int value) {
        return new BprConfig(value, epochs, learningRate, regularization, initStd, seed, threads);
    }

    public BprConfig withEpochs(int value) {
        return new BprConfig(factors, value, learningRate, regularization, initStd, seed, threads);
    }

    public BprConfig withLearningRate(float value) {
        return new BprConfig(factors, epochs, value, regularization, initStd, seed, threads);
    }

    public BprConfig withRegularization(float value) {
        return new BprConfig(factors, epochs, learningRate, value, initStd, seed, threads);
    }

    public BprConfig withInitStd(float value) {
        return new BprConfig(factors, epochs, learningRate, regularization, value, seed, threads);
    }

    public BprConfig withSeed(long value) {
        return new BprConfig(factors, epochs, learningRate, regularization, initStd, value, threads);
    }

    public BprConfig withThreads(int value) {
        return new BprConfig(factors, epochs, learningRate, regularization, initStd, seed, value);
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
        return map;
    }
}
