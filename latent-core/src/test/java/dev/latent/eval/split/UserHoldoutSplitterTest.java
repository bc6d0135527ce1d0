package dev.latent.eval.split;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.latent.eval.split.KFoldSplitterTest.sorted;
import static dev.latent.eval.split.KFoldSplitterTest.triples;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UserHoldoutSplitterTest {

    /** Users u0..u3 with 10, 1, 2 and 3 ratings; rating values 1, 2, 3, ... in matrix order. */
    static RatingMatrix degrees10_1_2_3() {
        RatingMatrix.Builder builder = RatingMatrix.builder();
        int[] degrees = {10, 1, 2, 3};
        int value = 1;
        for (int u = 0; u < degrees.length; u++) {
            for (int j = 0; j < degrees[u]; j++) {
                builder.add("u" + u, "i" + j, value++);
            }
        }
        return builder.build();
    }

    /** How many test ratings each user has. */
    static int[] heldOutPerUser(Split split) {
        int[] counts = new int[split.train().userCount()];
        for (int k = 0; k < split.test().size(); k++) {
            counts[split.test().user(k)]++;
        }
        return counts;
    }

    /** Train and test are disjoint and together the data. */
    static void assertPartition(RatingMatrix data, Split split) {
        List<String> both = new ArrayList<>(triples(split.train().toList()));
        both.addAll(triples(split.test()));
        assertEquals(sorted(triples(data.toList())), sorted(both));
        assertSame(data.users(), split.train().users());
        assertSame(data.items(), split.train().items());
    }

    @Test
    void split_fifthOfEachUser_roundsButKeepsOneOnEachSide() {
        // 10 → round(2.0) = 2; 1 → stays in training; 2 → round(0.4) = 0, raised to 1; 3 → round(0.6) = 1.
        RatingMatrix data = degrees10_1_2_3();
        Split split = UserHoldoutSplitter.fraction(0.2, 1).split(data).getFirst();

        assertEquals(1, split.fold());
        assertEquals(List.of(2, 0, 1, 1), List.of(box(heldOutPerUser(split))));
        assertPartition(data, split);
    }

    @Test
    void split_largeFraction_leavesEveryUserATrainingRating() {
        // 0.9: 10 → 9, 1 → 0, 2 → round(1.8) = 2 capped at 1, 3 → round(2.7) = 3 capped at 2.
        Split split = UserHoldoutSplitter.fraction(0.9, 1).split(degrees10_1_2_3()).getFirst();

        assertEquals(List.of(9, 0, 1, 2), List.of(box(heldOutPerUser(split))));
    }

    @Test
    void split_countThree_holdsOutThreeOrAllButOne() {
        RatingMatrix data = degrees10_1_2_3();
        Split split = UserHoldoutSplitter.count(3, 1).split(data).getFirst();

        assertEquals(List.of(3, 0, 1, 2), List.of(box(heldOutPerUser(split))));
        assertPartition(data, split);
    }

    @Test
    void split_sameSeed_sameSplitAndOtherSeedsDiffer() {
        RatingMatrix data = degrees10_1_2_3();
        RatingList first = UserHoldoutSplitter.fraction(0.5, 7).split(data).getFirst().test();

        assertEquals(first, UserHoldoutSplitter.fraction(0.5, 7).split(data).getFirst().test());
        boolean anyOther = false;
        for (long seed = 8; seed < 12; seed++) {
            anyOther |= !first.equals(UserHoldoutSplitter.fraction(0.5, seed).split(data).getFirst().test());
        }
        assertNotEquals(false, anyOther);
    }

    @Test
    void constructor_badArguments_nameParameterAndValue() {
        assertEquals("testFraction must be strictly between 0 and 1 but was 1.0",
                assertThrows(IllegalArgumentException.class, () -> UserHoldoutSplitter.fraction(1, 1)).getMessage());
        assertEquals("testCount must be positive but was 0",
                assertThrows(IllegalArgumentException.class, () -> UserHoldoutSplitter.count(0, 1)).getMessage());
        assertEquals("give either testFraction (0.5) or testCount (2), not both",
                assertThrows(IllegalArgumentException.class, () -> new UserHoldoutSplitter(0.5, 2, 1)).getMessage());
    }

    private static Integer[] box(int[] values) {
        Integer[] boxed = new Integer[values.length];
        for (int j = 0; j < values.length; j++) {
            boxed[j] = values[j];
        }
        return boxed;
    }
}
