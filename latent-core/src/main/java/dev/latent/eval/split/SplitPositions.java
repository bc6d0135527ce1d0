package dev.latent.eval.split;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;

import java.util.Arrays;

/** What the splitters share: position arrays and turning two disjoint position sets into a split. */
final class SplitPositions {
    private SplitPositions() {
    }

    static int[] identity(int n) {
        int[] positions = new int[n];
        Arrays.setAll(positions, p -> p);
        return positions;
    }

    static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /**
     * The split with the ratings at CSR positions {@code train} as the training matrix and those at
     * {@code test}, sorted into matrix order, as the test list. The two sets must be disjoint;
     * {@code all} is {@code data.toList()}, whose position p is CSR position p.
     */
    static Split split(int fold, RatingMatrix data, RatingList all, int[] train, int[] test) {
        int[] sortedTest = test.clone();
        Arrays.sort(sortedTest);
        return new Split(fold, data.select(train), all.select(sortedTest));
    }

    /**
     * The split with the ratings at the CSR positions marked in {@code held}, {@code testCount} of
     * them, as the test list in matrix order, and the others as the training matrix.
     */
    static Split split(int fold, RatingMatrix data, RatingList all, boolean[] held, int testCount) {
        int[] test = new int[testCount];
        int[] train = new int[held.length - testCount];
        int t = 0;
        int r = 0;
        for (int p = 0; p < held.length; p++) {
            if (held[p]) {
                test[t++] = p;
            } else {
                train[r++] = p;
            }
        }
        return new Split(fold, data.select(train), all.select(test));
    }
}
