package dev.latent.train;

/**
 * The stopping rule: stop when the validation RMSE has not improved by more than
 * {@code minDelta} for {@code patience} epochs in a row, and keep the best epoch's model.
 * {@code patience = 0} turns early stopping off.
 */
public record EarlyStopping(int patience, double minDelta) {
    public static final EarlyStopping OFF = new EarlyStopping(0, 0);

    public EarlyStopping {
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be non-negative but was " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("minDelta must be non-negative but was " + minDelta);
        }
    }

    public static EarlyStopping after(int patience) {
        return new EarlyStopping(patience, 1e-4);
    }

    public boolean enabled() {
        return patience > 0;
    }
}
