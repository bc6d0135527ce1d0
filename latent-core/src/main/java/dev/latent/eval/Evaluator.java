package dev.latent.eval;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.eval.EvaluationReport.FoldResult;
import dev.latent.eval.metric.ErrorMetrics;
import dev.latent.eval.split.Split;
import dev.latent.model.BiasBaseline;
import dev.latent.model.FactorModel;
import dev.latent.model.GlobalMeanBaseline;
import dev.latent.model.Predictor;
import dev.latent.train.Trainer;
import dev.latent.train.TrainingListener;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Trains a model on each split and scores it, next to the global-mean and bias baselines fit on
 * the same training part, on the split's test list.
 *
 * <p>Call order: splits are evaluated one after another in list order on the calling thread; for
 * each, the per-fold listener factory is asked once for fold {@code f}'s listener, the trainer
 * runs with it (and no validation list: the test ratings never steer training), then the three
 * predictors are scored. Training time is wall time around {@link Trainer#train} alone.
 */
public final class Evaluator {
    private final IntFunction<TrainingListener> perFold;

    /** An evaluator that reports no training progress. */
    public Evaluator() {
        this(fold -> TrainingListener.NONE);
    }

    /** An evaluator that trains fold {@code f} with {@code perFold.apply(f)}, e.g. to show progress. */
    public Evaluator(IntFunction<TrainingListener> perFold) {
        this.perFold = Objects.requireNonNull(perFold, "perFold");
    }

    /**
     * Trains {@code trainer} on every split and reports {@value EvaluationReport#MODEL},
     * {@value EvaluationReport#GLOBAL_MEAN} and {@value EvaluationReport#BIAS_BASELINE} per fold.
     */
    public EvaluationReport evaluate(Trainer trainer, List<Split> splits) {
        Objects.requireNonNull(trainer, "trainer");
        if (splits.isEmpty()) {
            throw new IllegalArgumentException("nothing to evaluate: no splits");
        }
        List<FoldResult> folds = new ArrayList<>(splits.size());
        for (Split split : splits) {
            RatingMatrix train = split.train();
            RatingList test = split.test();
            TrainingListener listener = Objects.requireNonNull(perFold.apply(split.fold()), "listener");
            long started = System.nanoTime();
            FactorModel model = trainer.train(train, null, listener);
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, ErrorMetrics> metrics = new LinkedHashMap<>();
            metrics.put(EvaluationReport.MODEL, ErrorMetrics.of(model, test));
            metrics.put(EvaluationReport.GLOBAL_MEAN, ErrorMetrics.of(GlobalMeanBaseline.fit(train), test));
            metrics.put(EvaluationReport.BIAS_BASELINE, ErrorMetrics.of(BiasBaseline.fit(train), test));
            folds.add(new FoldResult(split.fold(), train.size(), test.size(), test.unknownCount(), seconds, metrics));
        }
        return new EvaluationReport(folds);
    }

    /**
     * Scores a model trained elsewhere (such as one loaded from a file) on {@code test}. Without
     * its training data no baseline can be fit, so the report has one fold with only
     * {@value EvaluationReport#MODEL}, {@link FoldResult#UNKNOWN} training size and NaN seconds.
     */
    public static EvaluationReport evaluateModel(Predictor model, RatingList test) {
        Objects.requireNonNull(model, "model");
        FoldResult fold = new FoldResult(1, FoldResult.UNKNOWN, test.size(), test.unknownCount(), Double.NaN,
                Map.of(EvaluationReport.MODEL, ErrorMetrics.of(model, test)));
        return new EvaluationReport(List.of(fold));
    }
}
