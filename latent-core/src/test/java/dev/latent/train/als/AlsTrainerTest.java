package dev.latent.train.als;

import dev.latent.data.RatingMatrix;
import dev.latent.eval.metric.ErrorMetrics;
import dev.latent.math.VectorKernels;
import dev.latent.model.FactorModel;
import dev.latent.train.EarlyStopping;
import dev.latent.train.EpochEvent;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.latent.train.als.AlsFixtures.array;
import static dev.latent.train.als.AlsFixtures.planted;
import static dev.latent.train.als.AlsFixtures.sameNumbers;
import static dev.latent.train.als.AlsFixtures.trainingRmse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlsTrainerTest {

    private static AlsConfig small() {
        return AlsConfig.defaults().withFactors(3).withEpochs(20).withRegFactors(0.05f).withRegBias(1f).withThreads(2);
    }

    @Test
    void train_fullyObservedNoiseFreeRankThree_recoversTheMatrix() {
        RatingMatrix full = planted(30, 20, 3, 1.0, 3.0, 0, 1).train();
        AlsConfig config = small().withEpochs(30).withRegFactors(1e-5f).withRegBias(1e-5f);

        FactorModel model = new AlsTrainer(config).train(full);

        assertEquals(600, full.size());
        double rmse = trainingRmse(model, full);
        assertTrue(rmse < 1e-3, "RMSE on the fully observed matrix was " + rmse);
    }

    @Test
    void train_scalarKernels_sameRecovery() {
        RatingMatrix full = planted(30, 20, 3, 1.0, 3.0, 0, 1).train();
        AlsConfig config = small().withEpochs(30).withRegFactors(1e-5f).withRegBias(1e-5f);

        FactorModel model = new AlsTrainer(config, VectorKernels.scalar()).train(full);

        double rmse = trainingRmse(model, full);
        assertTrue(rmse < 1e-3, "RMSE on the fully observed matrix was " + rmse);
    }

    /**
     * The item half-iteration ends the run, so every item row of the model is the exact
     * minimiser of its weighted-λ objective given the final users: the gradient
     * {@code Σ_u e_ui·p_u − λ·n_i·q_i} and {@code Σ_u e_ui − λ_b·b_i} vanish, with
     * {@code e = r − μ − b_u − b_i − p_u·q_i} and μ the training mean.
     */
    @Test
    void train_afterAnIteration_everyItemRowSolvesItsWeightedLambdaProblem() {
        RatingMatrix data = planted(40, 25, 2, 0.5, 3.0, 0.3, 2).train();
        float reg = 0.3f;
        float regBias = 2f;
        FactorModel model = new AlsTrainer(small().withFactors(2).withEpochs(2).withRegFactors(reg).withRegBias(regBias))
                .train(data);
        float[] p = array(model.userFactors());
        float[] q = array(model.itemFactors());
        int k = 2;

        assertEquals((float) data.mean(), model.globalMean());
        for (int i = 0; i < data.itemCount(); i++) {
            int count = data.itemDegree(i);
            double[] gradient = new double[k + 1];
            for (int pos = data.itemStart(i); pos < data.itemEnd(i); pos++) {
                int u = data.userAtItemPos(pos);
                double err = data.valueAtItemPos(pos) - model.score(u, i);
                for (int f = 0; f < k; f++) {
                    gradient[f] += err * p[u * k + f];
                }
                gradient[k] += err;
            }
            for (int f = 0; f < k; f++) {
                gradient[f] -= reg * count * q[i * k + f];
                assertEquals(0, gradient[f], 1e-4, "item " + i + ", factor " + f);
            }
            assertEquals(0, gradient[k] - regBias * model.itemBias(i), 1e-4, "item " + i + ", bias");
        }
    }

    @Test
    void train_sameSeed_identicalModel() {
        RatingMatrix data = planted(50, 40, 3, 0.5, 3.0, 0.2, 3).train();

        FactorModel first = new AlsTrainer(small().withSeed(11)).train(data);
        FactorModel second = new AlsTrainer(small().withSeed(11)).train(data);
        FactorModel other = new AlsTrainer(small().withSeed(12)).train(data);

        assertTrue(first.sameAs(second), "same seed must give a bit-identical model");
        assertFalse(sameNumbers(first, other), "another seed must give another model");
        assertEquals(AlsTrainer.ALGORITHM, first.algorithm());
        assertEquals("als", first.algorithm());
        assertEquals(11L, first.seed());
    }

    @Test
    void train_oneOrThreeThreads_identicalModel() {
        // More than three ranges of 32 rows on either side, so three threads really share the work.
        RatingMatrix data = planted(200, 150, 3, 0.3, 3.0, 0.2, 4).train();

        FactorModel one = new AlsTrainer(small().withThreads(1).withEpochs(5)).train(data);
        FactorModel three = new AlsTrainer(small().withThreads(3).withEpochs(5)).train(data);

        assertTrue(sameNumbers(one, three), "the thread count must not change the model");
        assertEquals("1", one.parameters().get("threads"));
        assertEquals("3", three.parameters().get("threads"));
    }

    @Test
    void train_everyIteration_oneEventWithTheEndOfIterationRmse() {
        RatingMatrix data = planted(60, 40, 3, 0.6, 3.0, 0.1, 5).train();
        List<EpochEvent> events = new ArrayList<>();

        FactorModel model = new AlsTrainer(small().withEpochs(8)).train(data, null, events::add);

        assertEquals(8, events.size());
        for (int e = 0; e < events.size(); e++) {
            assertEquals(e + 1, events.get(e).epoch());
            assertEquals(8, events.get(e).epochs());
            assertFalse(events.get(e).hasValidation());
        }
        assertTrue(events.getLast().trainRmse() < 0.5 * events.getFirst().trainRmse(),
                events.getFirst().trainRmse() + " → " + events.getLast().trainRmse());
        assertEquals(trainingRmse(model, data), events.getLast().trainRmse(), 1e-5);
    }

    @Test
    void train_validationWithPatience_stopsEarlyAndReturnsTheBestIteration() {
        // Noisy data and almost no regularisation: the validation error is lowest after iteration 3
        // (0.808), then rises (0.810, 0.826, ...), so patience 2 stops after iteration 5.
        AlsFixtures.Planted planted = planted(60, 50, 2, 0.4, 3.0, 0.5, 6);
        AlsConfig config = small().withFactors(5).withEpochs(30).withRegFactors(0.001f).withRegBias(0)
                .withEarlyStopping(EarlyStopping.after(2));
        List<EpochEvent> events = new ArrayList<>();

        FactorModel model = new AlsTrainer(config).train(planted.train(), planted.heldOut(), events::add);

        assertEquals(5, events.size());
        double best = events.stream().mapToDouble(EpochEvent::validationRmse).min().orElseThrow();
        assertEquals(best, ErrorMetrics.of(model, planted.heldOut()).rmse());
        assertEquals(best, events.get(2).validationRmse());
        assertTrue(events.getLast().validationRmse() > best);
    }

    @Test
    void train_idsWithoutRatings_keepZeroFactorsAndBiases() {
        RatingMatrix.Builder builder = RatingMatrix.builder();
        builder.add("a", "x", 4).add("a", "y", 2).add("b", "x", 5).add("b", "z", 1).add("c", "y", 3);
        builder.userIndex().intern("ghost");
        builder.itemIndex().intern("unrated");
        RatingMatrix data = builder.build();

        FactorModel model = new AlsTrainer(small()).train(data);

        int ghost = data.users().indexOf("ghost");
        int unrated = data.items().indexOf("unrated");
        assertEquals(0f, model.userBias(ghost));
        assertEquals(0f, model.itemBias(unrated));
        float[] p = array(model.userFactors());
        float[] q = array(model.itemFactors());
        for (int f = 0; f < 3; f++) {
            assertEquals(0f, p[ghost * 3 + f]);
            assertEquals(0f, q[unrated * 3 + f]);
        }
        assertEquals(model.globalMean() + model.itemBias(data.items().indexOf("x")),
                model.score(ghost, data.items().indexOf("x")));
    }

    @Test
    void train_emptyMatrix_throws() {
        RatingMatrix empty = RatingMatrix.builder().build();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AlsTrainer(small()).train(empty));

        assertEquals("cannot train on an empty rating matrix", e.getMessage());
    }
}
