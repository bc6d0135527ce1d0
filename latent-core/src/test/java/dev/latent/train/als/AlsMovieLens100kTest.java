package dev.latent.train.als;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.data.RatingReader;
import dev.latent.data.SharedData;
import dev.latent.eval.EvaluationReport;
import dev.latent.eval.Evaluator;
import dev.latent.eval.split.Split;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code als} defaults on MovieLens 100K's five given splits u1..u5 (train on uN.base, test on
 * uN.test): the acceptance bar is a mean test RMSE of at most 0.925; measured 0.9125.
 */
class AlsMovieLens100kTest {

    @Test
    void als_defaults_meanRmseOverU1ToU5AtMost0925() throws IOException {
        Path dir = SharedData.require("ml-100k/u.data").getParent();
        RatingReader reader = RatingReader.withDefaults();
        List<Split> splits = new ArrayList<>();
        for (int k = 1; k <= 5; k++) {
            RatingMatrix train = reader.read(dir.resolve("u" + k + ".base")).ratings();
            RatingList test = reader.readAgainst(dir.resolve("u" + k + ".test"), train.users(), train.items()).ratings();
            splits.add(new Split(k, train, test));
        }

        EvaluationReport report = new Evaluator().evaluate(new AlsTrainer(AlsConfig.defaults()), splits);

        StringBuilder perSplit = new StringBuilder();
        for (EvaluationReport.FoldResult fold : report.folds()) {
            double model = fold.metrics(EvaluationReport.MODEL).rmse();
            double bias = fold.metrics(EvaluationReport.BIAS_BASELINE).rmse();
            perSplit.append(String.format(" u%d %.4f", fold.fold(), model));
            assertTrue(model < bias - 0.01, "u" + fold.fold() + ": model " + model + " vs bias baseline " + bias);
        }
        double rmse = report.summary(EvaluationReport.MODEL).meanRmse();
        assertTrue(rmse <= 0.925, "mean RMSE over u1..u5 was " + rmse + ":" + perSplit);
    }
}
