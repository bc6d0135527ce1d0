package dev.latent.recommend;

import dev.latent.data.IdIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The n best (index, score) pairs offered so far, kept in a bounded min-heap over parallel
 * {@code int[]}/{@code float[]} arrays: no boxing and no allocation after construction.
 *
 * <p>Order: higher score first, equal scores by lower index first, so the result does not depend
 * on the order of the offers. NaN scores are ignored. The heap's root is the worst pair kept,
 * so a full heap rejects most offers after one comparison. Not thread-safe; reuse one per thread
 * with {@link #clear()} or {@link #drainTo}.
 */
public final class TopN {
    private final int[] indices;
    private final float[] scores;
    private int size;

    public TopN(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive but was " + capacity);
        }
        indices = new int[capacity];
        scores = new float[capacity];
    }

    public int capacity() {
        return indices.length;
    }

    /** How many pairs are held, at most {@link #capacity()}. */
    public int size() {
        return size;
    }

    /** Forgets every pair. */
    public void clear() {
        size = 0;
    }

    /** Keeps {@code (index, score)} if it is among the best {@link #capacity()} offered so far. */
    public void offer(int index, float score) {
        if (Float.isNaN(score)) {
            return;
        }
        if (size < indices.length) {
            siftUp(size++, index, score);
        } else if (before(index, score, indices[0], scores[0])) {
            siftDown(0, index, score, size);
        }
    }

    /** The lowest score kept; only meaningful once {@link #size()} has reached {@link #capacity()}. */
    public float worstScore() {
        if (size == 0) {
            throw new IllegalStateException("the heap is empty");
        }
        return scores[0];
    }

    /**
     * Whether {@link #offer} would keep {@code (index, score)} now: a cheap test to run before a
     * costlier one (such as whether the user already knows the item), since once the heap is full
     * few candidates pass it.
     */
    public boolean wouldKeep(int index, float score) {
        return !Float.isNaN(score) && (size < indices.length || before(index, score, indices[0], scores[0]));
    }

    /**
     * Writes the pairs best first into the two arrays (each at least {@link #size()} long), empties
     * the heap and returns how many were written.
     */
    public int drainTo(int[] indicesOut, float[] scoresOut) {
        Objects.requireNonNull(indicesOut, "indicesOut");
        Objects.requireNonNull(scoresOut, "scoresOut");
        int count = size;
        if (indicesOut.length < count || scoresOut.length < count) {
            throw new IllegalArgumentException("output arrays must hold " + count + " pairs but had length "
                    + indicesOut.length + " and " + scoresOut.length);
        }
        // Pop the worst pair into the last free slot until the heap is empty.
        for (int last = count - 1; last >= 0; last--) {
            indicesOut[last] = indices[0];
            scoresOut[last] = scores[0];
            siftDown(0, indices[last], scores[last], last);
        }
        size = 0;
        return count;
    }

    /** Empties the heap into scored items, best first, each named by its id in {@code ids}. */
    public List<ScoredItem> drain(IdIndex ids) {
        int[] indicesOut = new int[size];
        float[] scoresOut = new float[size];
        int count = drainTo(indicesOut, scoresOut);
        List<ScoredItem> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            out.add(new ScoredItem(ids.idAt(indicesOut[k]), indicesOut[k], scoresOut[k]));
        }
        return List.copyOf(out);
    }

    /** Whether (a, sa) ranks before (b, sb): higher score, then lower index. */
    private static boolean before(int a, float sa, int b, float sb) {
        return sa > sb || (sa == sb && a < b);
    }

    /** Places (index, score) at hole {@code k} or above, moving better-ranked parents down. */
    private void siftUp(int k, int index, float score) {
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            if (!before(indices[parent], scores[parent], index, score)) {
                break;
            }
            indices[k] = indices[parent];
            scores[k] = scores[parent];
            k = parent;
        }
        indices[k] = index;
        scores[k] = score;
    }

    /** Places (index, score) at hole {@code k} or below within the first {@code n} slots. */
    private void siftDown(int k, int index, float score, int n) {
        while (true) {
            int child = 2 * k + 1;
            if (child >= n) {
                break;
            }
            int right = child + 1;
            if (right < n && before(indices[child], scores[child], indices[right], scores[right])) {
                child = right;
            }
            if (!before(index, score, indices[child], scores[child])) {
                break;
            }
            indices[k] = indices[child];
            scores[k] = scores[child];
            k = child;
        }
        indices[k] = index;
        scores[k] = score;
    }
}
