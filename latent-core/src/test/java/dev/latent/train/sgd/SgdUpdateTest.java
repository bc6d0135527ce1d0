package dev.latent.train.sgd;

import dev.latent.math.VectorKernels;
import dev.latent.train.sgd.SgdUpdate.Rows;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SgdUpdateTest {
    private static final int K = 3;
    private static final int OFFSET = 2;
    private static final int[] USERS = {0, 1, 0, 1, 0};
    private static final int[] ITEMS = {1, 0, 0, 1, 1};
    private static final float[] VALUES = {4, 2, 5, 3, 1};

    @Test
    void run_constantBiased_matchesTheTextbookUpdateRatingByRating() {
        Rows users = seeded(2, false, 1);
        Rows items = seeded(2, false, 2);
        Rows expectedUsers = users.copy();
        Rows expectedItems = items.copy();
        float lr = 0.05f;
        float reg = 0.1f;
        float regBias = 0.02f;
        float mu = 3f;

        double sse = new SgdUpdate(VectorKernels.scalar(), K, OFFSET, mu, true, reg, regBias)
                .run(lr, users, items, USERS, ITEMS, VALUES, 1, 4);

        double expectedSse = 0;
        for (int e = 1; e < 4; e++) {
            float[] p = expectedUsers.factors();
            float[] q = expectedItems.factors();
            int pu = OFFSET + USERS[e] * K;
            int qi = OFFSET + ITEMS[e] * K;
            float dot = 0;
            for (int f = 0; f < K; f++) {
                dot += p[pu + f] * q[qi + f];
            }
            float[] bu = expectedUsers.bias();
            float[] bi = expectedItems.bias();
            float err = VALUES[e] - (mu + bu[USERS[e]] + bi[ITEMS[e]] + dot);
            expectedSse += (double) err * err;
            for (int f = 0; f < K; f++) {
                float oldP = p[pu + f];
                float oldQ = q[qi + f];
                p[pu + f] = oldP + lr * (err * oldQ - reg * oldP);
                q[qi + f] = oldQ + lr * (err * oldP - reg * oldQ);
            }
            bu[USERS[e]] += lr * (err - regBias * bu[USERS[e]]);
            bi[ITEMS[e]] += lr * (err - regBias * bi[ITEMS[e]]);
        }
        assertEquals(expectedSse, sse, 1e-5);
        assertArrayEquals(expectedUsers.factors(), users.factors(), 1e-6f);
        assertArrayEquals(expectedItems.factors(), items.factors(), 1e-6f);
        assertArrayEquals(expectedUsers.bias(), users.bias(), 1e-6f);
        assertArrayEquals(expectedItems.bias(), items.bias(), 1e-6f);
    }

    @Test
    void run_unbiased_leavesTheBiasesAndIgnoresMu() {
        Rows users = seeded(2, false, 3);
        Rows items = seeded(2, false, 4);
        Rows withMu = users.copy();
        Rows withMuItems = items.copy();
        float[] userBias = users.bias().clone();
        float[] itemBias = items.bias().clone();

        new SgdUpdate(VectorKernels.scalar(), K, OFFSET, 0f, false, 0.1f, 0.5f).run(0.05f, users, items, USERS, ITEMS, VALUES, 0, 5);
        new SgdUpdate(VectorKernels.scalar(), K, OFFSET, 3f, false, 0.1f, 0.5f).run(0.05f, withMu, withMuItems, USERS, ITEMS, VALUES, 0, 5);

        assertArrayEquals(userBias, users.bias());
        assertArrayEquals(itemBias, items.bias());
        assertArrayEquals(users.factors(), withMu.factors());
        assertArrayEquals(items.factors(), withMuItems.factors());
    }

    @Test
    void run_adaGrad_growsTheSumsAndShrinksTheSteps() {
        Rows users = seeded(2, true, 5);
        Rows items = seeded(2, true, 6);

        new SgdUpdate(VectorKernels.scalar(), K, OFFSET, 3f, true, 0.1f, 0.02f).run(0.1f, users, items, USERS, ITEMS, VALUES, 0, 5);

        for (int r = 0; r < 2; r++) {
            assertTrue(users.factorSquares()[r] > 1f && users.biasSquares()[r] > 1f, "user " + r);
            assertTrue(items.factorSquares()[r] > 1f && items.biasSquares()[r] > 1f, "item " + r);
        }
    }

    @Test
    void run_vectorAndScalarKernels_giveTheSameRows() {
        for (boolean adaGrad : new boolean[] {false, true}) {
            int k = 37;
            int count = 50;
            Rows users = Rows.zeros(count, k, OFFSET, adaGrad);
            Rows items = Rows.zeros(count, k, OFFSET, adaGrad);
            SplittableRandom random = new SplittableRandom(7);
            for (int j = OFFSET; j < users.factors().length; j++) {
                users.factors()[j] = (float) random.nextGaussian() * 0.1f;
                items.factors()[j] = (float) random.nextGaussian() * 0.1f;
            }
            int size = 2000;
            int[] us = random.ints(size, 0, count).toArray();
            int[] is = random.ints(size, 0, count).toArray();
            float[] vs = new float[size];
            for (int e = 0; e < size; e++) {
                vs[e] = 1 + random.nextInt(5);
            }
            Rows scalarUsers = users.copy();
            Rows scalarItems = items.copy();

            double vector = new SgdUpdate(VectorKernels.best(), k, OFFSET, 3.5f, true, 0.05f, 0.01f)
                    .run(0.01f, users, items, us, is, vs, 0, size);
            double scalar = new SgdUpdate(VectorKernels.scalar(), k, OFFSET, 3.5f, true, 0.05f, 0.01f)
                    .run(0.01f, scalarUsers, scalarItems, us, is, vs, 0, size);

            assertEquals(scalar, vector, 1e-6 * scalar, "adaGrad " + adaGrad);
            assertArrayEquals(scalarUsers.factors(), users.factors(), 1e-4f, "adaGrad " + adaGrad);
            assertArrayEquals(scalarItems.bias(), items.bias(), 1e-4f, "adaGrad " + adaGrad);
        }
    }

    @Test
    void run_mixedSchedules_isRejected() {
        SgdUpdate update = new SgdUpdate(VectorKernels.scalar(), K, OFFSET, 0f, true, 0.1f, 0.1f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> update.run(0.1f, seeded(2, true, 1), seeded(2, false, 2), USERS, ITEMS, VALUES, 0, 5));
        assertEquals("users and items must both carry AdaGrad sums or neither", e.getMessage());
    }

    @Test
    void zeros_startsAdaGradSumsAtOneAndRowsAtTheOffset() {
        Rows rows = Rows.zeros(4, K, OFFSET, true);

        assertEquals(OFFSET + 4 * K, rows.factors().length);
        assertArrayEquals(new float[] {1, 1, 1, 1}, rows.factorSquares());
        assertArrayEquals(new float[] {1, 1, 1, 1}, rows.biasSquares());
        assertNull(Rows.zeros(4, K, OFFSET, false).factorSquares());
    }

    private static Rows seeded(int count, boolean adaGrad, long seed) {
        Rows rows = Rows.zeros(count, K, OFFSET, adaGrad);
        SplittableRandom random = new SplittableRandom(seed);
        for (int j = OFFSET; j < rows.factors().length; j++) {
            rows.factors()[j] = (float) random.nextGaussian() * 0.5f;
        }
        for (int r = 0; r < count; r++) {
            rows.bias()[r] = (float) random.nextGaussian() * 0.1f;
        }
        return rows;
    }
}
