package dev.latent.train.sgd;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.math.VectorKernels;
import dev.latent.model.FactorModel;
import dev.latent.train.Trainer;
import dev.latent.train.TrainingListener;

import java.util.Objects;

/**
 * FunkSVD (S. Funk, "Netflix Update: Try This at Home", 2006), as probabilistic matrix
 * factorisation trained by SGD: {@code r̂ = p_u·q_i}, no mean and no biases. For every known
 * rating, in shuffled order each epoch, {@code e = r − p_u·q_i; p_u += η(e·q_i − λ·p_u);
 * q_i += η(e·p_u − λ·q_i)}, both from the old values.
 */
public final class FunkSvdTrainer implements Trainer {
    public static final String ALGORITHM = "funk-svd";

    private final FunkSvdConfig config;
    private final VectorKernels kernels;

    public FunkSvdTrainer(FunkSvdConfig config) {
        this(config, VectorKernels.best());
    }

    /** With explicit kernels, so tests can run the scalar twin. */
    public FunkSvdTrainer(FunkSvdConfig config, VectorKernels kernels) {
        this.config = Objects.requireNonNull(config, "config");
        this.kernels = Objects.requireNonNull(kernels, "kernels");
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    @Override
    public FunkSvdConfig config() {
        return config;
    }

    @Override
    public FactorModel train(RatingMatrix ratings, RatingList validation, TrainingListener listener) {
        FpsgdLoop.Settings settings = new FpsgdLoop.Settings(false, true, config.factors(), config.epochs(),
                config.learningRate(), config.regularization(), 0f, config.initStd(), config.schedule(), config.threads(),
                config.blocks(), config.earlyStopping());
        return new FpsgdLoop(ALGORITHM, config, settings, kernels).run(ratings, validation, listener);
    }
}
