package dev.latent.train;

import java.time.Duration;

/**
 * Progress after one epoch.
 *
 * @param epoch          1-based epoch number
 * @param epochs         the configured number of epochs
 * @param trainRmse      RMSE of the predictions made during the epoch, each taken just before its
 *                       update (free to compute; slightly above the end-of-epoch training RMSE)
 * @param validationRmse RMSE on the validation ratings after the epoch, or NaN without validation
 * @param epochTime      wall time of this epoch's pass over the training ratings alone (no
 *                       validation, no listener), what throughput is measured by
 * @param elapsed        wall time since training started
 */
public record EpochEvent(int epoch, int epochs, double trainRmse, double validationRmse, Duration epochTime,
                         Duration elapsed) {

    public boolean hasValidation() {
        return !Double.isNaN(validationRmse);
    }
}
