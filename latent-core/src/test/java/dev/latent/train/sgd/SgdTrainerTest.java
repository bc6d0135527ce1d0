package dev.latent.train.sgd;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.math.VectorKernels;
import dev.latent.model.FactorModel;
import dev.latent.train.EarlyStopping;
import dev.latent.train.EpochEvent;
import dev.latent.train.TrainingDivergedException;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SgdTrainerTest {

    private static RatingMatrix tiny() {
        return RatingMatrix.builder()
                .add("ann", "alien", 5).add("ann", "brazil", 3).add("ann", "casablanca", 1)
                .add("bob", "alien", 4).add("bob", "casablanca", 2)
                .add("cat", "brazil", 2).add("cat", "casablanca", 5).add("cat", "dune", 4)
                .add("dan", "dune", 1)
                .build();
    }

    @Test
    void train_funkSvdOneRatingOneEpoch_appliesTheSeedUpdateFromOldValues() {
        RatingMatrix one = RatingMatrix.builder().add("u", "i", 4f).build();
        FunkSvdConfig config = new FunkSvdConfig(3, 1, 0.1f, 0.02f, 0.5f, new Schedule.Constant(), 9L, 1, 0, EarlyStopping.OFF);
        // With one rating the shuffle is the identity, so the initial factors are the seed's first draws.
        java.util.SplittableRandom root = new java.util.SplittableRandom(9L);
        java.util.SplittableRandom pDraws = root.split();
        java.util.SplittableRandom qDraws = root.split();
        float[] p = new float[3];
        float[] q = new float[3];
        for (int f = 0; f < 3; f++) {
            p[f] = (float) (pDraws.nextGaussian() * 0.5f);
        }
        for (int f = 0; f < 3; f++) {
            q[f] = (float) (qDraws.nextGaussian() * 0.5f);
        }
        double dot = 0;
        for (int f = 0; f < 3; f++) {
            dot += (double) p[f] * q[f];
        }
        double e = 4 - dot;
        float[] expectedP = new float[3];
        float[] expectedQ = new float[3];
        for (int f = 0; f < 3; f++) {
            expectedP[f] = (float) (p[f] + 0.1 * (e * q[f] - 0.02 * p[f]));
            expectedQ[f] = (float) (q[f] + 0.1 * (e * p[f] - 0.02 * q[f]));
        }

        FactorModel model = new FunkSvdTrainer(config, VectorKernels.scalar()).train(one);

        float[] actualP = new float[3];
        float[] actualQ = new float[3];
        model.userFactors().get(actualP);
        model.itemFactors().get(actualQ);
        assertArrayEquals(expectedP, actualP, 1e-6f);
        assertArrayEquals(expectedQ, actualQ, 1e-6f);
        assertEquals(0f, model.globalMean());
        assertEquals(0f, model.userBias(0));
    }

    @Test
    void train_scalarAndSimdKernels_agreeWithinFloatTolerance() {
        BiasedMfConfig config = BiasedMfConfig.defaults().withFactors(19).withEpochs(20);
        FactorModel simd = new BiasedMfTrainer(config, VectorKernels.best()).train(tiny());
        FactorModel scalar = new BiasedMfTrainer(config, VectorKernels.scalar()).train(tiny());

        for (int u = 0; u < simd.users().size(); u++) {
            for (int i = 0; i < simd.items().size(); i++) {
                assertEquals(scalar.score(u, i), simd.score(u, i), 1e-4f);
            }
        }
    }

    @Test
    void train_biasedMf_predictionsClippedToTrainingRange() {
        FactorModel model = new BiasedMfTrainer(BiasedMfConfig.defaults().withEpochs(200).withLearningRate(0.05f)
                .withRegFactors(0f).withRegBias(0f)).train(tiny());

        for (int u = 0; u < model.users().size(); u++) {
            for (int i = 0; i < model.items().size(); i++) {
                float predicted = model.predict(u, i);
                assertTrue(predicted >= 1f && predicted <= 5f, "prediction " + predicted);
            }
        }
        assertEquals(1f, model.stats().minRating());
        assertEquals(5f, model.stats().maxRating());
    }

    @Test
    void train_withValidationAndPatience_stopsEarlyAndKeepsBestEpoch() {
        RatingMatrix data = tiny();
        RatingList validation = new RatingList(new int[] {0, 3}, new int[] {3, 0}, new float[] {2f, 3f});
        List<EpochEvent> events = new ArrayList<>();
        BiasedMfConfig config = BiasedMfConfig.defaults().withFactors(4).withEpochs(500).withLearningRate(0.05f)
                .withRegFactors(0f).withRegBias(0f).withEarlyStopping(EarlyStopping.after(3));

        FactorModel model = new BiasedMfTrainer(config).train(data, validation, events::add);

        assertTrue(events.size() < 500, "should stop early, ran " + events.size());
        double best = events.stream().mapToDouble(EpochEvent::validationRmse).min().orElseThrow();
        assertEquals(best, dev.latent.eval.metric.ErrorMetrics.of(model, validation).rmse(), 1e-9);
    }

    @Test
    void train_hugeLearningRate_failsWithClearMessage() {
        BiasedMfConfig config = BiasedMfConfig.defaults().withLearningRate(1e6f);

        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new BiasedMfTrainer(config).train(tiny()));
        assertTrue(e.getMessage().startsWith("training diverged in epoch 1"), e.getMessage());
    }

    @Test
    void train_userWithoutTrainingRatings_predictsFromBiasesOnly() {
        RatingMatrix full = tiny();
        int dan = full.users().indexOf("dan");
        int[] withoutDan = java.util.stream.IntStream.range(0, full.size())
                .filter(p -> p < full.userStart(dan) || p >= full.userEnd(dan)).toArray();
        FactorModel model = new BiasedMfTrainer(BiasedMfConfig.defaults().withEpochs(5)).train(full.select(withoutDan));

        int dune = full.items().indexOf("dune");
        assertEquals(model.globalMean() + model.itemBias(dune), model.score(dan, dune), 0f);
        assertEquals(0f, model.userBias(dan));
    }

    @Test
    void config_invalidValues_namedInMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BiasedMfConfig.defaults().withFactors(0));
        assertEquals("factors must be positive but was 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FunkSvdConfig.defaults().withLearningRate(Float.NaN));
        assertEquals("learningRate must be a positive finite number but was NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BiasedMfConfig.defaults().withRegBias(-1f));
        assertEquals("regBias must be a non-negative finite number but was -1.0", e.getMessage());
    }
}
