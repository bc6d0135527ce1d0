package dev.latent.eval.rank;

import dev.latent.model.DataStats;
import dev.latent.model.FactorModel;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ItemScorerTest {

    @Test
    void of_handModel_scoresMuPlusBiasesPlusDot() {
        // μ 3, b_u (0.5, -1), b_i (0, 1, -2), k = 2: p_0 (1, 0), p_1 (0, 2); q_0 (1, 1), q_1 (2, 0), q_2 (0, 0).
        FactorModel model = new FactorModel("hand", Map.of(), 0L, new DataStats(2, 3, 3, 1f, 5f, 3.0),
                RankingEvaluatorTest.index("user", "u", 2), RankingEvaluatorTest.index("item", "i", 3), 2, 3f,
                new float[] {0.5f, -1}, new float[] {0, 1, -2},
                new float[] {1, 0, 0, 2}, new float[] {1, 1, 2, 0, 0, 0},
                new int[] {0, 0, 0}, new int[0]);
        ItemScorer scorer = ItemScorer.of(model);
        float[] out = new float[3];

        scorer.score(0, out);
        assertArrayEquals(new float[] {3.5f + 1, 3.5f + 1 + 2, 3.5f - 2}, out);
        scorer.score(1, out);
        // Unclipped: 2 + 0 + 2 = 4, 2 + 1 + 0 = 3, 2 - 2 + 0 = 0 (below the scale's 1).
        assertArrayEquals(new float[] {4, 3, 0}, out);
        assertEquals("hand", scorer.name());
    }

    @Test
    void of_randomModel_equalsScoreBitForBit() {
        int users = 7;
        int items = 33;
        int rank = 19;
        SplittableRandom random = new SplittableRandom(1);
        FactorModel model = new FactorModel("random", Map.of(), 0L, new DataStats(users, items, 0, 1f, 5f, 3.0),
                RankingEvaluatorTest.index("user", "u", users), RankingEvaluatorTest.index("item", "i", items), rank,
                3.1f, gaussian(random, users), gaussian(random, items), gaussian(random, users * rank),
                gaussian(random, items * rank), new int[users + 1], new int[0]);
        float[] out = new float[items];
        for (int user = -1; user < users; user++) {
            model.scoreAll(user, out);
            for (int item = 0; item < items; item++) {
                assertEquals(Float.floatToIntBits(model.score(user, item)), Float.floatToIntBits(out[item]),
                        "user " + user + ", item " + item);
            }
        }
    }

    @Test
    void mostPopular_counts_areTrainingInteractionsPerItem() {
        // Training: u0 {0, 1}, u1 {2}, u2 {0, 5}, u3 {1}, u4 {0}.
        MostPopular popular = MostPopular.fit(RankingEvaluatorTest.train());
        float[] out = new float[6];

        popular.score(2, out);

        assertArrayEquals(new float[] {3, 2, 1, 0, 0, 1}, out);
        assertEquals(3, popular.count(0));
        assertEquals("most-popular", popular.name());
        assertThrows(IllegalArgumentException.class, () -> popular.score(0, new float[5]));
    }

    private static float[] gaussian(SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int j = 0; j < n; j++) {
            values[j] = (float) (random.nextDouble() * 2 - 1);
        }
        return values;
    }
}
