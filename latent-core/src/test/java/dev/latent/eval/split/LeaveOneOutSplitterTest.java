package dev.latent.eval.split;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.data.Timestamps;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.latent.eval.split.UserHoldoutSplitterTest.assertPartition;
import static dev.latent.eval.split.UserHoldoutSplitterTest.degrees10_1_2_3;
import static dev.latent.eval.split.UserHoldoutSplitterTest.heldOutPerUser;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeaveOneOutSplitterTest {

    /**
     * Timestamps for {@link UserHoldoutSplitterTest#degrees10_1_2_3()} by CSR position: u0's latest
     * is its 4th rating (value 4), u1 has one rating, u2's two tie, u3's latest is its first (value 14).
     */
    static Timestamps times() {
        return Timestamps.of(
                50, 10, 20, 90, 30, 40, 60, 70, 80, 85,
                5,
                7, 7,
                100, 99, 98);
    }

    @Test
    void split_withTimestamps_holdsOutEachUsersLatest() {
        RatingMatrix data = degrees10_1_2_3();
        Split split = LeaveOneOutSplitter.latest(times(), 3).split(data).getFirst();

        assertArrayEquals(new int[] {1, 0, 1, 1}, heldOutPerUser(split));
        assertEquals(4f, valueOf(split.test(), 0));
        assertEquals(14f, valueOf(split.test(), 3));
        assertPartition(data, split);
    }

    @Test
    void split_tiedLatest_seedPicksEitherAndTheSameSeedTheSameOne() {
        RatingMatrix data = degrees10_1_2_3();
        Set<Float> picked = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            float value = valueOf(LeaveOneOutSplitter.latest(times(), seed).split(data).getFirst().test(), 2);
            assertEquals(value, valueOf(LeaveOneOutSplitter.latest(times(), seed).split(data).getFirst().test(), 2));
            picked.add(value);
        }
        // u2's ratings have values 12 and 13 at the same time: over 20 seeds both come up.
        assertEquals(Set.of(12f, 13f), picked);
    }

    @Test
    void split_withoutTimestamps_oneRandomRatingPerUserReproducibly() {
        RatingMatrix data = degrees10_1_2_3();
        Split split = LeaveOneOutSplitter.random(9).split(data).getFirst();

        assertArrayEquals(new int[] {1, 0, 1, 1}, heldOutPerUser(split));
        assertEquals(split.test(), LeaveOneOutSplitter.random(9).split(data).getFirst().test());
        assertPartition(data, split);
        Set<Float> u0 = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            u0.add(valueOf(LeaveOneOutSplitter.random(seed).split(data).getFirst().test(), 0));
        }
        assertTrue(u0.size() >= 5, "u0's held-out values over 40 seeds: " + u0);
    }

    @Test
    void split_timestampsOfAnotherMatrix_throws() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LeaveOneOutSplitter.latest(Timestamps.of(1, 2), 1).split(degrees10_1_2_3()));
        assertEquals("there are 2 timestamps for a matrix of 16 ratings; read them for this matrix", e.getMessage());
    }

    /** The value of {@code user}'s only test rating. */
    static float valueOf(RatingList test, int user) {
        List<Float> values = new java.util.ArrayList<>();
        for (int k = 0; k < test.size(); k++) {
            if (test.user(k) == user) {
                values.add(test.value(k));
            }
        }
        assertEquals(1, values.size(), "test ratings of user " + user);
        return values.getFirst();
    }
}
