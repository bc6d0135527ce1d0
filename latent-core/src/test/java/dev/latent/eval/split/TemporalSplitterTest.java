package dev.latent.eval.split;

import dev.latent.data.RatingMatrix;
import dev.latent.data.Timestamps;
import org.junit.jupiter.api.Test;

import static dev.latent.eval.split.LeaveOneOutSplitterTest.times;
import static dev.latent.eval.split.UserHoldoutSplitterTest.assertPartition;
import static dev.latent.eval.split.UserHoldoutSplitterTest.degrees10_1_2_3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemporalSplitterTest {

    @Test
    void split_threeQuarters_trainsOnTheEarliestTwelve() {
        // 16 ratings, round(0.75 · 16) = 12 train. Times sorted: 5 7 7 10 20 30 40 50 60 70 80 85 | 90 98 99 100.
        // The test part is the ratings at 90, 98, 99, 100: values 4, 16, 15, 14.
        RatingMatrix data = degrees10_1_2_3();
        Split split = new TemporalSplitter(0.75, times()).split(data).getFirst();

        assertEquals(12, split.train().size());
        assertEquals(4, split.test().size());
        float[] values = new float[4];
        for (int k = 0; k < 4; k++) {
            values[k] = split.test().value(k);
        }
        java.util.Arrays.sort(values);
        assertEquals("[4.0, 14.0, 15.0, 16.0]", java.util.Arrays.toString(values));
        assertPartition(data, split);
    }

    @Test
    void split_anyFraction_noTrainingRatingIsLaterThanATestRating() {
        RatingMatrix data = degrees10_1_2_3();
        Timestamps times = times();
        for (double fraction = 0.05; fraction < 1; fraction += 0.1) {
            Split split = new TemporalSplitter(fraction, times).split(data).getFirst();
            long latestTrain = Long.MIN_VALUE;
            long earliestTest = Long.MAX_VALUE;
            for (int p = 0; p < data.size(); p++) {
                float value = data.valueAt(p);
                boolean tested = false;
                for (int k = 0; k < split.test().size(); k++) {
                    tested |= split.test().value(k) == value;
                }
                if (tested) {
                    earliestTest = Math.min(earliestTest, times.at(p));
                } else {
                    latestTrain = Math.max(latestTrain, times.at(p));
                }
            }
            assertTrue(latestTrain <= earliestTest, "fraction " + fraction + ": train up to " + latestTrain
                    + ", test from " + earliestTest);
            assertEquals(Math.round(fraction * 16), split.train().size());
        }
    }

    @Test
    void split_cutInsideATie_breaksItByPosition() {
        // round(0.125 · 16) = 2: the ratings at times 5 and 7 (position 11, before position 12).
        Split split = new TemporalSplitter(0.125, times()).split(degrees10_1_2_3()).getFirst();

        assertEquals(2, split.train().size());
        assertEquals(11f, split.train().valueAt(0));
        assertEquals(12f, split.train().valueAt(1));
    }

    @Test
    void constructor_noTimestamps_saysTheFileHasNone() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TemporalSplitter(0.8, null));
        assertTrue(e.getMessage().contains("needs timestamps"), e.getMessage());
        assertEquals("trainFraction must be strictly between 0 and 1 but was 0.0",
                assertThrows(IllegalArgumentException.class, () -> new TemporalSplitter(0, times())).getMessage());
    }
}
