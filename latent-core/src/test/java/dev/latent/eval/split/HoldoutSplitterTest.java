package dev.latent.eval.split;

import dev.latent.data.RatingMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static dev.latent.eval.split.KFoldSplitterTest.sorted;
import static dev.latent.eval.split.KFoldSplitterTest.tenRatings;
import static dev.latent.eval.split.KFoldSplitterTest.triples;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HoldoutSplitterTest {

    @Test
    void split_thirtyPercentOfTen_holdsOutThree() {
        List<Split> splits = new HoldoutSplitter(0.3, 5).split(tenRatings());
        assertEquals(1, splits.size());
        assertEquals(1, splits.getFirst().fold());
        assertEquals(3, splits.getFirst().test().size());
        assertEquals(7, splits.getFirst().train().size());
    }

    @Test
    void split_quarterOfTen_roundsHalfUpToThree() {
        Split split = new HoldoutSplitter(0.25, 5).split(tenRatings()).getFirst();
        assertEquals(3, split.test().size());
    }

    @Test
    void split_anySeed_trainAndTestMakeTheWholeMatrix() {
        RatingMatrix data = tenRatings();
        Split split = new HoldoutSplitter(0.4, 11).split(data).getFirst();
        List<String> both = new ArrayList<>(triples(split.train().toList()));
        both.addAll(triples(split.test()));
        assertEquals(sorted(triples(data.toList())), sorted(both));
    }

    @Test
    void split_sameSeed_sameTestList() {
        assertEquals(new HoldoutSplitter(0.3, 42).split(tenRatings()).getFirst().test(),
                new HoldoutSplitter(0.3, 42).split(tenRatings()).getFirst().test());
    }

    @Test
    void split_otherSeed_otherTestList() {
        assertNotEquals(new HoldoutSplitter(0.3, 42).split(tenRatings()).getFirst().test(),
                new HoldoutSplitter(0.3, 43).split(tenRatings()).getFirst().test());
    }

    @Test
    void split_anySeed_trainKeepsTheFullIndexes() {
        RatingMatrix data = tenRatings();
        Split split = new HoldoutSplitter(0.5, 1).split(data).getFirst();
        assertSame(data.users(), split.train().users());
        assertSame(data.items(), split.train().items());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 1, -0.1, 1.5, Double.NaN})
    void new_fractionOutsideOpenUnitInterval_throwsNamingTheValue(double fraction) {
        var e = assertThrows(IllegalArgumentException.class, () -> new HoldoutSplitter(fraction, 0));
        assertEquals("testFraction must be strictly between 0 and 1 but was " + fraction, e.getMessage());
    }
}
