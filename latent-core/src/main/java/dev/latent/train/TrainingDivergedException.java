package dev.latent.train;

/** Training produced non-finite numbers, almost always because the learning rate is too large for the data. */
public final class TrainingDivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
