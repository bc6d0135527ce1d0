package dev.latent.train.sgd;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.eval.metric.ErrorMetrics;
import dev.latent.model.FactorModel;
import dev.latent.train.EpochEvent;
import dev.latent.train.Trainer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every trainer must do, whatever its algorithm. New trainers join {@link #trainers()}. */
class TrainerContractTest {

    /** Trainer factories by seed, small enough for a tiny planted matrix. */
    static Stream<Arguments> trainers() {
        return Stream.of(
                Arguments.of("biased-mf", (LongFunction<Trainer>) seed -> new BiasedMfTrainer(
                        BiasedMfConfig.defaults().withFactors(8).withEpochs(150).withLearningRate(0.1f)
                                .withRegFactors(0.01f).withRegBias(0.01f).withSeed(seed))),
                Arguments.of("biased-mf", (LongFunction<Trainer>) seed -> new BiasedMfTrainer(
                        BiasedMfConfig.defaults().withFactors(8).withEpochs(150).withLearningRate(0.02f)
                                .withSchedule(new Schedule.Constant()).withRegFactors(0.01f).withRegBias(0.01f)
                                .withThreads(2).withSeed(seed))),
                Arguments.of("funk-svd", (LongFunction<Trainer>) seed -> new FunkSvdTrainer(
                        FunkSvdConfig.defaults().withFactors(8).withEpochs(150).withLearningRate(0.02f)
                                .withRegularization(0.01f).withSeed(seed))),
                Arguments.of("funk-svd", (LongFunction<Trainer>) seed -> new FunkSvdTrainer(
                        FunkSvdConfig.defaults().withFactors(8).withEpochs(150).withLearningRate(0.1f)
                                .withSchedule(new Schedule.AdaGrad()).withRegularization(0.01f).withThreads(2)
                                .withSeed(seed))));
    }

    /** A planted rank-3 matrix of 80 users × 60 items, 60% observed, noise-free; the rest held out. */
    record Planted(RatingMatrix train, RatingList heldOut) {
        static Planted create() {
            int users = 80;
            int items = 60;
            int rank = 3;
            SplittableRandom random = new SplittableRandom(7);
            double[][] p = new double[users][rank];
            double[][] q = new double[items][rank];
            for (double[] row : p) {
                for (int f = 0; f < rank; f++) {
                    row[f] = random.nextGaussian() * 0.8;
                }
            }
            for (double[] row : q) {
                for (int f = 0; f < rank; f++) {
                    row[f] = random.nextGaussian() * 0.8;
                }
            }
            RatingMatrix.Builder train = RatingMatrix.builder();
            List<float[]> held = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                for (int i = 0; i < items; i++) {
                    float truth = 0;
                    for (int f = 0; f < rank; f++) {
                        truth += (float) (p[u][f] * q[i][f]);
                    }
                    if (random.nextDouble() < 0.6) {
                        train.add("u" + u, "i" + i, truth);
                    } else {
                        held.add(new float[] {u, i, truth});
                    }
                }
            }
            RatingMatrix matrix = train.build();
            int[] hu = new int[held.size()];
            int[] hi = new int[held.size()];
            float[] hv = new float[held.size()];
            for (int k = 0; k < held.size(); k++) {
                hu[k] = matrix.users().indexOf("u" + (int) held.get(k)[0]);
                hi[k] = matrix.items().indexOf("i" + (int) held.get(k)[1]);
                hv[k] = held.get(k)[2];
            }
            return new Planted(matrix, new RatingList(hu, hi, hv));
        }
    }

    private static final Planted PLANTED = Planted.create();

    @ParameterizedTest(name = "{0} #{index}")
    @MethodSource("trainers")
    void train_sameSeed_bitIdenticalModel(String name, LongFunction<Trainer> trainer) {
        FactorModel first = trainer.apply(11).train(PLANTED.train());
        FactorModel second = trainer.apply(11).train(PLANTED.train());
        FactorModel other = trainer.apply(12).train(PLANTED.train());

        assertTrue(first.sameAs(second), "same seed must give a bit-identical model");
        assertFalse(first.sameAs(other), "another seed must give another model");
        assertEquals(name, first.algorithm());
        assertEquals(11L, first.seed());
    }

    @ParameterizedTest(name = "{0} #{index}")
    @MethodSource("trainers")
    void train_everyEpoch_trainingRmseFalls(String name, LongFunction<Trainer> trainer) {
        List<EpochEvent> events = new ArrayList<>();
        trainer.apply(3).train(PLANTED.train(), null, events::add);

        assertEquals(150, events.size());
        for (int e = 0; e < events.size(); e++) {
            assertEquals(e + 1, events.get(e).epoch());
            assertFalse(events.get(e).hasValidation());
        }
        double first = events.getFirst().trainRmse();
        double tenth = events.get(9).trainRmse();
        double last = events.getLast().trainRmse();
        assertTrue(tenth < first && last < tenth && last < 0.1 * first, "training RMSE " + first + " → " + tenth + " → " + last);
    }

    @ParameterizedTest(name = "{0} #{index}")
    @MethodSource("trainers")
    void train_plantedLowRankMatrix_recoversHeldOutEntries(String name, LongFunction<Trainer> trainer) {
        FactorModel model = trainer.apply(5).train(PLANTED.train());

        double heldOutRmse = ErrorMetrics.of(model, PLANTED.heldOut()).rmse();
        double spread = ErrorMetrics.of((u, i) -> (float) PLANTED.train().mean(), PLANTED.heldOut()).rmse();
        assertTrue(spread > 1.0, "the planted matrix must not be trivial: " + spread);
        assertTrue(heldOutRmse < 0.1, "held-out RMSE " + heldOutRmse + " against a spread of " + spread);
    }
}
