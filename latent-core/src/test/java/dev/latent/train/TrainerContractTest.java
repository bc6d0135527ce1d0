package dev.latent.train;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.eval.metric.ErrorMetrics;
import dev.latent.model.FactorModel;
import dev.latent.train.als.AlsConfig;
import dev.latent.train.als.AlsTrainer;
import dev.latent.train.als.ImplicitAlsConfig;
import dev.latent.train.als.ImplicitAlsTrainer;
import dev.latent.train.bpr.BprConfig;
import dev.latent.train.bpr.BprTrainer;
import dev.latent.train.nmf.NmfConfig;
import dev.latent.train.nmf.NmfTrainer;
import dev.latent.train.sgd.BiasedMfConfig;
import dev.latent.train.sgd.BiasedMfTrainer;
import dev.latent.train.sgd.FunkSvdConfig;
import dev.latent.train.sgd.FunkSvdTrainer;
import dev.latent.train.sgd.Schedule;
import dev.latent.train.svdpp.SvdppConfig;
import dev.latent.train.svdpp.SvdppTrainer;

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

/**
 * What every trainer must do, whatever its algorithm. New rating models join {@link #trainers()},
 * which must recover a planted low-rank matrix; models that cannot (non-negative or implicit
 * feedback) join {@link #otherTrainers()}, which only the general contract covers.
 */
class TrainerContractTest {

    /** Every trainer: the rating models, then the others. */
    static Stream<Arguments> allTrainers() {
        return Stream.concat(trainers(), otherTrainers());
    }

    /** Non-negative and implicit-feedback trainers, by seed. */
    static Stream<Arguments> otherTrainers() {
        return Stream.of(
                Arguments.of("nmf", (LongFunction<Trainer>) seed -> new NmfTrainer(
                        NmfConfig.defaults().withFactors(3).withEpochs(40).withSeed(seed))),
                Arguments.of("ials", (LongFunction<Trainer>) seed -> new ImplicitAlsTrainer(
                        ImplicitAlsConfig.defaults().withFactors(8).withEpochs(10).withThreads(2).withSeed(seed))),
                Arguments.of("ials", (LongFunction<Trainer>) seed -> new ImplicitAlsTrainer(
                        ImplicitAlsConfig.defaults().withFactors(8).withEpochs(10).withSolver(ImplicitAlsConfig.Solver.CHOLESKY)
                                .withSeed(seed))),
                Arguments.of("bpr", (LongFunction<Trainer>) seed -> new BprTrainer(
                        BprConfig.defaults().withFactors(8).withEpochs(30).withThreads(1).withSeed(seed))));
    }

    /** Rating-model factories by seed, small enough for a tiny planted matrix, each 150 epochs. */
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
                                .withSeed(seed))),
                Arguments.of("svdpp", (LongFunction<Trainer>) seed -> new SvdppTrainer(
                        SvdppConfig.defaults().withFactors(8).withEpochs(150).withLearningRate(0.02f).withDecay(1f)
                                .withRegFactors(0.01f).withRegImplicit(0.01f).withRegBias(0.01f).withSeed(seed))),
                Arguments.of("als", (LongFunction<Trainer>) seed -> new AlsTrainer(
                        AlsConfig.defaults().withFactors(8).withEpochs(150).withRegFactors(0.001f).withRegBias(0.001f)
                                .withThreads(2).withSeed(seed))));
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

    /** The planted matrix's observed entries shifted to positive values (1 + truth − min), for every trainer. */
    private static final RatingMatrix NON_NEGATIVE = shifted(PLANTED.train());

    private static RatingMatrix shifted(RatingMatrix m) {
        RatingList list = m.toList();
        float[] values = new float[list.size()];
        for (int k = 0; k < values.length; k++) {
            values[k] = 1 + list.value(k) - m.min();
        }
        int[] users = new int[list.size()];
        int[] items = new int[list.size()];
        for (int k = 0; k < values.length; k++) {
            users[k] = list.user(k);
            items[k] = list.item(k);
        }
        return RatingMatrix.of(m.users(), m.items(), new RatingList(users, items, values));
    }

    @ParameterizedTest(name = "{0} #{index}")
    @MethodSource("allTrainers")
    void train_sameSeed_bitIdenticalModel(String name, LongFunction<Trainer> trainer) {
        FactorModel first = trainer.apply(11).train(NON_NEGATIVE);
        FactorModel second = trainer.apply(11).train(NON_NEGATIVE);
        FactorModel other = trainer.apply(12).train(NON_NEGATIVE);

        assertTrue(first.sameAs(second), "same seed must give a bit-identical model");
        assertFalse(first.sameAs(other), "another seed must give another model");
        assertEquals(name, first.algorithm());
        assertEquals(11L, first.seed());
    }

    @ParameterizedTest(name = "{0} #{index}")
    @MethodSource("allTrainers")
    void train_everyEpoch_oneEventAndTheLossFalls(String name, LongFunction<Trainer> trainer) {
        Trainer configured = trainer.apply(3);
        List<EpochEvent> events = new ArrayList<>();
        configured.train(NON_NEGATIVE, null, events::add);

        assertEquals(Integer.parseInt(configured.config().parameters().get("epochs")), events.size());
        for (int e = 0; e < events.size(); e++) {
            assertEquals(e + 1, events.get(e).epoch());
            assertEquals(events.size(), events.get(e).epochs());
        }
        double first = events.getFirst().trainRmse();
        double last = events.getLast().trainRmse();
        assertTrue(Double.isFinite(first) && last < first, "training loss " + first + " → " + last);
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
