package dev.latent.tune;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.data.RatingReader;
import dev.latent.data.SharedData;
import dev.latent.eval.split.KFoldSplitter;
import dev.latent.eval.split.Split;
import dev.latent.train.EarlyStopping;
import dev.latent.train.EpochEvent;
import dev.latent.train.Trainer;
import dev.latent.train.sgd.BiasedMfConfig;
import dev.latent.train.sgd.BiasedMfTrainer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrialRunnerTest {

    private static EpochEvent event(int epoch, double validation) {
        return new EpochEvent(epoch, 10, 1, validation, Duration.ZERO, Duration.ZERO);
    }

    @Test
    void bestEpoch_validationCurve_isTheFirstLowest() {
        List<EpochEvent> curve = List.of(event(1, 1.0), event(2, 0.9), event(3, 0.85), event(4, 0.85), event(5, 0.86));
        assertEquals(3, TrialRunner.bestEpoch(curve));
    }

    @Test
    void metricNamed_knownAndUnknownNames() {
        assertEquals("rmse", Metric.named("rmse").name());
        assertTrue(Metric.named("ndcg@10").higherIsBetter());
        assertEquals(20, ((Metric.Ranking) Metric.named("recall@20")).k());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metric.named("auc"));
        assertTrue(e.getMessage().startsWith("unknown metric 'auc'; choose rmse, mae or one of ndcg@10"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metric.named("ndcg@0"));
    }

    @Test
    void evaluate_tinyMatrixWithoutEarlyStopping_reportsConfiguredEpochsAndSameResultTwice() {
        RatingMatrix.Builder builder = RatingMatrix.builder();
        for (int u = 0; u < 12; u++) {
            for (int i = 0; i < 8; i++) {
                if ((u + i) % 3 != 0) {
                    builder.add("u" + u, "i" + i, 1 + (u * i + u) % 5);
                }
            }
        }
        List<Split> splits = new KFoldSplitter(3, 1).split(builder.build());
        Function<Configuration, Trainer> trainers = c -> new BiasedMfTrainer(BiasedMfConfig.defaults()
                .withFactors(Integer.parseInt(c.get("factors"))).withEpochs(7).withThreads(1));
        TrialRunner runner = new TrialRunner(splits, Metric.MAE, trainers, false);

        TrialResult result = runner.evaluate(4, Configuration.of("factors", "3"));
        TrialResult again = runner.evaluate(4, Configuration.of("factors", "3"));

        assertEquals(3, result.folds().size());
        assertEquals(7, result.epochs());
        assertEquals(4, result.index());
        assertEquals(result.folds(), again.folds());
    }

    /** Real data: u1..u5 with early stopping, a few seconds. */
    @Test
    void evaluate_movieLensGivenSplitsWithEarlyStopping_stopsBeforeTheMaximumAndBeatsTheBaseline() throws IOException {
        Path dir = SharedData.require("ml-100k/u.data").getParent();
        RatingReader reader = RatingReader.withDefaults();
        List<Split> splits = new ArrayList<>();
        for (int k = 1; k <= 5; k++) {
            RatingMatrix train = reader.read(dir.resolve("u" + k + ".base")).ratings();
            RatingList test = reader.readAgainst(dir.resolve("u" + k + ".test"), train.users(), train.items()).ratings();
            splits.add(new Split(k, train, test));
        }
        Function<Configuration, Trainer> trainers = c -> new BiasedMfTrainer(BiasedMfConfig.defaults()
                .withFactors(Integer.parseInt(c.get("factors"))).withEpochs(200).withThreads(2)
                .withEarlyStopping(EarlyStopping.after(3)));
        TrialRunner runner = new TrialRunner(splits, Metric.RMSE, trainers, true);

        TrialResult result = runner.evaluate(0, Configuration.of("factors", "16"));

        assertEquals(5, result.folds().size());
        assertTrue(result.epochs() > 1 && result.epochs() < 200, "epochs " + result.epochs());
        assertTrue(result.mean() < 0.93, "mean RMSE " + result.mean());
        assertTrue(result.std() > 0 && result.std() < 0.03, "std " + result.std());
    }
}
