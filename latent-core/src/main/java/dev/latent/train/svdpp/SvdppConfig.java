package dev.latent.train.svdpp;

import dev.latent.train.ConfigChecks;
import dev.latent.train.EarlyStopping;
import dev.latent.train.TrainerConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of {@link SvdppTrainer}; validated on construction.
 *
 * @param factors       rank k of p, q and y
 * @param epochs        passes over the training ratings (an upper bound with early stopping)
 * @param learningRate  SGD step size η of the first epoch
 * @param decay         factor the step size is multiplied by after every epoch, in (0, 1]
 *                      (epoch e steps with η·decay^(e−1)); 1 keeps it constant
 * @param regFactors    L2 weight λ on the explicit factors p and q
 * @param regImplicit   L2 weight λ_y on the implicit factors y
 * @param regBias       L2 weight on the user and item biases
 * @param initStd       standard deviation of the Gaussian p, q and y are drawn from
 * @param seed          the one seed of the run
 * @param earlyStopping the stopping rule, used when a validation list is given
 */
public record SvdppConfig(int factors, int epochs, float learningRate, float decay, float regFactors,
                          float regImplicit, float regBias,
                          float initStd, long seed, EarlyStopping earlyStopping)
        implements TrainerConfig {

    public SvdppConfig {
        ConfigChecks.positive("factors", factors);
        ConfigChecks.positive("epochs", epochs);
        ConfigChecks.positive("learningRate", learningRate);
        if (!(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("decay must be in (0, 1] but was " + decay);
        }
        ConfigChecks.nonNegative("regFactors", regFactors);
        ConfigChecks.nonNegative("regImplicit", regImplicit);
        ConfigChecks.nonNegative("regBias", regBias);
        ConfigChecks.positive("initStd", initStd);
        Objects.requireNonNull(earlyStopping, "earlyStopping");
    }

    /**
     * Defaults for explicit ratings on a 1–5 scale: k = 50, 40 epochs from η = 0.02 decaying ×0.95
     * per epoch, λ = 0.1 on p and q, λ_y = 0.01 on y, 0.05 on biases, factors from N(0, 0.1²).
     * Mean test RMSE 0.902 on MovieLens 100K u1..u5 (see the tuning note in {@link SvdppTrainer}).
     */
    public static SvdppConfig defaults() {
        return new SvdppConfig(50, 40, 0.02f, 0.95f, 0.1f, 0.01f, 0.05f, 0.1f, 42L, EarlyStopping.OFF);
    }

    public SvdppConfig withFactors(int value) {
        return new SvdppConfig(value, epochs, learningRate, decay, regFactors, regImplicit, regBias, initStd, seed, earlyStopping);
    }

    public SvdppConfig withEpochs(int value) {
        return new SvdppConfig(factors, value, learningRate, decay, regFactors, regImplicit, regBias, initStd, seed, earlyStopping);
    }

    public SvdppConfig withLearningRate(float value) {
        return new SvdppConfig(factors, epochs, value, decay, regFactors, regImplicit, regBias, initStd, seed, earlyStopping);
    }

    public SvdppConfig withDecay(float value) {
        return new SvdppConfig(factors, epochs, learningRate, value, regFactors, regImplicit, regBias, initStd, seed, earlyStopping);
    }

    public SvdppConfig withRegFactors(float value) {
        return new SvdppConfig(factors, epochs, learningRate, decay, value, regImplicit, regBias, initStd, seed, earlyStopping);
    }

    public SvdppConfig withRegImplicit(float value) {
        return new SvdppConfig(factors, epochs, learningRate, decay, regFactors, value, regBias, initStd, seed, earlyStopping);
    }

    public SvdppConfig withRegBias(float value) {
        return new SvdppConfig(factors, epochs, learningRate, decay, regFactors, regImplicit, value, initStd, seed, earlyStopping);
    }

    public SvdppConfig withInitStd(float value) {
        return new SvdppConfig(factors, epochs, learningRate, decay, regFactors, regImplicit, regBias, value, seed, earlyStopping);
    }

    public SvdppConfig withSeed(long value) {
        return new SvdppConfig(factors, epochs, learningRate, decay, regFactors, regImplicit, regBias, initStd, value, earlyStopping);
    }

    public SvdppConfig withEarlyStopping(EarlyStopping value) {
        return new SvdppConfig(factors, epochs, learningRate, decay, regFactors, regImplicit, regBias, initStd, seed, value);
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("factors", Integer.toString(factors));
        map.put("epochs", Integer.toString(epochs));
        map.put("learningRate", Float.toString(learningRate));
        map.put("decay", Float.toString(decay));
        map.put("regFactors", Float.toString(regFactors));
        map.put("regImplicit", Float.toString(regImplicit));
        map.put("regBias", Float.toString(regBias));
        map.put("initStd", Float.toString(initStd));
        earlyStopping.putParameters(map);
        return map;
    }
}
