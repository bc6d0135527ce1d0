package dev.latent.eval;

import dev.latent.data.IdIndex;
import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.eval.EvaluationReport.FoldResult;
import dev.latent.eval.EvaluationReport.Summary;
import dev.latent.eval.metric.ErrorMetrics;
import dev.latent.eval.split.KFoldSplitter;
import dev.latent.eval.split.Split;
import dev.latent.model.BiasBaseline;
import dev.latent.model.DataStats;
import dev.latent.model.FactorModel;
import dev.latent.train.EpochEvent;
import dev.latent.train.Trainer;
import dev.latent.train.TrainerConfig;
import dev.latent.train.TrainingListener;
import dev.latent.train.sgd.BiasedMfConfig;
import dev.latent.train.sgd.BiasedMfTrainer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluatorTest {
    private static final IdIndex USERS = IdIndex.of("user", List.of("u0", "u1"));
    private static final IdIndex ITEMS = IdIndex.of("item", List.of("i0", "i1"));

    /** Trains nothing: a model predicting the constant 2.5 (zero factors), one epoch event per call. */
    private static final class ConstantTrainer implements Trainer {
        final List<RatingList> validations = new ArrayList<>();

        @Override
        public String algorithm() {
            return "constant";
        }

        @Override
        public TrainerConfig config() {
            return new TrainerConfig() {
                @Override
                public long seed() {
                    return 0;
                }

                @Override
                public Map<String, String> parameters() {
                    return Map.of();
                }
            };
        }

        @Override
        public FactorModel train(RatingMatrix ratings, RatingList validation, TrainingListener listener) {
            validations.add(validation);
            listener.onEpoch(new EpochEvent(1, 1, 0, Double.NaN, Duration.ZERO, Duration.ZERO));
            int[][] seen = FactorModel.seenItemsOf(ratings);
            return new FactorModel(algorithm(), Map.of(), 0, DataStats.of(ratings), ratings.users(), ratings.items(),
                    1, 2.5f, new float[2], new float[2], new float[2], new float[2], seen[0], seen[1]);
        }
    }

    private static RatingList list(int[] users, int[] items, float[] values) {
        return new RatingList(users, items, values);
    }

    /**
     * Fold 1: train u0·i0 = 1, u0·i1 = 3 (μ = 2); test u1·i0 = 3, u1·i1 = 3. Model errors 0.5, 0.5;
     * global mean errors 1, 1. Fold 2: train u1·i0 = 1, u1·i1 = 5 (μ = 3); test u0·i0 = 4.5 and an
     * unknown user's i0 = 4.5. Model errors 2, 2; global mean errors 1.5, 1.5.
     */
    private static List<Split> twoSplits() {
        RatingMatrix train1 = RatingMatrix.of(USERS, ITEMS, list(new int[] {0, 0}, new int[] {0, 1}, new float[] {1, 3}));
        RatingList test1 = list(new int[] {1, 1}, new int[] {0, 1}, new float[] {3, 3});
        RatingMatrix train2 = RatingMatrix.of(USERS, ITEMS, list(new int[] {1, 1}, new int[] {0, 1}, new float[] {1, 5}));
        RatingList test2 = list(new int[] {0, -1}, new int[] {0, 0}, new float[] {4.5f, 4.5f});
        return List.of(new Split(1, train1, test1), new Split(2, train2, test2));
    }

    @Test
    void evaluate_twoSplits_reportsExactMetricsPerFold() {
        EvaluationReport report = new Evaluator().evaluate(new ConstantTrainer(), twoSplits());
        assertEquals(List.of("model", "global-mean", "bias-baseline"), report.predictors());
        FoldResult first = report.folds().get(0);
        assertEquals(new ErrorMetrics(0.5, 0.5, 2), first.metrics("model"));
        assertEquals(new ErrorMetrics(1, 1, 2), first.metrics("global-mean"));
        FoldResult second = report.folds().get(1);
        assertEquals(new ErrorMetrics(2, 2, 2), second.metrics("model"));
        assertEquals(new ErrorMetrics(1.5, 1.5, 2), second.metrics("global-mean"));
    }

    @Test
    void evaluate_twoSplits_reportsSizesAndUnknownIds() {
        EvaluationReport report = new Evaluator().evaluate(new ConstantTrainer(), twoSplits());
        FoldResult second = report.folds().get(1);
        assertEquals(2, second.fold());
        assertEquals(2, second.trainSize());
        assertEquals(2, second.testSize());
        assertEquals(1, second.unknownTestRatings());
        assertEquals(0, report.folds().get(0).unknownTestRatings());
        assertTrue(second.trainSeconds() >= 0 && Double.isFinite(second.trainSeconds()));
    }

    @Test
    void evaluate_twoSplits_biasBaselineFitOnEachTrainingPart() {
        List<Split> splits = twoSplits();
        EvaluationReport report = new Evaluator().evaluate(new ConstantTrainer(), splits);
        for (int f = 0; f < 2; f++) {
            Split split = splits.get(f);
            ErrorMetrics expected = ErrorMetrics.of(BiasBaseline.fit(split.train()), split.test());
            assertEquals(expected, report.folds().get(f).metrics("bias-baseline"));
            assertNotEquals(report.folds().get(f).metrics("global-mean"), expected);
        }
    }

    @Test
    void evaluate_twoSplits_summaryIsMeanAndSampleStdOverFolds() {
        EvaluationReport report = new Evaluator().evaluate(new ConstantTrainer(), twoSplits());
        // Model RMSE and MAE 0.5 and 2: mean 1.25, sample std |2 − 0.5|/√2.
        assertEquals(new Summary("model", 1.25, 1.5 / Math.sqrt(2), 1.25, 1.5 / Math.sqrt(2)), report.summary("model"));
        // Global mean 1 and 1.5: mean 1.25, std 0.5/√2.
        Summary global = report.summaries().get(1);
        assertEquals("global-mean", global.predictor());
        assertEquals(1.25, global.meanRmse(), 1e-15);
        assertEquals(0.5 / Math.sqrt(2), global.rmseStd(), 1e-15);
    }

    @Test
    void evaluate_perFoldListener_getsEachFoldsEventsAndNoValidation() {
        List<String> seen = new ArrayList<>();
        ConstantTrainer trainer = new ConstantTrainer();
        new Evaluator(fold -> event -> seen.add(fold + ":" + event.epoch())).evaluate(trainer, twoSplits());
        assertEquals(List.of("1:1", "2:1"), seen);
        assertNull(trainer.validations.get(0));
        assertNull(trainer.validations.get(1));
    }

    @Test
    void evaluate_biasedMfOnThreeFolds_oneResultPerFoldCoveringTheData() {
        RatingMatrix.Builder builder = RatingMatrix.builder();
        for (int u = 0; u < 6; u++) {
            for (int i = 0; i < 5; i++) {
                if ((u + i) % 3 != 0) {
                    builder.add("u" + u, "i" + i, 1 + (u * i) % 5);
                }
            }
        }
        RatingMatrix data = builder.build();
        BiasedMfConfig config = BiasedMfConfig.defaults().withFactors(2).withEpochs(3);
        int[] epochs = new int[4];
        EvaluationReport report = new Evaluator(fold -> event -> epochs[fold]++)
                .evaluate(new BiasedMfTrainer(config), new KFoldSplitter(3, 1).split(data));
        assertEquals(List.of(1, 2, 3), report.folds().stream().map(FoldResult::fold).toList());
        assertArrayEquals(new int[] {0, 3, 3, 3}, epochs, "epoch events per fold (index 0 unused)");
        for (FoldResult fold : report.folds()) {
            assertEquals(data.size(), fold.trainSize() + fold.testSize());
            assertTrue(Double.isFinite(fold.metrics("model").rmse()));
        }
        assertEquals(data.size(), report.folds().stream().mapToInt(FoldResult::testSize).sum());
    }

    @Test
    void evaluate_noSplits_throws() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Evaluator().evaluate(new ConstantTrainer(), List.of()));
        assertEquals("nothing to evaluate: no splits", e.getMessage());
    }

    @Test
    void evaluateModel_givenPredictor_reportsOnlyTheModel() {
        RatingList test = list(new int[] {0, -1, 1}, new int[] {0, 1, -1}, new float[] {4, 2, 3});
        EvaluationReport report = Evaluator.evaluateModel((user, item) -> 3f, test);
        assertEquals(List.of("model"), report.predictors());
        FoldResult fold = report.folds().getFirst();
        assertEquals(1, fold.fold());
        assertEquals(FoldResult.UNKNOWN, fold.trainSize());
        assertEquals(3, fold.testSize());
        assertEquals(2, fold.unknownTestRatings());
        assertTrue(Double.isNaN(fold.trainSeconds()));
        // Errors 1, −1, 0: RMSE √(2/3), MAE 2/3; one fold has std 0.
        assertEquals(new Summary("model", Math.sqrt(2.0 / 3), 0, 2.0 / 3, 0), report.summary("model"));
    }

    @Test
    void summary_predictorNotScored_throwsNamingWhatExists() {
        EvaluationReport report = Evaluator.evaluateModel((user, item) -> 3f, RatingList.empty());
        var e = assertThrows(IllegalArgumentException.class, () -> report.summary("bias-baseline"));
        assertEquals("no predictor 'bias-baseline' in fold 1; it has [model]", e.getMessage());
    }
}
