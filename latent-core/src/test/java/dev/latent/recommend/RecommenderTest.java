package dev.latent.recommend;

import dev.latent.data.IdIndex;
import dev.latent.data.UnknownIdException;
import dev.latent.model.DataStats;
import dev.latent.model.FactorModel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecommenderTest {
    /**
     * Rank 2, μ = 3, ratings from 1 to 4. Items a = (1, 0), b = (0, 1) with bias 0.5, c = (1, 1),
     * d = (2, 0) with bias −1, e = (0, 0) never rated. Alice = (1, 0.5) rated b; bob rated
     * nothing (zero factors); carol rated a, b, c and d.
     */
    private static final FactorModel MODEL = new FactorModel("test", Map.of(), 0L,
            new DataStats(3, 5, 5, 1f, 4f, 3.0),
            IdIndex.of("user", List.of("alice", "bob", "carol")),
            IdIndex.of("item", List.of("a", "b", "c", "d", "e")),
            2, 3f,
            new float[] {0, 0, 0},
            new float[] {0, 0.5f, 0, -1, 0},
            new float[] {1, 0.5f, 0, 0, 0, 0},
            new float[] {1, 0, 0, 1, 1, 1, 2, 0, 0, 0},
            new int[] {0, 1, 1, 5},
            new int[] {1, 0, 1, 2, 3});

    private final Recommender recommender = new Recommender(MODEL);

    private static String render(List<ScoredItem> items) {
        StringBuilder out = new StringBuilder();
        for (ScoredItem item : items) {
            out.append(out.isEmpty() ? "" : " ").append(item.id()).append(':').append(item.score());
        }
        return out.toString();
    }

    @Test
    void recommend_alice_ranksUnseenRatedItemsByUnclippedScore() {
        // a = 3 + 1 = 4, c = 3 + 1.5 = 4.5 (clipped it would tie at 4), d = 3 − 1 + 2 = 4: a before d on index.
        assertEquals("c:4.5 a:4.0 d:4.0", render(recommender.recommend("alice", 10)));
    }

    @Test
    void recommend_aliceTopTwo_cutsAfterTwo() {
        List<ScoredItem> top = recommender.recommend(0, 2);
        assertEquals(List.of(new ScoredItem("c", 2, 4.5f), new ScoredItem("a", 0, 4f)), top);
    }

    @Test
    void recommend_anyUser_neverReturnsSeenOrUnratedItems() {
        List<String> ids = recommender.recommend("alice", 10).stream().map(ScoredItem::id).toList();
        assertFalse(ids.contains("b"), "alice rated b");
        assertFalse(ids.contains("e"), "nobody rated e");
    }

    @Test
    void recommend_userWithoutRatings_fallsBackToItemBiases() {
        assertEquals("b:3.5 a:3.0 c:3.0 d:2.0", render(recommender.recommend("bob", 10)));
    }

    @Test
    void recommend_userWhoRatedEverything_isEmpty() {
        assertTrue(recommender.recommend("carol", 3).isEmpty());
    }

    @Test
    void recommend_withExclude_skipsExcludedItems() {
        assertEquals("a:4.0 d:4.0", render(recommender.recommend("alice", 10, item -> item == 2)));
    }

    @Test
    void recommendVector_aliceVectorExcludingNothing_ranksHerSeenItemToo() {
        // Alice's vector and bias with no exclusion: b = 3 + 0.5 + 0.5 = 4 joins her list.
        assertEquals("c:4.5 a:4.0 b:4.0 d:4.0", render(recommender.recommend(new float[] {1, 0.5f}, 0f, 10, item -> false)));
    }

    @Test
    void recommendVector_withExclude_skipsOnlyExcludedAndUnratedItems() {
        assertEquals("b:5.0 c:4.5", render(recommender.recommend(new float[] {0, 1}, 0.5f, 2, item -> item == 0)));
    }

    @Test
    void recommendBatch_eachQuery_isWhatItsSingleCallGives() {
        List<Query> queries = List.of(
                new Query(new float[] {1, 0.5f}, 0f, new int[] {1}, 10),
                new Query(new float[] {0, 1}, 0.5f, new int[] {0}, 2),
                new Query(new float[] {0, 0}, 0f, new int[] {}, 10),
                new Query(new float[] {1, 1}, 0f, new int[] {0, 1, 2, 3}, 3));

        List<List<ScoredItem>> results = recommender.recommend(queries);

        assertEquals(recommender.recommend("alice", 10), results.get(0), "alice, her training item skipped");
        assertEquals("b:5.0 c:4.5", render(results.get(1)));
        assertEquals(recommender.recommend("bob", 10), results.get(2));
        assertTrue(results.get(3).isEmpty(), "everything rated is skipped");
    }

    @Test
    void recommendBatch_onALargerModel_matchesSingleCallsBitForBit() {
        // Enough items for several scoring blocks, skip lists that straddle them.
        int items = 1000;
        int rank = 5;
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        float[] itemFactors = new float[items * rank];
        float[] itemBias = new float[items];
        for (int k = 0; k < itemFactors.length; k++) {
            itemFactors[k] = (float) random.nextGaussian();
        }
        for (int k = 0; k < items; k++) {
            itemBias[k] = (float) random.nextGaussian();
        }
        List<String> ids = new java.util.ArrayList<>();
        for (int k = 0; k < items; k++) {
            ids.add("i" + k);
        }
        int[] seen = java.util.stream.IntStream.range(0, items).filter(k -> k % 3 != 0).toArray();
        FactorModel big = new FactorModel("test", Map.of(), 0L, new DataStats(1, items, seen.length, 1f, 5f, 3.0),
                IdIndex.of("user", List.of("u")), IdIndex.of("item", ids), rank, 3f, new float[] {0.2f}, itemBias,
                new float[] {0.1f, -0.3f, 0.5f, 0.7f, -1f}, itemFactors, new int[] {0, seen.length}, seen);
        Recommender many = new Recommender(big);
        List<Query> queries = new java.util.ArrayList<>();
        List<List<ScoredItem>> expected = new java.util.ArrayList<>();
        for (int q = 0; q < 7; q++) {
            float[] vector = new float[rank];
            for (int f = 0; f < rank; f++) {
                vector[f] = (float) random.nextGaussian();
            }
            int[] skip = java.util.stream.IntStream.range(0, items).filter(k -> random.nextInt(4) == 0).toArray();
            int n = 1 + random.nextInt(40);
            queries.add(new Query(vector, q * 0.1f, skip, n));
            expected.add(many.recommend(vector, q * 0.1f, n, item -> java.util.Arrays.binarySearch(skip, item) >= 0));
        }
        assertEquals(expected, many.recommend(queries));
    }

    @Test
    void query_unsortedSkip_isRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Query(new float[2], 0f, new int[] {3, 1}, 1));
        assertEquals("skip must be ascending without repeats but has 3 before 1", e.getMessage());
    }

    @Test
    void recommendVector_wrongLength_throwsNamingBothLengths() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> recommender.recommend(new float[] {1, 2, 3}, 0f, 1, item -> false));
        assertEquals("the user vector has length 3 but the model has rank 2", e.getMessage());
    }

    @Test
    void recommend_unknownUser_throwsUnknownId() {
        var e = assertThrows(UnknownIdException.class, () -> recommender.recommend("dave", 3));
        assertEquals("dave", e.id());
        assertEquals("user", e.kind());
    }

    @Test
    void recommend_nonPositiveN_throwsNamingN() {
        var e = assertThrows(IllegalArgumentException.class, () -> recommender.recommend("alice", 0));
        assertEquals("n must be positive but was 0", e.getMessage());
    }

    @Test
    void recommend_userIndexOutOfRange_throws() {
        assertThrows(IndexOutOfBoundsException.class, () -> recommender.recommend(3, 1));
    }

    @Test
    void similar_itemA_ranksByCosineAndExcludesItself() {
        // cos(a, d) = 1, cos(a, c) = 1/√2, cos(a, b) = 0; e has no rating and is skipped.
        List<ScoredItem> similar = recommender.similar("a", 10);
        assertEquals(List.of("d", "c", "b"), similar.stream().map(ScoredItem::id).toList());
        assertEquals(1f, similar.get(0).score(), 1e-6f);
        assertEquals((float) (1 / Math.sqrt(2)), similar.get(1).score(), 1e-6f);
        assertEquals(0f, similar.get(2).score());
    }

    @Test
    void similar_topOne_isTheBest() {
        assertEquals(List.of("d"), recommender.similar(0, 1).stream().map(ScoredItem::id).toList());
    }

    @Test
    void similar_itemWithoutRatings_isEmpty() {
        assertTrue(recommender.similar("e", 3).isEmpty());
    }

    @Test
    void similar_unknownItem_throwsUnknownId() {
        var e = assertThrows(UnknownIdException.class, () -> recommender.similar("z", 3));
        assertEquals("item", e.kind());
    }

    @Test
    void similar_negativeN_throwsNamingN() {
        var e = assertThrows(IllegalArgumentException.class, () -> recommender.similar("a", -2));
        assertEquals("n must be positive but was -2", e.getMessage());
    }

    @Test
    void itemHasRatings_fromTheSeenLists_trueExceptForTheNeverRatedItem() {
        assertTrue(recommender.itemHasRatings(0));
        assertTrue(recommender.itemHasRatings(3));
        assertFalse(recommender.itemHasRatings(4));
    }

    @Test
    void recommend_modelWithoutSeenLists_offersEveryItem() {
        FactorModel imported = new FactorModel("spark-als", Map.of(), 0L, new DataStats(3, 5, 0, 1f, 4f, 0),
                MODEL.users(), MODEL.items(), 2, 0f, new float[3], new float[5],
                new float[] {1, 0.5f, 0, 0, 0, 0}, new float[] {1, 0, 0, 1, 1, 1, 2, 0, 0, 0},
                new int[] {0, 0, 0, 0}, new int[0]);
        Recommender all = new Recommender(imported);

        assertEquals("d:2.0 c:1.5 a:1.0 b:0.5 e:0.0", render(all.recommend("alice", 10)));
        assertTrue(all.itemHasRatings(4));
    }

    @Test
    void recommend_hugeN_returnsEveryCandidate() {
        assertEquals(3, recommender.recommend("alice", Integer.MAX_VALUE).size());
    }
}
