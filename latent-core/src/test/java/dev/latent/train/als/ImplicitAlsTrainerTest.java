package dev.latent.train.als;

import dev.latent.train.als.ImplicitAlsConfig.Confidence;
import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.math.VectorKernels;
import dev.latent.model.FactorModel;
import dev.latent.train.EpochEvent;
import dev.latent.train.als.ImplicitAlsConfig.Solver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static dev.latent.train.als.AlsFixtures.array;
import static dev.latent.train.als.AlsFixtures.matrix;
import static dev.latent.train.als.AlsFixtures.sameNumbers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImplicitAlsTrainerTest {

    private static ImplicitAlsConfig small() {
        return ImplicitAlsConfig.defaults().withFactors(4).withEpochs(10).withRegularization(0.5f).withAlpha(2f)
                .withInitStd(0.1f).withThreads(2);
    }

    /** users × items strengths in 1..5, each pair present with probability {@code density}. */
    private static RatingMatrix random(int users, int items, double density, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] rows = new float[users][items];
        for (float[] row : rows) {
            for (int i = 0; i < items; i++) {
                row[i] = random.nextDouble() < density ? 1 + random.nextInt(5) : 0;
            }
        }
        return matrix(rows);
    }

    @Test
    void train_cgWithEnoughSteps_matchesCholeskyWithin1e4() {
        RatingMatrix data = random(15, 12, 0.4, 1);
        ImplicitAlsConfig config = small().withEpochs(2);

        FactorModel exact = new ImplicitAlsTrainer(config.withSolver(Solver.CHOLESKY)).train(data);
        FactorModel cg = new ImplicitAlsTrainer(config.withSolver(Solver.CG).withCgSteps(20)).train(data);

        float[] exactUsers = array(exact.userFactors());
        float[] cgUsers = array(cg.userFactors());
        float[] exactItems = array(exact.itemFactors());
        float[] cgItems = array(cg.itemFactors());
        for (int j = 0; j < exactUsers.length; j++) {
            assertEquals(exactUsers[j], cgUsers[j], 1e-4, "user factor " + j);
        }
        for (int j = 0; j < exactItems.length; j++) {
            assertEquals(exactItems[j], cgItems[j], 1e-4, "item factor " + j);
        }
    }

    /**
     * The item half-iteration ends the run, so with the exact solver every item row solves
     * {@code (XᵀX + Σ_{u∈i} (c_ui − 1)·x_u x_uᵀ + λI)·y_i = Σ_{u∈i} c_ui·x_u} for the final
     * users: confidence {@code c = 1 + α·r} or {@code 1 + α·log(1 + r)}, preference 1 on observed
     * pairs, λ not scaled by counts.
     */
    @ParameterizedTest
    @EnumSource(Confidence.class)
    void train_choleskySolver_everyItemRowSolvesTheHuKorenVolinskySystem(Confidence confidence) {
        RatingMatrix data = random(20, 14, 0.35, 2);
        float reg = 0.5f;
        float alpha = 2f;
        int k = 4;
        FactorModel model = new ImplicitAlsTrainer(small().withEpochs(3).withSolver(Solver.CHOLESKY)
                .withConfidence(confidence)).train(data);
        float[] x = array(model.userFactors());
        float[] y = array(model.itemFactors());

        for (int i = 0; i < data.itemCount(); i++) {
            double[] lhs = new double[k];
            double[] rhs = new double[k];
            for (int u = 0; u < data.userCount(); u++) {
                double xy = 0;
                for (int f = 0; f < k; f++) {
                    xy += x[u * k + f] * y[i * k + f];
                }
                for (int f = 0; f < k; f++) {
                    lhs[f] += x[u * k + f] * xy;
                }
            }
            for (int pos = data.itemStart(i); pos < data.itemEnd(i); pos++) {
                int u = data.userAtItemPos(pos);
                double strength = data.valueAtItemPos(pos);
                double weight = alpha * (confidence == Confidence.LOG ? Math.log1p(strength) : strength);
                double xy = 0;
                for (int f = 0; f < k; f++) {
                    xy += x[u * k + f] * y[i * k + f];
                }
                for (int f = 0; f < k; f++) {
                    lhs[f] += weight * x[u * k + f] * xy;
                    rhs[f] += (1 + weight) * x[u * k + f];
                }
            }
            for (int f = 0; f < k; f++) {
                lhs[f] += reg * y[i * k + f];
                assertEquals(rhs[f], lhs[f], 1e-4 * (1 + Math.abs(rhs[f])), "item " + i + ", factor " + f);
            }
        }
    }

    @Test
    void train_twoGroupsWithTheirOwnItems_ranksUnseenInGroupItemsFirst() {
        // Users 0-5 consume items 0-3, users 6-11 items 4-7; user u misses item u mod 4 of its group.
        float[][] rows = new float[12][8];
        for (int u = 0; u < 12; u++) {
            int first = u < 6 ? 0 : 4;
            for (int i = first; i < first + 4; i++) {
                rows[u][i] = i - first == u % 4 ? 0 : 1 + (u + i) % 3;
            }
        }
        RatingMatrix data = matrix(rows);

        for (Solver solver : Solver.values()) {
            FactorModel model = new ImplicitAlsTrainer(small().withFactors(2).withRegularization(0.1f).withSolver(solver))
                    .train(data);

            for (int u = 0; u < 12; u++) {
                int first = u < 6 ? 0 : 4;
                int missed = first + u % 4;
                for (int other = 0; other < 8; other++) {
                    if (other < first || other >= first + 4) {
                        assertTrue(model.score(u, missed) > model.score(u, other), solver + ": user " + u
                                + " scores its group's unseen item " + missed + " at " + model.score(u, missed)
                                + ", the other group's item " + other + " at " + model.score(u, other));
                    }
                }
            }
        }
    }

    @Test
    void train_model_hasNoBiases() {
        FactorModel model = new ImplicitAlsTrainer(small()).train(random(10, 8, 0.5, 3));

        assertEquals(0f, model.globalMean());
        for (float b : array(model.userBiases())) {
            assertEquals(0f, b);
        }
        for (float b : array(model.itemBiases())) {
            assertEquals(0f, b);
        }
        assertEquals("ials", model.algorithm());
        assertEquals("cg", model.parameters().get("solver"));
    }

    @Test
    void train_sameSeed_identicalModel() {
        RatingMatrix data = random(40, 30, 0.2, 4);

        for (Solver solver : Solver.values()) {
            FactorModel first = new ImplicitAlsTrainer(small().withSolver(solver).withSeed(11)).train(data);
            FactorModel second = new ImplicitAlsTrainer(small().withSolver(solver).withSeed(11)).train(data);
            FactorModel other = new ImplicitAlsTrainer(small().withSolver(solver).withSeed(12)).train(data);

            assertTrue(first.sameAs(second), solver + ": same seed must give a bit-identical model");
            assertFalse(sameNumbers(first, other), solver + ": another seed must give another model");
            assertEquals(11L, first.seed());
        }
    }

    @Test
    void train_oneOrThreeThreads_identicalModel() {
        // More than three ranges of 32 rows on either side, so three threads really share the work.
        RatingMatrix data = random(200, 150, 0.05, 5);

        for (Solver solver : Solver.values()) {
            FactorModel one = new ImplicitAlsTrainer(small().withSolver(solver).withThreads(1).withEpochs(4)).train(data);
            FactorModel three = new ImplicitAlsTrainer(small().withSolver(solver).withThreads(3).withEpochs(4)).train(data);

            assertTrue(sameNumbers(one, three), solver + ": the thread count must not change the model");
        }
    }

    @Test
    void train_scalarKernels_closeToTheSimdModel() {
        RatingMatrix data = random(30, 20, 0.3, 6);

        FactorModel simd = new ImplicitAlsTrainer(small()).train(data);
        FactorModel scalar = new ImplicitAlsTrainer(small(), VectorKernels.scalar()).train(data);

        float[] a = array(simd.userFactors());
        float[] b = array(scalar.userFactors());
        for (int j = 0; j < a.length; j++) {
            assertEquals(a[j], b[j], 1e-3, "user factor " + j);
        }
    }

    @Test
    void train_everyIteration_oneEventWithTheObservedPairsRmseAndNoValidation() {
        RatingMatrix data = random(30, 20, 0.3, 7);
        RatingList validation = new RatingList(new int[] {0, 1}, new int[] {0, 1}, new float[] {1, 1});
        List<EpochEvent> events = new ArrayList<>();

        FactorModel model = new ImplicitAlsTrainer(small().withEpochs(6)).train(data, validation, events::add);

        assertEquals(6, events.size());
        for (int e = 0; e < events.size(); e++) {
            assertEquals(e + 1, events.get(e).epoch());
            assertFalse(events.get(e).hasValidation(), "validation RMSE must be NaN for the implicit model");
        }
        double sse = 0;
        for (int u = 0; u < data.userCount(); u++) {
            for (int p = data.userStart(u); p < data.userEnd(u); p++) {
                double err = 1 - model.score(u, data.itemAt(p));
                sse += err * err;
            }
        }
        assertEquals(Math.sqrt(sse / data.size()), events.getLast().trainRmse(), 1e-5);
    }

    @Test
    void train_nonPositiveStrength_throwsNamingIt() {
        RatingMatrix data = RatingMatrix.builder().add("a", "x", 3).add("a", "y", 0).add("b", "x", 1).build();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImplicitAlsTrainer(small()).train(data));

        assertEquals("implicit ALS needs positive strengths but the smallest value was 0.0", e.getMessage());
    }

    @Test
    void train_emptyMatrix_throws() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImplicitAlsTrainer(small()).train(RatingMatrix.builder().build()));

        assertEquals("cannot train on an empty rating matrix", e.getMessage());
    }
}
