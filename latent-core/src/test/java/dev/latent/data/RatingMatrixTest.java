package dev.latent.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RatingMatrixTest {

    @Test
    void build_ratingsOverSeveralChunksWithRepeats_keepsTheLastOfEachPair() {
        // 2.5 million additions (a few builder chunks) over 1000 × 500 cells: every cell comes up
        // several times in a scrambled order, and the last value must win.
        int users = 1000;
        int items = 500;
        int added = 2_500_000;
        float[] expected = new float[users * items];
        Arrays.fill(expected, Float.NaN);
        RatingMatrix.Builder builder = RatingMatrix.builder();
        for (int u = 0; u < users; u++) {
            builder.userIndex().intern("u" + u);
        }
        for (int i = 0; i < items; i++) {
            builder.itemIndex().intern("i" + i);
        }
        for (int k = 0; k < added; k++) {
            int cell = (int) ((k * 2_654_435_761L) % (users * items));
            float value = k % 97;
            builder.add(cell / items, cell % items, value);
            expected[cell] = value;
        }

        RatingMatrix matrix = builder.build();

        int present = 0;
        for (int cell = 0; cell < expected.length; cell++) {
            assertEquals(expected[cell], matrix.get(cell / items, cell % items), "cell " + cell);
            present += Float.isNaN(expected[cell]) ? 0 : 1;
        }
        assertEquals(present, matrix.size());
        assertEquals(added - present, builder.duplicateCount());
        for (int u = 0; u < users; u++) {
            for (int p = matrix.userStart(u) + 1; p < matrix.userEnd(u); p++) {
                assertTrue(matrix.itemAt(p - 1) < matrix.itemAt(p), "items ascending in row " + u);
            }
        }
    }

    @Test
    void build_millionsOfRatings_columnsListEveryRatingWithUsersAscending() {
        // Enough ratings for several packing threads: the columns must still be exactly the rows'.
        int users = 2000;
        int items = 1500;
        RatingMatrix.Builder builder = RatingMatrix.builder();
        for (int u = 0; u < users; u++) {
            builder.userIndex().intern("u" + u);
        }
        for (int i = 0; i < items; i++) {
            builder.itemIndex().intern("i" + i);
        }
        for (long k = 0; k < users * items; k++) {
            int cell = (int) ((k * 2_654_435_761L) % (users * items));
            if (cell % 10 < 8) {
                builder.add(cell / items, cell % items, cell % 89);
            }
        }

        RatingMatrix matrix = builder.build();

        assertEquals(users * items / 10 * 8, matrix.size());
        long listed = 0;
        for (int i = 0; i < items; i++) {
            for (int p = matrix.itemStart(i); p < matrix.itemEnd(i); p++) {
                int u = matrix.userAtItemPos(p);
                assertTrue(p == matrix.itemStart(i) || matrix.userAtItemPos(p - 1) < u, "users ascending in column " + i);
                assertEquals(matrix.get(u, i), matrix.valueAtItemPos(p));
                listed++;
            }
        }
        assertEquals(matrix.size(), listed);
    }

    @Test
    void build_rowsOutOfOrder_sortsItemsWithinEachUser() {
        RatingMatrix matrix = RatingMatrix.builder().add("b", "z", 1).add("a", "y", 2).add("b", "y", 3)
                .add("a", "x", 4).add("b", "x", 5).build();

        assertEquals(List.of("b", "a"), matrix.users().ids());
        assertEquals(List.of("z", "y", "x"), matrix.items().ids());
        assertArrayEquals(new int[] {0, 3, 5}, matrix.rowStartArray());
        assertArrayEquals(new int[] {0, 1, 2, 1, 2}, matrix.rowItemArray());
        assertArrayEquals(new float[] {1, 3, 5, 2, 4}, matrix.rowValueArray());
    }

    @Test
    void append_partsInTheirOwnNumbering_sameAsAddingEachRatingInOrder() {
        RatingMatrix.Builder direct = RatingMatrix.builder().add("a", "x", 1).add("b", "y", 2).add("c", "x", 3)
                .add("a", "x", 4).add("d", "z", 5);
        RatingMatrix.Builder first = RatingMatrix.builder().add("a", "x", 1).add("b", "y", 2);
        // The second part numbers c, a, d as 0, 1, 2 and x, z as 0, 1; here they are 2, 0, 3 and 0, 2.
        RatingMatrix.Builder second = RatingMatrix.builder().add("c", "x", 3).add("a", "x", 4).add("d", "z", 5);
        RatingMatrix.Builder merged = RatingMatrix.builder();
        for (String user : List.of("a", "b", "c", "d")) {
            merged.userIndex().intern(user);
        }
        for (String item : List.of("x", "y", "z")) {
            merged.itemIndex().intern(item);
        }

        merged.append(first, null, null);
        merged.add(1, 2, 6);
        merged.append(second, new int[] {2, 0, 3}, new int[] {0, 2});
        direct.add("b", "z", 6);

        RatingCacheTest.assertSameMatrix(direct.build(), merged.build());
        assertEquals(direct.duplicateCount(), merged.duplicateCount());
        assertThrows(IllegalStateException.class, () -> second.add(0, 0, 1));
    }

    @Test
    void build_calledTwice_throws() {
        RatingMatrix.Builder builder = RatingMatrix.builder().add("u", "i", 1);
        builder.build();

        assertThrows(IllegalStateException.class, builder::build);
    }

    @Test
    void add_afterBuild_throws() {
        RatingMatrix.Builder builder = RatingMatrix.builder().add("u", "i", 1);
        builder.build();

        assertThrows(IllegalStateException.class, () -> builder.add("u", "j", 2));
    }

    @Test
    void fromCsr_builtMatrixArrays_sameMatrix() {
        RatingMatrix built = RatingMatrix.builder().add("b", "z", 1).add("a", "y", 2).add("b", "y", 3).build();

        RatingMatrix copy = RatingMatrix.fromCsr(built.users(), built.items(), built.rowStartArray().clone(),
                built.rowItemArray().clone(), built.rowValueArray().clone());

        RatingCacheTest.assertSameMatrix(built, copy);
    }

    @Test
    void fromCsr_invalidArrays_namesWhatIsWrong() {
        IdIndex users = IdIndex.of("user", List.of("a", "b"));
        IdIndex items = IdIndex.of("item", List.of("x", "y"));

        assertMessage("expected 3 row offsets for 2 users but got 2",
                () -> RatingMatrix.fromCsr(users, items, new int[] {0, 1}, new int[] {0}, new float[] {1}));
        assertMessage("1 items but 2 values",
                () -> RatingMatrix.fromCsr(users, items, new int[] {0, 1, 1}, new int[] {0}, new float[] {1, 2}));
        assertMessage("the row offsets run from 0 to 1 instead of from 0 to 2",
                () -> RatingMatrix.fromCsr(users, items, new int[] {0, 1, 1}, new int[] {0, 1}, new float[] {1, 2}));
        assertMessage("the row of user 0 runs from 0 to 3",
                () -> RatingMatrix.fromCsr(users, items, new int[] {0, 3, 2}, new int[] {0, 1}, new float[] {1, 2}));
        assertMessage("the items of user 0 are not strictly ascending",
                () -> RatingMatrix.fromCsr(users, items, new int[] {0, 2, 2}, new int[] {1, 1}, new float[] {1, 2}));
        assertMessage("item 2 of user 1 is not an item index (there are 2 items)",
                () -> RatingMatrix.fromCsr(users, items, new int[] {0, 0, 1}, new int[] {2}, new float[] {1}));
        assertMessage("the rating of user 1 for item 0 is not finite: NaN",
                () -> RatingMatrix.fromCsr(users, items, new int[] {0, 0, 1}, new int[] {0}, new float[] {Float.NaN}));
    }

    private static void assertMessage(String message, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertEquals(message, e.getMessage());
    }
}
