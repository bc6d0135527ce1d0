package dev.latent.train;

import java.util.Map;

/**
 * The stopping rule: stop when the validation RMSE has not improved by more than
 * {@code minDelta} for {@code patience} epochs in a row, and keep the best epoch's model.
 * {@code patience = 0} turns early stopping off.
 */
public record EarlyStopping(int patience, double minDelta) {
    public static final EarlyStopping OFF = new EarlyStopping(0, 0);

    /** The parameter-map name of {@link #patience}, always written by {@link #putParameters}. */
    public static final String PATIENCE_PARAMETER = "earlyStoppingPatience";

    /** The parameter-map name of {@link #minDelta}, written only when it differs from {@link #forPatience}'s. */
    public static final String MIN_DELTA_PARAMETER = "earlyStoppingMinDelta";

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

    /** The rule a patience alone stands for, as the CLI builds it: {@link #OFF} for 0, else {@link #after}. */
    public static EarlyStopping forPatience(int patience) {
        return patience == 0 ? OFF : after(patience);
    }

    /**
     * Adds this rule to a config's parameter map: the patience, and the minDelta only when it is
     * not {@link #forPatience}'s, so that maps of the usual rules keep their one entry.
     */
    public void putParameters(Map<String, String> parameters) {
        parameters.put(PATIENCE_PARAMETER, Integer.toString(patience));
        if (!equals(forPatience(patience))) {
            parameters.put(MIN_DELTA_PARAMETER, Double.toString(minDelta));
        }
    }

    public boolean enabled() {
        return patience > 0;
    }

    /** A fresh tracker of one run's validation RMSE under this rule. */
    public <M> Tracker<M> tracker() {
        return new Tracker<>(this);
    }

    /**
     * Follows one run: {@link #record} after every validated epoch, which says when to stop, and
     * {@link #best} for the model to keep. Patience counts epochs without an improvement larger
     * than {@code minDelta} over the last improvement.
     *
     * @param <M> the model type
     */
    public static final class Tracker<M> {
        private final EarlyStopping rule;
        private double best = Double.POSITIVE_INFINITY;
        private M bestModel;
        private double lastImprovement = Double.POSITIVE_INFINITY;
        private int sinceImprovement;

        private Tracker(EarlyStopping rule) {
            this.rule = rule;
        }

        /** Records an epoch's validation RMSE and model; true when the rule says to stop now. */
        public boolean record(double validationRmse, M model) {
            if (validationRmse < best) {
                best = validationRmse;
                bestModel = model;
            }
            if (validationRmse < lastImprovement - rule.minDelta()) {
                lastImprovement = validationRmse;
                sinceImprovement = 0;
                return false;
            }
            return ++sinceImprovement >= rule.patience();
        }

        /** The model of the best validation RMSE recorded, or null before any. */
        public M best() {
            return bestModel;
        }
    }
}
