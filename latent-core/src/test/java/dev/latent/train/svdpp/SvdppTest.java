package dev.latent.train.svdpp;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.data.RatingReader;
import dev.latent.data.SharedData;
import dev.latent.eval.EvaluationReport;
import dev.latent.eval.Evaluator;
import dev.latent.eval.metric.ErrorMetrics;
import dev.latent.eval.split.Split;
import dev.latent.math.VectorKernels;
import dev.latent.model.FactorModel;
import dev.latent.train.EarlyStopping;
import dev.latent.train.EpochEvent;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SvdppTest {

    /** A noise-free rank-3 matrix of 60 users × 40 items, 60% observed on a 1–5-like scale. */
    private static RatingMatrix planted() {
        SplittableRandom random = new SplittableRandom(7);
        double[][] p = new double[60][3];
        double[][] q = new double[40][3];
        for (double[] row : p) {
            for (int f = 0; f < 3; f++) {
                row[f] = random.nextGaussian() * 0.8;
            }
        }
        for (double[] row : q) {
            for (int f = 0; f < 3; f++) {
                row[f] = random.nextGaussian() * 0.8;
            }
        }
        RatingMatrix.Builder builder = RatingMatrix.builder();
        for (int u = 0; u < 60; u++) {
            for (int i = 0; i < 40; i++) {
                if (random.nextDouble() < 0.6) {
                    double dot = 0;
                    for (int f = 0; f < 3; f++) {
                        dot += p[u][f] * q[i][f];
                    }
                    builder.add("u" + u, "i" + i, (float) (3 + dot));
                }
            }
        }
        return builder.build();
    }

    private static final SvdppConfig SMALL = SvdppConfig.defaults().withFactors(8).withEpochs(60)
            .withLearningRate(0.01f).withDecay(1f).withRegFactors(0.01f).withRegImplicit(0.01f).withRegBias(0.01f);

    @Test
    void config_invalidValues_throwNamingTheParameter() {
        IllegalArgumentException decay = assertThrows(IllegalArgumentException.class,
                () -> SvdppConfig.defaults().withDecay(1.5f));
        assertEquals("decay must be in (0, 1] but was 1.5", decay.getMessage());
        IllegalArgumentException factors = assertThrows(IllegalArgumentException.class,
                () -> SvdppConfig.defaults().withFactors(0));
        assertEquals("factors must be positive but was 0", factors.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SvdppConfig.defaults().withRegImplicit(-1f));
    }

    @Test
    void parameters_defaults_stableOrder() {
        assertEquals(List.of("factors", "epochs", "learningRate", "decay", "regFactors", "regImplicit", "regBias",
                "initStd", "earlyStoppingPatience"), List.copyOf(SvdppConfig.defaults().parameters().keySet()));
    }

    @Test
    void train_sameSeed_bitIdenticalModel() {
        RatingMatrix data = planted();
        FactorModel first = new SvdppTrainer(SMALL.withSeed(11)).train(data);
        FactorModel second = new SvdppTrainer(SMALL.withSeed(11)).train(data);
        FactorModel other = new SvdppTrainer(SMALL.withSeed(12)).train(data);

        assertTrue(first.sameAs(second), "same seed must give a bit-identical model");
        assertFalse(first.sameAs(other), "another seed must give another model");
        assertEquals(SvdppTrainer.ALGORITHM, first.algorithm());
        assertEquals(11L, first.seed());
    }

    @Test
    void train_everyEpoch_trainingRmseFalls() {
        List<EpochEvent> events = new ArrayList<>();
        new SvdppTrainer(SMALL).train(planted(), null, events::add);

        assertEquals(60, events.size());
        double first = events.getFirst().trainRmse();
        double tenth = events.get(9).trainRmse();
        double last = events.getLast().trainRmse();
        assertTrue(tenth < first && last < tenth && last < 0.2 * first, "training RMSE " + first + " → " + tenth + " → " + last);
    }

    @Test
    void train_withValidationAndEarlyStopping_stopsAndReportsValidationRmse() {
        RatingMatrix data = planted();
        RatingList validation = data.toList();
        List<EpochEvent> events = new ArrayList<>();
        new SvdppTrainer(SMALL.withEpochs(500).withEarlyStopping(new EarlyStopping(2, 0.5))).train(data, validation, events::add);

        assertEquals(3, events.size(), "no epoch after the first improves by 0.5, so patience 2 stops after epoch 3");
        assertTrue(events.getFirst().hasValidation());
    }

    /**
     * One user, two items rated 5 and 1, k = 2, one epoch: the documented equations replayed by
     * hand from the documented random draws, the implicit term folded into the stored user vector.
     */
    @Test
    void train_oneUserOneEpoch_followsTheUpdateEquations() {
        RatingMatrix data = RatingMatrix.builder().add("u", "a", 5f).add("u", "b", 1f).build();
        SvdppConfig config = SvdppConfig.defaults().withFactors(2).withEpochs(1).withLearningRate(0.1f)
                .withRegFactors(0.2f).withRegImplicit(0.3f).withRegBias(0.4f).withInitStd(0.5f).withSeed(3);

        FactorModel model = new SvdppTrainer(config, VectorKernels.scalar()).train(data);

        int k = 2;
        SplittableRandom root = new SplittableRandom(3);
        float[] p = gaussian(root.split(), k, 0.5f);
        float[] q = gaussian(root.split(), 2 * k, 0.5f);
        float[] y = gaussian(root.split(), 2 * k, 0.5f);
        SplittableRandom epoch = root.split();
        int[] order = {0, 1};
        int r = epoch.nextInt(2);
        int t = order[1];
        order[1] = order[r];
        order[r] = t;
        float lr = 0.1f;
        float mu = 3f;
        float norm = (float) (1 / Math.sqrt(2));
        float[] z = {norm * (y[0] + y[2]), norm * (y[1] + y[3])};
        float[] g = new float[k];
        float bu = 0;
        float[] bi = new float[2];
        float[] values = {5f, 1f};
        for (int i : order) {
            float dot = (p[0] + z[0]) * q[i * k] + (p[1] + z[1]) * q[i * k + 1];
            float err = values[i] - (mu + bu + bi[i] + dot);
            bu += lr * (err - 0.4f * bu);
            bi[i] += lr * (err - 0.4f * bi[i]);
            for (int f = 0; f < k; f++) {
                float pf = p[f];
                float qf = q[i * k + f];
                p[f] = pf + lr * (err * qf - 0.2f * pf);
                q[i * k + f] = qf + lr * (err * (pf + z[f]) - 0.2f * qf);
                g[f] += err * qf;
            }
        }
        float shrink = (1 - lr * 0.3f) * (1 - lr * 0.3f);
        for (int j = 0; j < 2 * k; j++) {
            y[j] = shrink * y[j] + lr * norm * g[j % k];
        }

        float[] storedP = new float[k];
        model.userFactors().get(storedP);
        float[] storedQ = new float[2 * k];
        model.itemFactors().get(storedQ);
        assertEquals(mu, model.globalMean());
        assertEquals(bu, model.userBias(0), 1e-6f);
        assertEquals(bi[0], model.itemBias(0), 1e-6f);
        assertEquals(bi[1], model.itemBias(1), 1e-6f);
        for (int f = 0; f < k; f++) {
            assertEquals(p[f] + norm * (y[f] + y[k + f]), storedP[f], 1e-6f, "p'_u[" + f + "]");
        }
        for (int j = 0; j < 2 * k; j++) {
            assertEquals(q[j], storedQ[j], 1e-6f, "q[" + j + "]");
        }
    }

    private static float[] gaussian(SplittableRandom random, int size, float std) {
        float[] out = new float[size];
        for (int j = 0; j < size; j++) {
            out[j] = (float) (random.nextGaussian() * std);
        }
        return out;
    }

    @Test
    void train_plantedMatrix_fitsTrainingRatings() {
        RatingMatrix data = planted();
        FactorModel model = new SvdppTrainer(SMALL.withEpochs(100)).train(data);

        double rmse = ErrorMetrics.of(model, data.toList()).rmse();
        assertTrue(rmse < 0.1, "training RMSE " + rmse);
    }

    /** The acceptance bar: defaults, MovieLens 100K u1..u5, mean test RMSE ≤ 0.905 (measured 0.9022). */
    @Test
    void defaults_movieLens100kU1ToU5_meanRmseAtMost0905() throws IOException {
        Path dir = SharedData.require("ml-100k/u.data").getParent();
        RatingReader reader = RatingReader.withDefaults();
        List<Split> splits = new ArrayList<>();
        for (int s = 1; s <= 5; s++) {
            RatingMatrix train = reader.read(dir.resolve("u" + s + ".base")).ratings();
            RatingList test = reader.readAgainst(dir.resolve("u" + s + ".test"), train.users(), train.items()).ratings();
            splits.add(new Split(s, train, test));
        }

        EvaluationReport report = new Evaluator().evaluate(new SvdppTrainer(SvdppConfig.defaults()), splits);

        double rmse = report.summary(EvaluationReport.MODEL).meanRmse();
        assertTrue(rmse <= 0.905, "mean RMSE over u1..u5 was " + rmse);
        for (EvaluationReport.FoldResult fold : report.folds()) {
            double model = fold.metrics(EvaluationReport.MODEL).rmse();
            double bias = fold.metrics(EvaluationReport.BIAS_BASELINE).rmse();
            assertTrue(model < bias - 0.02, "u" + fold.fold() + ": model " + model + " vs bias baseline " + bias);
        }
    }
}
