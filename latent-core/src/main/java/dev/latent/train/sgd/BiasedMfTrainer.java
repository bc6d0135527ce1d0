package dev.latent.train.sgd;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.math.VectorKernels;
import dev.latent.model.FactorModel;
import dev.latent.train.Trainer;
import dev.latent.train.TrainingListener;

import java.util.Objects;

/**
 * Biased matrix factorisation by SGD: {@code r̂ = μ + b_u + b_i + p_u·q_i}, with separate L2
 * weights for biases and factors (Koren, Bell, Volinsky, "Matrix Factorization Techniques for
 * Recommender Systems", IEEE Computer 2009). μ is the training mean; biases start at zero.
 */
public final class BiasedMfTrainer implements Trainer {
    public static final String ALGORITHM = "biased-mf";

    private final BiasedMfConfig config;
    private final VectorKernels kernels;

    public BiasedMfTrainer(BiasedMfConfig config) {
        this(config, VectorKernels.best());
    }

    /** With explicit kernels, so tests can run the scalar twin. */
    public BiasedMfTrainer(BiasedMfConfig config, VectorKernels kernels) {
        this.config = Objects.requireNonNull(config, "config");
        this.kernels = Objects.requireNonNull(kernels, "kernels");
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    @Override
    public BiasedMfConfig config() {
        return config;
    }

    @Override
    public FactorModel train(RatingMatrix ratings, RatingList validation, TrainingListener listener) {
        FpsgdLoop.Settings settings = new FpsgdLoop.Settings(true, false, config.factors(), config.epochs(),
                config.learningRate(), config.regFactors(), config.regBias(), config.initStd(), config.schedule(), config.threads(),
                config.blocks(), config.earlyStopping());
        return new FpsgdLoop(ALGORITHM, config, settings, kernels).run(ratings, validation, listener);
    }
}
