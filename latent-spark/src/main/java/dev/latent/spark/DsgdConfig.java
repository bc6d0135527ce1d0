package dev.latent.spark;

import dev.latent.train.ConfigChecks;
import dev.latent.train.TrainerConfig;
import dev.latent.train.Trainers;
import dev.latent.train.sgd.BiasedMfConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of {@link DsgdTrainer}; validated on construction.
 *
 * @param model   the biased-MF hyper-parameters and seed, read as single-machine training reads
 *                them; {@code threads}, {@code blocks} and {@code earlyStopping} are not used on Spark
 * @param strata  grid size d (d × d blocks, d sub-epochs per epoch), 0 to use twice Spark's
 *                default parallelism
 */
public record DsgdConfig(BiasedMfConfig model, int strata) implements TrainerConfig {

    public DsgdConfig {
        Objects.requireNonNull(model, "model");
        ConfigChecks.nonNegative("strata", strata);
    }

    /**
     * {@link BiasedMfConfig#defaults()} with d chosen at training time as twice the default
     * parallelism, so every core has a second block to take while a slow block finishes.
     */
    public static DsgdConfig defaults() {
        return new DsgdConfig(BiasedMfConfig.defaults(), 0);
    }

    public DsgdConfig withModel(BiasedMfConfig value) {
        return new DsgdConfig(value, strata);
    }

    public DsgdConfig withStrata(int value) {
        return new DsgdConfig(model, value);
    }

    @Override
    public long seed() {
        return model.seed();
    }

    /** The parameter naming the grid size, in the namespace of {@link DsgdTrainer#TRAINER}. */
    public static final String STRATA_PARAMETER = DsgdTrainer.TRAINER + ".strata";

    /**
     * The model's parameters, then {@code trainer = dsgd} and {@value #STRATA_PARAMETER}: how the
     * model was trained, which a single-machine retrain ({@code Trainers.forModel}) sets aside.
     */
    @Override
    public Map<String, String> parameters() {
        Map<String, String> map = new LinkedHashMap<>(model.parameters());
        map.put(Trainers.TRAINER_PARAMETER, DsgdTrainer.TRAINER);
        map.put(STRATA_PARAMETER, Integer.toString(strata));
        return map;
    }
}
