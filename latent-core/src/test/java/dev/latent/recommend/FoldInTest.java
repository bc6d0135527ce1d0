package dev.latent.recommend;

import dev.latent.data.IdIndex;
import dev.latent.data.RatingMatrix;
import dev.latent.model.DataStats;
import dev.latent.model.FactorModel;
import dev.latent.train.als.ImplicitAlsConfig;
import dev.latent.train.als.ImplicitAlsTrainer;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FoldInTest {
    /** Items a = (1, 0), b = (0, 1), c = (1, 1); item factors row-major. */
    private static final float[] ITEMS = {1, 0, 0, 1, 1, 1};

    /** A rank-2 model over items a, b, c and one user "old" who rated all three. */
    private static FactorModel model(String algorithm, Map<String, String> parameters, float mu, float[] itemBias) {
        return new FactorModel(algorithm, parameters, 0L, new DataStats(1, 3, 3, 1f, 5f, 3.0),
                IdIndex.of("user", List.of("old")), IdIndex.of("item", List.of("a", "b", "c")),
                2, mu, new float[1], itemBias, new float[] {0.5f, 0.5f}, ITEMS.clone(),
                new int[] {0, 3}, new int[] {0, 1, 2});
    }

    private static Map<String, String> params(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int j = 0; j < pairs.length; j += 2) {
            map.put(pairs[j], pairs[j + 1]);
        }
        return map;
    }

    @Test
    void foldIn_modelWithoutBiases_solvesTheFactorsExactly() {
        // (Σ q qᵀ + λ·n·I)·p = Σ r·q with q_a q_aᵀ + q_b q_bᵀ = I, λ·n = 0.5·2: 2·p = (2, 4).
        FoldIn foldIn = new FoldIn(model("funk-svd", params("regularization", "0.5"), 0f, new float[3]));

        FoldedUser user = foldIn.foldIn(new int[] {1, 0}, new float[] {4, 2});

        assertFalse(foldIn.solvesBias());
        assertArrayEquals(new float[] {1, 2}, user.factors(), 1e-6f);
        assertEquals(0f, user.bias());
        assertEquals(3f, foldIn.score(user, 2), 1e-6f);
        assertArrayEquals(new int[] {0, 1}, new int[] {user.items().get(0), user.items().get(1)});
    }

    @Test
    void foldIn_biasedAls_satisfiesTheNormalEquations() {
        float mu = 3f;
        float[] itemBias = {0.5f, -0.25f, 1f};
        FoldIn foldIn = new FoldIn(model("als", params("regFactors", "0.2", "regBias", "0.7"), mu, itemBias));
        int[] items = {0, 2, 1};
        float[] values = {5, 2, 4};

        FoldedUser user = foldIn.foldIn(items, values);

        assertTrue(foldIn.solvesBias());
        assertFalse(foldIn.config().biasPerRating());
        // Gradient of Σ (t − q·p − b)² + λ·n·|p|² + λ_b·b² is zero: Σ e·q = λ·n·p and Σ e = λ_b·b.
        float[] p = user.factors();
        double g0 = 0;
        double g1 = 0;
        double gb = 0;
        for (int j = 0; j < items.length; j++) {
            int i = items[j];
            double e = values[j] - mu - itemBias[i] - user.bias() - (ITEMS[2 * i] * p[0] + ITEMS[2 * i + 1] * p[1]);
            g0 += e * ITEMS[2 * i];
            g1 += e * ITEMS[2 * i + 1];
            gb += e;
        }
        assertEquals(0.2 * 3 * p[0], g0, 1e-5);
        assertEquals(0.2 * 3 * p[1], g1, 1e-5);
        assertEquals(0.7 * user.bias(), gb, 1e-5);
        assertTrue(Math.abs(user.bias()) > 0.01, "the bias is solved too: " + user.bias());
    }

    @Test
    void foldIn_biasPerRating_weightsTheBiasByTheCount() {
        FoldIn foldIn = new FoldIn(model("biased-mf", params("regFactors", "0.2", "regBias", "0.7"), 3f,
                new float[] {0.5f, -0.25f, 1f}));
        int[] items = {0, 2, 1};
        float[] values = {5, 2, 4};

        FoldedUser user = foldIn.foldIn(items, values);

        assertTrue(foldIn.config().biasPerRating());
        double gb = 0;
        float[] p = user.factors();
        for (int j = 0; j < items.length; j++) {
            int i = items[j];
            gb += values[j] - 3f - foldIn.model().itemBias(i) - user.bias() - (ITEMS[2 * i] * p[0] + ITEMS[2 * i + 1] * p[1]);
        }
        assertEquals(0.7 * 3 * user.bias(), gb, 1e-5);
    }

    @Test
    void foldIn_implicit_solvesTheConfidenceWeightedSystem() {
        // YᵀY = [[2, 1], [1, 2]]; item a with α' = 1 and λ = 1: [[4, 1], [1, 3]]·x = 2·(1, 0),
        // so x = (6, −2) / 11.
        FoldIn foldIn = new FoldIn(model("bpr", params("regularization", "1"), 0f, new float[3]));

        FoldedUser user = foldIn.foldIn(new int[] {0}, new float[] {123});

        assertTrue(foldIn.implicit());
        assertEquals(FoldInConfig.Confidence.CONSTANT, foldIn.config().confidence());
        assertArrayEquals(new float[] {6f / 11, -2f / 11}, user.factors(), 1e-6f);
    }

    @Test
    void foldIn_implicitLogConfidence_weightsByTheValue() {
        // α' = 2·log(1 + (e − 1)) = 2: [[5, 1], [1, 3]]·x = 3·(1, 0), so x = (9, −3) / 14.
        FoldIn foldIn = new FoldIn(model("ials",
                params("regularization", "1", "alpha", "2", "confidence", "log"), 0f, new float[3]));

        FoldedUser user = foldIn.foldIn(new int[] {0}, new float[] {(float) (Math.E - 1)});

        assertArrayEquals(new float[] {9f / 14, -3f / 14}, user.factors(), 1e-5f);
    }

    @Test
    void foldIn_noItems_givesZeroVectorAndBias() {
        FoldIn foldIn = new FoldIn(model("als", Map.of(), 3f, new float[] {0.5f, -0.25f, 1f}));

        FoldedUser user = foldIn.foldIn(new int[0], new float[0]);

        assertArrayEquals(new float[2], user.factors());
        assertEquals(0f, user.bias());
        float[] scores = new float[3];
        foldIn.scoreAll(user, scores);
        assertArrayEquals(new float[] {3.5f, 2.75f, 4f}, scores);
    }

    @Test
    void foldIn_badInput_throwsNamingIt() {
        FoldIn foldIn = new FoldIn(model("als", Map.of(), 3f, new float[3]));

        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> foldIn.foldIn(new int[] {0, 1}, new float[] {4, Float.NaN}));
        assertEquals("the value for item index 1 must be finite but was NaN", nan.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> foldIn.foldIn(new int[] {2, 0, 2}, new float[] {4, 3, 1}));
        assertEquals("item index 2 is given more than once", twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> foldIn.foldIn(new int[] {0}, new float[] {1, 2}));
        assertThrows(IndexOutOfBoundsException.class, () -> foldIn.foldIn(new int[] {3}, new float[] {1}));
    }

    @Test
    void foldIn_implicitNegativeWeight_throws() {
        FoldIn foldIn = new FoldIn(model("ials", params("alpha", "1", "confidence", "linear"), 0f, new float[3]));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> foldIn.foldIn(new int[] {1}, new float[] {-2}));
        assertTrue(e.getMessage().contains("item index 1 had value -2.0"), e.getMessage());
    }

    @Test
    void forModel_readsEachAlgorithmsParameters() {
        FoldInConfig als = FoldInConfig.forModel(model("als", params("regFactors", "0.3", "regBias", "2"), 3f, new float[3]));
        assertEquals(new FoldInConfig(0.3f, 2f, false, 1f, FoldInConfig.Confidence.CONSTANT), als);
        FoldInConfig nmf = FoldInConfig.forModel(model("nmf", params("regUser", "0.05"), 0f, new float[3]));
        assertEquals(0.05f, nmf.regFactors());
        FoldInConfig ials = FoldInConfig.forModel(model("ials",
                params("regularization", "10", "alpha", "0.5", "confidence", "linear"), 0f, new float[3]));
        assertEquals(new FoldInConfig(10f, FoldInConfig.DEFAULT_REG_BIAS, true, 0.5f, FoldInConfig.Confidence.LINEAR), ials);
        FoldInConfig unregularised = FoldInConfig.forModel(model("biased-mf", params("regFactors", "0"), 3f, new float[3]));
        assertEquals(FoldInConfig.DEFAULT_REG_FACTORS, unregularised.regFactors());
        assertTrue(unregularised.biasPerRating());
    }

    @Test
    void config_nonPositiveRegFactors_isRejectedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FoldInConfig(0f, 1f, false, 1f, FoldInConfig.Confidence.CONSTANT));
        assertTrue(e.getMessage().contains("regFactors"), e.getMessage());
    }

    @Test
    void recommend_foldedUser_skipsGivenAndUnratedItems() {
        // Item c never rated in training: only a and b are candidates; the user gave a.
        FactorModel model = new FactorModel("funk-svd", params("regularization", "0.5"), 0L,
                new DataStats(1, 2, 2, 1f, 5f, 3.0),
                IdIndex.of("user", List.of("old")), IdIndex.of("item", List.of("a", "b", "c")),
                2, 0f, new float[1], new float[3], new float[] {0.5f, 0.5f}, ITEMS.clone(),
                new int[] {0, 2}, new int[] {0, 1});
        FoldedUser user = new FoldIn(model).foldIn(new int[] {0}, new float[] {4});

        List<ScoredItem> top = new Recommender(model).recommend(user, 10);

        assertEquals(List.of(new ScoredItem("b", 1, 0f)), top);
        assertEquals(List.of(), new Recommender(model).recommend(user, 10, item -> item == 1));
    }

    /**
     * Two groups of 30 users and 12 items each; every user interacted with 6 random items of
     * their group. A newcomer who gave 4 items of group one gets the other 8 first.
     */
    @Test
    void foldIn_ialsTwoGroups_ranksTheUsersGroupFirst() {
        SplittableRandom random = new SplittableRandom(7);
        RatingMatrix.Builder builder = RatingMatrix.builder();
        for (int u = 0; u < 60; u++) {
            int group = u / 30;
            int[] order = shuffled(12, random);
            for (int j = 0; j < 6; j++) {
                builder.add("u" + u, "i" + (group * 12 + order[j]), 1 + random.nextInt(5));
            }
        }
        RatingMatrix data = builder.build();
        FactorModel model = new ImplicitAlsTrainer(ImplicitAlsConfig.defaults().withFactors(4).withRegularization(0.1f)
                .withSolver(ImplicitAlsConfig.Solver.CHOLESKY).withThreads(1)).train(data);
        FoldIn foldIn = new FoldIn(model);
        int[] given = new int[4];
        for (int j = 0; j < 4; j++) {
            given[j] = model.items().indexOf("i" + j);
        }

        FoldedUser user = foldIn.foldIn(given, new float[] {1, 3, 2, 5});
        List<ScoredItem> top = new Recommender(model).recommend(user, 8);

        assertEquals(8, top.size());
        for (ScoredItem item : top) {
            int number = Integer.parseInt(item.id().substring(1));
            assertTrue(number >= 4 && number < 12, "expected group one's other items first but got " + top);
        }
    }

    private static int[] shuffled(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int j = 0; j < n; j++) {
            order[j] = j;
        }
        for (int j = n - 1; j > 0; j--) {
            int swap = random.nextInt(j + 1);
            int t = order[j];
            order[j] = order[swap];
            order[swap] = t;
        }
        return order;
    }
}
