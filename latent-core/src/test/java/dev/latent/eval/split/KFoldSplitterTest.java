package dev.latent.eval.split;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KFoldSplitterTest {

    /** 10 ratings over 4 users and 4 items; the value k+1 makes each rating recognisable. */
    static RatingMatrix tenRatings() {
        String[][] pairs = {{"u1", "a"}, {"u1", "b"}, {"u1", "c"}, {"u2", "a"}, {"u2", "d"},
                            {"u3", "b"}, {"u3", "c"}, {"u3", "d"}, {"u4", "a"}, {"u4", "c"}};
        RatingMatrix.Builder builder = RatingMatrix.builder();
        for (int k = 0; k < pairs.length; k++) {
            builder.add(pairs[k][0], pairs[k][1], k + 1);
        }
        return builder.build();
    }

    /** Each triple as "user/item/value", in list order. */
    static List<String> triples(RatingList list) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < list.size(); k++) {
            out.add(list.user(k) + "/" + list.item(k) + "/" + list.value(k));
        }
        return out;
    }

    static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }

    @Test
    void split_threeFolds_everyRatingInExactlyOneTestFold() {
        RatingMatrix data = tenRatings();
        List<String> tested = new ArrayList<>();
        for (Split split : new KFoldSplitter(3, 7).split(data)) {
            tested.addAll(triples(split.test()));
        }
        assertEquals(sorted(triples(data.toList())), sorted(tested));
    }

    @Test
    void split_threeFolds_trainAndTestMakeTheWholeMatrix() {
        RatingMatrix data = tenRatings();
        for (Split split : new KFoldSplitter(3, 7).split(data)) {
            List<String> both = new ArrayList<>(triples(split.train().toList()));
            both.addAll(triples(split.test()));
            assertEquals(sorted(triples(data.toList())), sorted(both), "fold " + split.fold());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 7, 10})
    void split_anyFoldCount_sizesDifferByAtMostOne(int folds) {
        List<Split> splits = new KFoldSplitter(folds, 1).split(tenRatings());
        assertEquals(folds, splits.size());
        int smallest = splits.stream().mapToInt(s -> s.test().size()).min().orElseThrow();
        int largest = splits.stream().mapToInt(s -> s.test().size()).max().orElseThrow();
        assertTrue(largest - smallest <= 1, "test sizes from " + smallest + " to " + largest);
        assertEquals(10, splits.stream().mapToInt(s -> s.test().size()).sum());
    }

    @Test
    void split_threeFolds_numberedFromOne() {
        List<Split> splits = new KFoldSplitter(3, 7).split(tenRatings());
        assertEquals(List.of(1, 2, 3), splits.stream().map(Split::fold).toList());
    }

    @Test
    void split_sameSeed_sameFolds() {
        List<Split> first = new KFoldSplitter(3, 42).split(tenRatings());
        List<Split> second = new KFoldSplitter(3, 42).split(tenRatings());
        for (int f = 0; f < 3; f++) {
            assertEquals(first.get(f).test(), second.get(f).test());
            assertEquals(first.get(f).train().toList(), second.get(f).train().toList());
        }
    }

    @Test
    void split_otherSeed_otherFolds() {
        List<RatingList> first = new KFoldSplitter(3, 42).split(tenRatings()).stream().map(Split::test).toList();
        List<RatingList> second = new KFoldSplitter(3, 43).split(tenRatings()).stream().map(Split::test).toList();
        assertNotEquals(first, second);
    }

    @Test
    void split_anyFold_trainKeepsTheFullIndexes() {
        RatingMatrix data = tenRatings();
        for (Split split : new KFoldSplitter(5, 3).split(data)) {
            assertSame(data.users(), split.train().users());
            assertSame(data.items(), split.train().items());
        }
    }

    @Test
    void split_anyFold_testListInMatrixOrder() {
        for (Split split : new KFoldSplitter(2, 9).split(tenRatings())) {
            RatingList test = split.test();
            for (int k = 1; k < test.size(); k++) {
                long previous = (long) test.user(k - 1) << 32 | test.item(k - 1);
                long current = (long) test.user(k) << 32 | test.item(k);
                assertTrue(previous < current, "fold " + split.fold() + " out of order at " + k);
            }
        }
    }

    @Test
    void new_oneFold_throwsNamingTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> new KFoldSplitter(1, 0));
        assertEquals("folds must be at least 2 but was 1", e.getMessage());
    }

    @Test
    void split_moreFoldsThanRatings_throwsNamingBoth() {
        var e = assertThrows(IllegalArgumentException.class, () -> new KFoldSplitter(11, 0).split(tenRatings()));
        assertEquals("folds must be at most the number of ratings (10) but was 11", e.getMessage());
    }
}
