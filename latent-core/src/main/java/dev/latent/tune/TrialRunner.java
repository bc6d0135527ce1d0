package dev.latent.tune;

import dev.latent.eval.split.Split;
import dev.latent.model.FactorModel;
import dev.latent.train.EpochEvent;
import dev.latent.train.Trainer;
import dev.latent.train.TrainingDivergedException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Scores a configuration by training on every split and measuring the metric on its test part.
 *
 * <p>With {@code earlyStopping}, the trainers (built with a stopping rule by {@code trainers})
 * get the split's test part as validation data, so they stop when its RMSE stops improving and
 * return the best epoch's model; the trial's epochs are the rounded mean of each split's best
 * epoch. Without it (algorithms that have no stopping rule) training runs the configured epochs,
 * which are reported as they are. A configuration whose training diverges scores NaN, which ranks
 * last, rather than ending the tuning.
 */
public final class TrialRunner implements Objective {
    private final List<Split> splits;
    private final Metric metric;
    private final Function<Configuration, Trainer> trainers;
    private final boolean earlyStopping;

    /**
     * @param splits        the training/validation pairs, such as k folds
     * @param metric        what each split is scored by
     * @param trainers      builds a fresh trainer for a configuration (called once per split)
     * @param earlyStopping whether the trainers stop on the validation RMSE
     */
    public TrialRunner(List<Split> splits, Metric metric, Function<Configuration, Trainer> trainers, boolean earlyStopping) {
        if (splits.isEmpty()) {
            throw new IllegalArgumentException("a trial needs at least one split");
        }
        this.splits = List.copyOf(splits);
        this.metric = Objects.requireNonNull(metric, "metric");
        this.trainers = Objects.requireNonNull(trainers, "trainers");
        this.earlyStopping = earlyStopping;
    }

    public Metric metric() {
        return metric;
    }

    @Override
    public TrialResult evaluate(int index, Configuration configuration) {
        long started = System.nanoTime();
        List<Double> folds = new ArrayList<>(splits.size());
        long epochSum = 0;
        for (Split split : splits) {
            Trainer trainer = trainers.apply(configuration);
            List<EpochEvent> events = new ArrayList<>();
            FactorModel model;
            try {
                model = trainer.train(split.train(), earlyStopping ? split.test() : null, events::add);
            } catch (TrainingDivergedException e) {
                List<Double> nan = new ArrayList<>();
                splits.forEach(s -> nan.add(Double.NaN));
                return TrialResult.of(index, configuration, nan, events.size(), (System.nanoTime() - started) / 1e9);
            }
            folds.add(metric.measure(model, split));
            epochSum += earlyStopping ? bestEpoch(events) : events.isEmpty() ? 0 : events.getLast().epoch();
        }
        int epochs = (int) Math.round((double) epochSum / splits.size());
        return TrialResult.of(index, configuration, folds, epochs, (System.nanoTime() - started) / 1e9);
    }

    /**
     * Trains {@code configuration} on every split again, as {@link #evaluate} does, and returns each
     * split's epoch events (training and, with early stopping, validation RMSE per epoch), in split
     * order: the learning curves of a trial, which results and journals do not keep.
     */
    public List<List<EpochEvent>> learningCurves(Configuration configuration) {
        List<List<EpochEvent>> curves = new ArrayList<>(splits.size());
        for (Split split : splits) {
            List<EpochEvent> events = new ArrayList<>();
            trainers.apply(configuration).train(split.train(), earlyStopping ? split.test() : null, events::add);
            curves.add(List.copyOf(events));
        }
        return curves;
    }

    /** The first epoch of lowest validation RMSE: the one whose model early stopping keeps. */
    static int bestEpoch(List<EpochEvent> events) {
        int best = events.isEmpty() ? 0 : events.getFirst().epoch();
        double bestRmse = Double.POSITIVE_INFINITY;
        for (EpochEvent event : events) {
            if (event.validationRmse() < bestRmse) {
                bestRmse = event.validationRmse();
                best = event.epoch();
            }
        }
        return best;
    }
}
