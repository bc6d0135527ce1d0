package dev.latent.train;

/** Receives one {@link EpochEvent} per epoch; see {@link Trainer} for the call order. */
@FunctionalInterface
public interface TrainingListener {
    TrainingListener NONE = event -> { };

    void onEpoch(EpochEvent event);
}
