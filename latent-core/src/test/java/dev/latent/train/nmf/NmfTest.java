package dev.latent.train.nmf;

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

class NmfTest {

    /** A planted rank-3 non-negative matrix of 60 users × 40 items (entries 0.5..~4), 70% observed. */
    record Planted(RatingMatrix train, RatingList heldOut) {
        static Planted create() {
            SplittableRandom random = new SplittableRandom(5);
            double[][] p = new double[60][3];
            double[][] q = new double[40][3];
            for (double[] row : p) {
                for (int f = 0; f < 3; f++) {
                    row[f] = 0.2 + random.nextDouble();
                }
            }
            for (double[] row : q) {
                for (int f = 0; f < 3; f++) {
                    row[f] = 0.2 + random.nextDouble();
                }
            }
            RatingMatrix.Builder builder = RatingMatrix.builder();
            List<float[]> held = new ArrayList<>();
            for (int u = 0; u < 60; u++) {
                for (int i = 0; i < 40; i++) {
                    float truth = 0;
                    for (int f = 0; f < 3; f++) {
                        truth += (float) (p[u][f] * q[i][f]);
                    }
                    if (random.nextDouble() < 0.7) {
                        builder.add("u" + u, "i" + i, truth);
                    } else {
                        held.add(new float[] {u, i, truth});
                    }
                }
            }
            RatingMatrix train = builder.build();
            int[] hu = new int[held.size()];
            int[] hi = new int[held.size()];
            float[] hv = new float[held.size()];
            for (int k = 0; k < held.size(); k++) {
                hu[k] = train.users().indexOf("u" + (int) held.get(k)[0]);
                hi[k] = train.items().indexOf("i" + (int) held.get(k)[1]);
                hv[k] = held.get(k)[2];
            }
            return new Planted(train, new RatingList(hu, hi, hv));
        }
    }

    private static final Planted PLANTED = Planted.create();
    private static final NmfConfig SMALL = NmfConfig.defaults().withFactors(3).withEpochs(300)
            .withRegUser(0f).withRegItem(0f);

    @Test
    void train_negativeRating_isRefusedWithTheValue() {
        RatingMatrix data = RatingMatrix.builder().add("a", "x", 2f).add("b", "x", -1.5f).build();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NmfTrainer(NmfConfig.defaults()).train(data));

        assertTrue(e.getMessage().contains("smallest value was -1.5"), e.getMessage());
    }

    @Test
    void config_invalidRange_throwsNamingTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NmfConfig.defaults().withInitHigh(0.2f));
        assertEquals("initHigh must be greater than initLow (0.3) but was 0.2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NmfConfig.defaults().withInitLow(-0.1f));
        assertEquals(List.of("factors", "epochs", "regUser", "regItem", "initLow", "initHigh"),
                List.copyOf(NmfConfig.defaults().parameters().keySet()));
    }

    @Test
    void train_sameSeed_bitIdenticalModel() {
        FactorModel first = new NmfTrainer(SMALL.withSeed(11)).train(PLANTED.train());
        FactorModel second = new NmfTrainer(SMALL.withSeed(11)).train(PLANTED.train());
        FactorModel other = new NmfTrainer(SMALL.withSeed(12)).train(PLANTED.train());

        assertTrue(first.sameAs(second), "same seed must give a bit-identical model");
        assertFalse(first.sameAs(other), "another seed must give another model");
        assertEquals(NmfTrainer.ALGORITHM, first.algorithm());
    }

    @Test
    void train_everyEpoch_trainingRmseFalls() {
        List<EpochEvent> events = new ArrayList<>();
        new NmfTrainer(SMALL).train(PLANTED.train(), null, events::add);

        assertEquals(300, events.size());
        for (int e = 1; e < events.size(); e++) {
            assertTrue(events.get(e).trainRmse() <= events.get(e - 1).trainRmse() + 1e-6,
                    "epoch " + (e + 1) + ": " + events.get(e).trainRmse() + " after " + events.get(e - 1).trainRmse());
        }
        assertTrue(events.getLast().trainRmse() < 0.1 * events.getFirst().trainRmse());
    }

    @Test
    void train_defaults_factorsNonNegativeAndNoBiases() {
        FactorModel model = new NmfTrainer(NmfConfig.defaults()).train(PLANTED.train());

        float[] p = new float[PLANTED.train().userCount() * model.rank()];
        float[] q = new float[PLANTED.train().itemCount() * model.rank()];
        model.userFactors().get(p);
        model.itemFactors().get(q);
        for (float v : p) {
            assertTrue(v >= 0, "user factor " + v);
        }
        for (float v : q) {
            assertTrue(v >= 0, "item factor " + v);
        }
        assertEquals(0f, model.globalMean());
        for (int u = 0; u < PLANTED.train().userCount(); u++) {
            assertEquals(0f, model.userBias(u));
        }
    }

    @Test
    void train_plantedNonNegativeMatrix_recoversHeldOutEntries() {
        FactorModel model = new NmfTrainer(SMALL.withEpochs(1000)).train(PLANTED.train());

        double heldOut = ErrorMetrics.of(model, PLANTED.heldOut()).rmse();
        double spread = ErrorMetrics.of((u, i) -> (float) PLANTED.train().mean(), PLANTED.heldOut()).rmse();
        assertTrue(spread > 0.5, "the planted matrix must not be trivial: " + spread);
        assertTrue(heldOut < 0.05, "held-out RMSE " + heldOut + " against a spread of " + spread);
    }

    /** One user, two items rated 2 and 4, k = 1, λ = 0.5: one epoch replayed by hand. */
    @Test
    void train_oneEpoch_followsTheMultiplicativeUpdate() {
        RatingMatrix data = RatingMatrix.builder().add("u", "a", 2f).add("u", "b", 4f).build();
        NmfConfig config = new NmfConfig(1, 1, 0.5f, 0.5f, 0f, 1f, 9L);

        FactorModel model = new NmfTrainer(config, VectorKernels.scalar()).train(data);

        SplittableRandom random = new SplittableRandom(9);
        float p = (float) random.nextDouble();
        float qa = (float) random.nextDouble();
        float qb = (float) random.nextDouble();
        p = p * (qa * 2 + qb * 4) / (qa * (p * qa) + qb * (p * qb) + 0.5f * 2 * p);
        qa = qa * (p * 2) / (p * (p * qa) + 0.5f * qa);
        qb = qb * (p * 4) / (p * (p * qb) + 0.5f * qb);
        assertEquals(p, model.userFactors().get(0), 1e-6f);
        assertEquals(qa, model.itemFactors().get(0), 1e-6f);
        assertEquals(qb, model.itemFactors().get(1), 1e-6f);
        assertEquals(p * qb, model.score(0, 1), 1e-6f);
    }

    /** The acceptance bar: defaults, MovieLens 100K u1..u5, mean test RMSE ≤ 0.950 (measured 0.931). */
    @Test
    void defaults_movieLens100kU1ToU5_meanRmseAtMost0950() throws IOException {
        Path dir = SharedData.require("ml-100k/u.data").getParent();
        RatingReader reader = RatingReader.withDefaults();
        List<Split> splits = new ArrayList<>();
        for (int s = 1; s <= 5; s++) {
            RatingMatrix train = reader.read(dir.resolve("u" + s + ".base")).ratings();
            RatingList test = reader.readAgainst(dir.resolve("u" + s + ".test"), train.users(), train.items()).ratings();
            splits.add(new Split(s, train, test));
        }

        EvaluationReport report = new Evaluator().evaluate(new NmfTrainer(NmfConfig.defaults()), splits);

        double rmse = report.summary(EvaluationReport.MODEL).meanRmse();
        assertTrue(rmse <= 0.950, "mean RMSE over u1..u5 was " + rmse);
    }
}
