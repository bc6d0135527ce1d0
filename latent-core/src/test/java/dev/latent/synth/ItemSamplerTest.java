package dev.latent.synth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItemSamplerTest {
    private static final int ITEMS = 6;
    private static final int COUNT = 3;
    private static final double EXPONENT = 1.0;

    /**
     * Both paths, rejection from the alias table (a budget that never runs out) and the sum tree
     * (no budget), match the inclusion probabilities of successive sampling without replacement,
     * computed exactly by enumerating every ordered draw of 3 of the 6 weights 1, 1/2, …, 1/6.
     */
    @ParameterizedTest(name = "budget {0}·count + {1}")
    @CsvSource({"1000000, 0", "0, 0"})
    void sample_eitherPath_inclusionMatchesSuccessiveSampling(int budgetPerItem, int budgetExtra) {
        ItemPopularity popularity = new ItemPopularity(ITEMS, EXPONENT, new SplittableRandom(1));
        ItemSampler sampler = new ItemSampler(popularity, COUNT, budgetPerItem, budgetExtra);
        SplittableRandom random = new SplittableRandom(2);
        int draws = 200_000;
        int[] included = new int[ITEMS];
        int[] out = new int[COUNT];
        for (int d = 0; d < draws; d++) {
            sampler.sample(random, COUNT, out);
            for (int k = 0; k < COUNT; k++) {
                if (k > 0) {
                    assertTrue(out[k - 1] < out[k], "items ascending and distinct");
                }
                included[out[k]]++;
            }
        }
        double[] expected = inclusionByRank();
        for (int rank = 0; rank < ITEMS; rank++) {
            double observed = included[popularity.itemOfRank(rank)] / (double) draws;
            // Standard error ≤ 0.5/sqrt(200 000) ≈ 0.0011; allow five.
            assertEquals(expected[rank], observed, 0.0056, "rank " + rank);
        }
    }

    private static double[] inclusionByRank() {
        double[] w = new double[ITEMS];
        for (int r = 0; r < ITEMS; r++) {
            w[r] = Math.pow(r + 1, -EXPONENT);
        }
        double[] inclusion = new double[ITEMS];
        enumerate(w, new boolean[ITEMS], 0, 1.0, inclusion);
        return inclusion;
    }

    private static void enumerate(double[] w, boolean[] taken, int depth, double probability, double[] inclusion) {
        if (depth == COUNT) {
            for (int r = 0; r < ITEMS; r++) {
                if (taken[r]) {
                    inclusion[r] += probability;
                }
            }
            return;
        }
        double left = 0;
        for (int r = 0; r < ITEMS; r++) {
            left += taken[r] ? 0 : w[r];
        }
        for (int r = 0; r < ITEMS; r++) {
            if (!taken[r]) {
                taken[r] = true;
                enumerate(w, taken, depth + 1, probability * w[r] / left, inclusion);
                taken[r] = false;
            }
        }
    }
}
