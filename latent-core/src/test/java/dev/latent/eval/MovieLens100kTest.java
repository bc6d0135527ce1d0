package dev.latent.eval;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.data.RatingReader;
import dev.latent.data.SharedData;
import dev.latent.eval.split.Split;
import dev.latent.train.Trainer;
import dev.latent.train.sgd.BiasedMfConfig;
import dev.latent.train.sgd.BiasedMfTrainer;
import dev.latent.train.sgd.FunkSvdConfig;
import dev.latent.train.sgd.FunkSvdTrainer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default settings on MovieLens 100K's five given splits u1..u5: the accuracy bar of the
 * foundation issue. About two seconds per algorithm.
 */
class MovieLens100kTest {
    private static List<Split> splits;

    @BeforeAll
    static void readSplits() throws IOException {
        Path dir = SharedData.require("ml-100k/u.data").getParent();
        RatingReader reader = RatingReader.withDefaults();
        splits = new ArrayList<>();
        for (int k = 1; k <= 5; k++) {
            RatingMatrix train = reader.read(dir.resolve("u" + k + ".base")).ratings();
            RatingList test = reader.readAgainst(dir.resolve("u" + k + ".test"), train.users(), train.items()).ratings();
            splits.add(new Split(k, train, test));
        }
    }

    @Test
    void biasedMf_defaults_meanRmseOverU1ToU5AtMost0915() {
        EvaluationReport report = new Evaluator().evaluate(new BiasedMfTrainer(BiasedMfConfig.defaults()), splits);

        double rmse = report.summary(EvaluationReport.MODEL).meanRmse();
        assertTrue(rmse <= 0.915, "mean RMSE over u1..u5 was " + rmse);
        beatsTheBaselinesOnEverySplit(report);
    }

    @Test
    void funkSvd_defaults_beatsTheBiasBaseline() {
        Trainer trainer = new FunkSvdTrainer(FunkSvdConfig.defaults());
        EvaluationReport report = new Evaluator().evaluate(trainer, splits);

        double rmse = report.summary(EvaluationReport.MODEL).meanRmse();
        assertTrue(rmse <= 0.93, "mean RMSE over u1..u5 was " + rmse);
        beatsTheBaselinesOnEverySplit(report);
    }

    private static void beatsTheBaselinesOnEverySplit(EvaluationReport report) {
        for (EvaluationReport.FoldResult fold : report.folds()) {
            double model = fold.metrics(EvaluationReport.MODEL).rmse();
            double bias = fold.metrics(EvaluationReport.BIAS_BASELINE).rmse();
            assertTrue(model < bias - 0.01, "u" + fold.fold() + ": model " + model + " vs bias baseline " + bias);
        }
    }
}
