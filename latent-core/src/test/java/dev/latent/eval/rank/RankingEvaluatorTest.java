package dev.latent.eval.rank;

import dev.latent.data.IdIndex;
import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.eval.split.Split;
import dev.latent.eval.split.UserHoldoutSplitter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RankingEvaluatorTest {
    private static final double EPS = 1e-12;

    /**
     * Five users × six items. Training: u0 {0, 1}, u1 {2}, u2 {0, 5}, u3 {1}, u4 {0}; items 3 and 4
     * have no training interaction. Held out: u0 {2, 4}, u1 {0, 3, 5}, u2 {3}, u3 {5}; u4 nothing.
     * Four more test ratings are skipped: u0's item 0 (in training), a second u1 item 3, an
     * unknown user and an unknown item.
     */
    static RatingMatrix train() {
        return matrix(new int[][] {{0, 1}, {2}, {0, 5}, {1}, {0}});
    }

    static RatingList test() {
        return new RatingList(
                new int[] {0, 0, 1, 1, 1, 2, 3, 0, 1, -1, 2},
                new int[] {2, 4, 0, 3, 5, 3, 5, 0, 3, 2, -1},
                new float[] {5, 1, 4, 3, 2, 1, 5, 5, 3, 4, 4});
    }

    /** Every user ranks items by 6 − item: item 0 first, item 5 last. */
    static final ItemScorer BY_INDEX = new ItemScorer() {
        @Override
        public String name() {
            return "by-index";
        }

        @Override
        public void score(int user, float[] out) {
            for (int item = 0; item < out.length; item++) {
                out[item] = 6 - item;
            }
        }
    };

    @Test
    void evaluate_handFixtureAtThree_givesExactMetrics() {
        // Top 3 without training items, hits marked *:
        //   u0 [2*, 3, 4*] of {2, 4}:    P 2/3, R 1,   DCG 1 + 1/log2(4) = 1.5, IDCG 1 + 1/log2(3)
        //                                → NDCG 0.9197207891481876, AP (1/1 + 2/3)/2 = 5/6, RR 1
        //   u1 [0*, 1, 3*] of {0, 3, 5}: P 2/3, R 2/3, DCG 1.5, IDCG 1 + 1/log2(3) + 1/2
        //                                → NDCG 0.7039180890341347, AP (1 + 2/3)/3 = 5/9, RR 1
        //   u2 [1, 2, 3*] of {3}:        P 1/3, R 1,   NDCG 0.5/1, AP (1/3)/1, RR 1/3
        //   u3 [0, 2, 3] of {5}:         all 0
        // Means over 4 users: P 5/12, R 2/3, NDCG 0.5309097195455805, MAP 31/72, MRR 7/12, HR 3/4.
        // Coverage: {2,3,4} ∪ {0,1,3} ∪ {1,2,3} ∪ {0,2,3} = 5 of 6 items.
        RankingMetrics metrics = RankingEvaluator.fullCatalogue(3, 1).evaluate(BY_INDEX, train(), test());

        assertEquals(3, metrics.k());
        assertEquals(4, metrics.users());
        assertEquals(5.0 / 12, metrics.precision(), EPS);
        assertEquals(2.0 / 3, metrics.recall(), EPS);
        assertEquals(0.5309097195455805, metrics.ndcg(), EPS);
        assertEquals(31.0 / 72, metrics.map(), EPS);
        assertEquals(7.0 / 12, metrics.mrr(), EPS);
        assertEquals(0.75, metrics.hitRate(), EPS);
        assertEquals(5.0 / 6, metrics.coverage(), EPS);
        assertEquals(4, metrics.skippedRatings());
    }

    @Test
    void evaluate_cutOffOne_countsOnlyTheFirstItem() {
        // Top 1: u0 [2*], u1 [0*], u2 [1], u3 [0]. P = R-less hits/1; IDCG over one position.
        //   P (1+1+0+0)/4, R (1/2 + 1/3)/4, NDCG 2/4, MAP (1 + 1)/4, MRR 2/4, HR 2/4, coverage {0,1,2} = 3/6.
        RankingMetrics metrics = RankingEvaluator.fullCatalogue(1, 1).evaluate(BY_INDEX, train(), test());

        assertEquals(0.5, metrics.precision(), EPS);
        assertEquals((0.5 + 1.0 / 3) / 4, metrics.recall(), EPS);
        assertEquals(0.5, metrics.ndcg(), EPS);
        assertEquals(0.5, metrics.map(), EPS);
        assertEquals(0.5, metrics.mrr(), EPS);
        assertEquals(0.5, metrics.hitRate(), EPS);
        assertEquals(0.5, metrics.coverage(), EPS);
    }

    @Test
    void asMap_anyMetrics_namesTheSevenMetricsInOrder() {
        RankingMetrics metrics = new RankingMetrics(10, 3, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0);

        Map<String, Double> map = metrics.asMap();

        assertEquals(List.of("ndcg@10", "recall@10", "precision@10", "map@10", "mrr@10", "hr@10", "coverage@10"),
                List.copyOf(map.keySet()));
        assertEquals(List.of(0.3, 0.2, 0.1, 0.4, 0.5, 0.6, 0.7), List.copyOf(map.values()));
    }

    @Test
    void topItems_scorerPrefersTrainingItems_neverListsThem() {
        // Training items score 100, the rest 6 − item: none of them may appear.
        RatingMatrix train = train();
        ItemScorer seenFirst = new ItemScorer() {
            @Override
            public String name() {
                return "seen-first";
            }

            @Override
            public void score(int user, float[] out) {
                for (int item = 0; item < out.length; item++) {
                    out[item] = Float.isNaN(train.get(user, item)) ? 6 - item : 100;
                }
            }
        };
        RankingEvaluator evaluator = RankingEvaluator.fullCatalogue(3, 1);

        assertArrayEquals(new int[] {2, 3, 4}, evaluator.topItems(seenFirst, train, test(), 0));
        assertArrayEquals(new int[] {0, 1, 3}, evaluator.topItems(seenFirst, train, test(), 1));
        assertArrayEquals(new int[] {1, 2, 3}, evaluator.topItems(seenFirst, train, test(), 2));
        // u4 has no held-out item and is not evaluated, but still ranks without its training item 0.
        assertArrayEquals(new int[] {1, 2, 3}, evaluator.topItems(seenFirst, train, test(), 4));
    }

    @Test
    void evaluate_mostPopular_sameListForEveryoneGivesSmallCoverage() {
        // Training counts: item 0 → 3, item 1 → 2, items 2 and 5 → 1, items 3 and 4 → 0.
        // Top 2 without training items: u0 [2, 5], u1 [0, 1], u2 [1, 2], u3 [0, 2]: items {0, 1, 2, 5}.
        // Hits: u0 2 (rank 1), u1 0 (rank 1), u2 none, u3 none.
        RankingMetrics metrics = RankingEvaluator.fullCatalogue(2, 1).evaluate(MostPopular.fit(train()), train(), test());

        assertEquals(4.0 / 6, metrics.coverage(), EPS);
        assertEquals(0.5, metrics.hitRate(), EPS);
        assertEquals((0.5 + 0.5) / 4, metrics.precision(), EPS);
        assertEquals(0.5, metrics.mrr(), EPS);
    }

    @Test
    void evaluate_sampledNegativesCoverAllFreeItems_equalsFullCatalogue() {
        // With more negatives than free items, every free item is a candidate: the full catalogue.
        RankingMetrics full = RankingEvaluator.fullCatalogue(3, 1).evaluate(BY_INDEX, train(), test());
        RankingMetrics sampled = new RankingEvaluator(3, 10, 7, 1).evaluate(BY_INDEX, train(), test());

        assertEquals(full, sampled);
    }

    @Test
    void negatives_anyUser_neverIncludeTrainingOrTestItems() {
        Split split = randomSplit();
        RankingEvaluator evaluator = new RankingEvaluator(10, 20, 3, 1);
        for (int user = 0; user < split.train().userCount(); user++) {
            int[] negatives = evaluator.negatives(split.train(), split.test(), user);
            boolean evaluated = hasTest(split.test(), user);
            assertEquals(evaluated ? 20 : 0, negatives.length, "user " + user);
            for (int k = 0; k < negatives.length; k++) {
                int item = negatives[k];
                assertTrue(k == 0 || negatives[k - 1] < item, "user " + user + " got item " + item + " twice");
                assertTrue(Float.isNaN(split.train().get(user, item)), "user " + user + " trained on " + item);
                for (int r = 0; r < split.test().size(); r++) {
                    assertTrue(split.test().user(r) != user || split.test().item(r) != item,
                            "user " + user + " holds out " + item);
                }
            }
        }
    }

    @Test
    void negatives_sameSeed_sameDrawAndAnotherSeedAnother() {
        Split split = randomSplit();
        int user = split.test().user(0);

        int[] first = new RankingEvaluator(10, 20, 3, 1).negatives(split.train(), split.test(), user);
        int[] again = new RankingEvaluator(10, 20, 3, 2).negatives(split.train(), split.test(), user);
        int[] other = new RankingEvaluator(10, 20, 4, 1).negatives(split.train(), split.test(), user);

        assertArrayEquals(first, again);
        assertNotEquals(Arrays.toString(first), Arrays.toString(other));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 20})
    void evaluate_threadCount_doesNotChangeTheMetrics(int negatives) {
        Split split = randomSplit();
        ItemScorer scorer = hashScorer();

        RankingMetrics one = new RankingEvaluator(10, negatives, 5, 1).evaluate(scorer, split.train(), split.test());
        RankingMetrics two = new RankingEvaluator(10, negatives, 5, 2).evaluate(scorer, split.train(), split.test());
        RankingMetrics three = new RankingEvaluator(10, negatives, 5, 3).evaluate(scorer, split.train(), split.test());

        assertEquals(one, two);
        assertEquals(one, three);
        assertTrue(one.users() > 100, "users: " + one.users());
    }

    @Test
    void evaluate_sampledNegatives_rankHigherThanFullCatalogue() {
        // Fewer competitors can only move a held-out item up, so the hit rate cannot fall.
        Split split = randomSplit();
        ItemScorer scorer = hashScorer();

        RankingMetrics full = RankingEvaluator.fullCatalogue(5, 1).evaluate(scorer, split.train(), split.test());
        RankingMetrics sampled = new RankingEvaluator(5, 20, 5, 1).evaluate(scorer, split.train(), split.test());

        assertTrue(sampled.hitRate() > full.hitRate(), sampled + " vs " + full);
    }

    @Test
    void evaluate_noKnownTestRating_throws() {
        RatingList unknown = new RatingList(new int[] {-1, 0}, new int[] {1, 0}, new float[] {1, 1});

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RankingEvaluator.fullCatalogue(3, 1).evaluate(BY_INDEX, train(), unknown));
        assertTrue(e.getMessage().contains("no test rating left"), e.getMessage());
    }

    @Test
    void constructor_badArguments_nameParameterAndValue() {
        assertEquals("k must be positive but was 0",
                assertThrows(IllegalArgumentException.class, () -> new RankingEvaluator(0, 0, 1, 1)).getMessage());
        assertEquals("sampledNegatives must be non-negative but was -1",
                assertThrows(IllegalArgumentException.class, () -> new RankingEvaluator(5, -1, 1, 1)).getMessage());
        assertEquals("threads must be positive but was 0",
                assertThrows(IllegalArgumentException.class, () -> new RankingEvaluator(5, 0, 1, 0)).getMessage());
    }

    /** A matrix whose user u has rated the items in rows[u], with value 1. */
    static RatingMatrix matrix(int[][] rows) {
        int items = 6;
        int count = 0;
        for (int[] row : rows) {
            count += row.length;
        }
        int[] users = new int[count];
        int[] itemIndex = new int[count];
        int k = 0;
        for (int u = 0; u < rows.length; u++) {
            for (int item : rows[u]) {
                users[k] = u;
                itemIndex[k++] = item;
            }
        }
        float[] values = new float[count];
        Arrays.fill(values, 1f);
        return RatingMatrix.of(index("user", "u", rows.length), index("item", "i", items),
                new RatingList(users, itemIndex, values));
    }

    static IdIndex index(String kind, String prefix, int size) {
        String[] ids = new String[size];
        Arrays.setAll(ids, j -> prefix + j);
        return IdIndex.of(kind, List.of(ids));
    }

    /** 150 users × 120 items, 5 to 40 random items each, a fifth of every user's held out (seed 42). */
    static Split randomSplit() {
        SplittableRandom random = new SplittableRandom(11);
        RatingMatrix.Builder builder = RatingMatrix.builder();
        for (int u = 0; u < 150; u++) {
            for (int j = 5 + random.nextInt(36); j > 0; j--) {
                builder.add("u" + u, "i" + random.nextInt(120), 1f);
            }
        }
        return UserHoldoutSplitter.fraction(0.2, 42).split(builder.build()).getFirst();
    }

    /** Fixed pseudo-random scores per (user, item), from a hash. */
    static ItemScorer hashScorer() {
        return new ItemScorer() {
            @Override
            public String name() {
                return "hash";
            }

            @Override
            public void score(int user, float[] out) {
                for (int item = 0; item < out.length; item++) {
                    long z = (user * 0x9E3779B97F4A7C15L) ^ (item * 0xBF58476D1CE4E5B9L);
                    z = (z ^ (z >>> 29)) * 0x94D049BB133111EBL;
                    out[item] = (z >>> 40) / (float) (1 << 24);
                }
            }
        };
    }

    private static boolean hasTest(RatingList test, int user) {
        for (int r = 0; r < test.size(); r++) {
            if (test.user(r) == user) {
                return true;
            }
        }
        return false;
    }
}
