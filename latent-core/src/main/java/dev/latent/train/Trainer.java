package dev.latent.train;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.model.FactorModel;

/**
 * Learns a {@link FactorModel} from a rating matrix. Every algorithm has this one shape: a
 * {@code XxxTrainer} built from a validated {@code XxxConfig} record.
 *
 * <p>Call order: {@code train} calls {@link TrainingListener#onEpoch} once after every epoch, in
 * epoch order, on the calling thread; when a validation list is given, each event carries the
 * validation RMSE and the config's stopping rule may end training early, returning the model of
 * the best validation epoch.
 */
public interface Trainer {

    /** The algorithm's name as the CLI and model files spell it, such as {@code biased-mf}. */
    String algorithm();

    /** The configuration this trainer runs with. */
    TrainerConfig config();

    /**
     * Trains on {@code ratings}. {@code validation} may be null; its indices refer to the
     * matrix's indexes (-1 for unknown ids).
     */
    FactorModel train(RatingMatrix ratings, RatingList validation, TrainingListener listener);

    default FactorModel train(RatingMatrix ratings) {
        return train(ratings, null, TrainingListener.NONE);
    }
}
