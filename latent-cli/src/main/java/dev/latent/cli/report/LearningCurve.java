package dev.latent.cli.report;

import dev.latent.train.EpochEvent;

import java.util.List;
import java.util.Objects;

/**
 * One training run's error per epoch: {@code train[e]} and {@code validation[e]} after epoch
 * {@code e + 1}; validation is NaN where the run had no validation data.
 *
 * @param label what the run was, shown in legends ("fold 2"); empty for a lone run
 */
public record LearningCurve(String label, double[] train, double[] validation) {
    public LearningCurve {
        Objects.requireNonNull(label, "label");
        if (train.length != validation.length) {
            throw new IllegalArgumentException("curve '" + label + "' has " + train.length + " training values but "
                    + validation.length + " validation values");
        }
        train = train.clone();
        validation = validation.clone();
    }

    /** The curve of the events one listener received, in order. */
    public static LearningCurve of(String label, List<EpochEvent> events) {
        double[] train = new double[events.size()];
        double[] validation = new double[events.size()];
        for (int e = 0; e < events.size(); e++) {
            train[e] = events.get(e).trainRmse();
            validation[e] = events.get(e).validationRmse();
        }
        return new LearningCurve(label, train, validation);
    }

    public int epochs() {
        return train.length;
    }

    public boolean hasValidation() {
        for (double v : validation) {
            if (!Double.isNaN(v)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public double[] train() {
        return train.clone();
    }

    @Override
    public double[] validation() {
        return validation.clone();
    }
}
