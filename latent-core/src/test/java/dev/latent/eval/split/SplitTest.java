package dev.latent.eval.split;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SplitTest {
    private static final RatingMatrix TRAIN = RatingMatrix.builder().add("u1", "a", 4).add("u2", "b", 2).build();

    @Test
    void of_givenPair_isFoldOne() {
        RatingList test = new RatingList(new int[] {0, -1}, new int[] {1, 0}, new float[] {3, 5});
        Split split = Split.of(TRAIN, test);
        assertEquals(1, split.fold());
        assertEquals(test, split.test());
    }

    @Test
    void new_testUserBeyondTrainingIndex_throws() {
        RatingList test = new RatingList(new int[] {2}, new int[] {0}, new float[] {3});
        var e = assertThrows(IllegalArgumentException.class, () -> Split.of(TRAIN, test));
        assertEquals("test rating 0 (user 2, item 0) is outside the training indexes of 2 users and 2 items",
                e.getMessage());
    }

    @Test
    void new_foldZero_throws() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Split(0, TRAIN, RatingList.empty()));
        assertEquals("fold must be at least 1 but was 0", e.getMessage());
    }
}
