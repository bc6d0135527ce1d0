package dev.latent.recommend;

import dev.latent.data.IdIndex;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TopNTest {

    /** Drains {@code top} and returns "index:score" pairs, best first. */
    private static String drain(TopN top) {
        int[] indices = new int[top.capacity()];
        float[] scores = new float[top.capacity()];
        int count = top.drainTo(indices, scores);
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < count; k++) {
            out.append(k == 0 ? "" : " ").append(indices[k]).append(':').append(scores[k]);
        }
        return out.toString();
    }

    @Test
    void drain_ids_namesThePairsBestFirstAndEmptiesTheHeap() {
        TopN top = new TopN(2);
        top.offer(0, 1f);
        top.offer(2, 3f);
        top.offer(1, 2f);

        assertEquals(List.of(new ScoredItem("c", 2, 3f), new ScoredItem("b", 1, 2f)),
                top.drain(IdIndex.of("item", List.of("a", "b", "c"))));
        assertEquals(0, top.size());
    }

    @Test
    void drainTo_moreOffersThanCapacity_keepsBestByScoreDescending() {
        TopN top = new TopN(3);
        float[] scores = {1, 5, 3, 4, 2, 0.5f};
        for (int i = 0; i < scores.length; i++) {
            top.offer(i, scores[i]);
        }
        assertEquals("1:5.0 3:4.0 2:3.0", drain(top));
    }

    @Test
    void drainTo_equalScores_lowerIndexFirstWhateverTheOfferOrder() {
        int[] order = {5, 1, 3, 2, 4, 0};
        float[] scores = {1, 5, 3, 5, 2, 3};
        TopN forward = new TopN(3);
        TopN shuffled = new TopN(3);
        for (int i = 0; i < scores.length; i++) {
            forward.offer(i, scores[i]);
            shuffled.offer(order[i], scores[order[i]]);
        }
        assertEquals("1:5.0 3:5.0 2:3.0", drain(forward));
        assertEquals("1:5.0 3:5.0 2:3.0", drain(shuffled));
    }

    @Test
    void offer_tieWithWorstKept_replacesItOnlyWhenIndexIsLower() {
        TopN top = new TopN(2);
        top.offer(4, 9);
        top.offer(6, 1);
        top.offer(8, 1); // same score, higher index: rejected
        top.offer(5, 1); // same score, lower index: replaces 6
        assertEquals("4:9.0 5:1.0", drain(top));
    }

    @Test
    void drainTo_fewerOffersThanCapacity_returnsAllOffered() {
        TopN top = new TopN(5);
        top.offer(7, 0.25f);
        top.offer(2, 0.75f);
        assertEquals(2, top.size());
        assertEquals("2:0.75 7:0.25", drain(top));
    }

    @Test
    void drainTo_afterDrain_heapIsEmptyAndReusable() {
        TopN top = new TopN(2);
        top.offer(1, 1);
        top.offer(2, 2);
        drain(top);
        assertEquals(0, top.size());
        top.offer(3, -1);
        assertEquals("3:-1.0", drain(top));
    }

    @Test
    void clear_afterOffers_forgetsThem() {
        TopN top = new TopN(2);
        top.offer(1, 10);
        top.offer(2, 20);
        top.clear();
        top.offer(3, 1);
        assertEquals("3:1.0", drain(top));
    }

    @Test
    void offer_nanScore_isIgnored() {
        TopN top = new TopN(2);
        top.offer(1, Float.NaN);
        top.offer(2, 1);
        assertEquals("2:1.0", drain(top));
    }

    @Test
    void drainTo_manyRandomOffers_matchesFullSort() {
        TopN top = new TopN(10);
        SplittableRandom random = new SplittableRandom(3);
        long[] keys = new long[1000];
        for (int i = 0; i < keys.length; i++) {
            int score = random.nextInt(50); // many ties
            top.offer(i, score);
            keys[i] = (long) (50 - score) << 32 | i; // ascending key = score descending, then index
        }
        Arrays.sort(keys);
        int[] expected = new int[10];
        for (int k = 0; k < 10; k++) {
            expected[k] = (int) keys[k];
        }
        int[] indices = new int[10];
        top.drainTo(indices, new float[10]);
        assertArrayEquals(expected, indices);
    }

    @Test
    void new_zeroCapacity_throws() {
        var e = assertThrows(IllegalArgumentException.class, () -> new TopN(0));
        assertEquals("capacity must be positive but was 0", e.getMessage());
    }

    @Test
    void drainTo_outputTooShort_throws() {
        TopN top = new TopN(3);
        top.offer(1, 1);
        top.offer(2, 2);
        assertThrows(IllegalArgumentException.class, () -> top.drainTo(new int[1], new float[2]));
    }
}
