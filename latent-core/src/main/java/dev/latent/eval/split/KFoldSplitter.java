package dev.latent.eval.split;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * K-fold cross-validation: the rating positions are shuffled once by a {@link SplittableRandom}
 * seeded with {@code seed} and dealt into {@code folds} contiguous runs whose sizes differ by at
 * most one. Split f tests on fold f (in matrix order) and trains on all other folds, so every
 * rating is tested exactly once.
 *
 * @param folds number of folds, at least 2 (and at most the number of ratings, checked per split)
 * @param seed  makes the shuffle reproducible
 */
public record KFoldSplitter(int folds, long seed) implements Splitter {

    public KFoldSplitter {
        if (folds < 2) {
            throw new IllegalArgumentException("folds must be at least 2 but was " + folds);
        }
    }

    @Override
    public List<Split> split(RatingMatrix data) {
        int n = data.size();
        if (folds > n) {
            throw new IllegalArgumentException("folds must be at most the number of ratings (" + n + ") but was " + folds);
        }
        int[] positions = SplitPositions.identity(n);
        SplittableRandom random = new SplittableRandom(seed);
        for (int j = n - 1; j > 0; j--) {
            SplitPositions.swap(positions, j, random.nextInt(j + 1));
        }
        RatingList all = data.toList();
        List<Split> splits = new ArrayList<>(folds);
        for (int f = 0; f < folds; f++) {
            int from = boundary(f, n);
            int to = boundary(f + 1, n);
            int[] test = Arrays.copyOfRange(positions, from, to);
            int[] train = new int[n - test.length];
            System.arraycopy(positions, 0, train, 0, from);
            System.arraycopy(positions, to, train, from, n - to);
            splits.add(SplitPositions.split(f + 1, data, all, train, test));
        }
        return List.copyOf(splits);
    }

    /** Where fold {@code f} starts in the shuffled positions: {@code ⌊f·n/folds⌋}. */
    private int boundary(int f, int n) {
        return (int) ((long) f * n / folds);
    }
}
