package dev.latent.model;

import dev.latent.data.IdIndex;
import dev.latent.data.RatingMatrix;
import dev.latent.math.VectorKernels;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable latent-factor model: predicts {@code μ + b_u + b_i + p_u·q_i}, clipped to the
 * training data's rating range.
 *
 * <p>Factors are flat row-major arrays with stride {@link #rank()}: user {@code u}'s vector is
 * {@code userFactors[u·k .. u·k+k-1]}. A model without biases (FunkSVD) has μ = 0 and all-zero
 * bias arrays. The model carries its id indexes, the configuration and seed that produced it, and
 * the training items of each user (CSR), so that a model file alone can recommend unseen items.
 * A user or item with no training ratings has a zero factor vector and zero bias.
 */
public final class FactorModel implements Predictor {
    private final String algorithm;
    private final Map<String, String> parameters;
    private final long seed;
    private final DataStats stats;
    private final IdIndex users;
    private final IdIndex items;
    private final int rank;
    private final float globalMean;
    private final float[] userBias;
    private final float[] itemBias;
    private final float[] userFactors;
    private final float[] itemFactors;
    private final int[] seenStart;
    private final int[] seenItems;
    private final VectorKernels kernels = VectorKernels.best();
    /** The item factors in column-stored blocks of 8 items, made by the first batched scoring call. */
    private volatile float[] itemBlocks;

    /**
     * Takes ownership of the arrays. {@code seenStart} (length users+1) and {@code seenItems}
     * list each user's training items, ascending.
     */
    public FactorModel(String algorithm, Map<String, String> parameters, long seed, DataStats stats,
                       IdIndex users, IdIndex items, int rank, float globalMean,
                       float[] userBias, float[] itemBias, float[] userFactors, float[] itemFactors,
                       int[] seenStart, int[] seenItems) {
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.seed = seed;
        this.stats = Objects.requireNonNull(stats, "stats");
        this.users = users;
        this.items = items;
        this.rank = rank;
        this.globalMean = globalMean;
        int m = users.size();
        int n = items.size();
        if (rank <= 0) {
            throw new IllegalArgumentException("rank must be positive but was " + rank);
        }
        checkLength("userBias", userBias, m);
        checkLength("itemBias", itemBias, n);
        checkLength("userFactors", userFactors, (long) m * rank);
        checkLength("itemFactors", itemFactors, (long) n * rank);
        if (seenStart.length != m + 1 || seenStart[0] != 0 || seenStart[m] != seenItems.length) {
            throw new IllegalArgumentException("seenStart must be a CSR offset array over " + m + " users");
        }
        this.userBias = userBias;
        this.itemBias = itemBias;
        this.userFactors = userFactors;
        this.itemFactors = itemFactors;
        this.seenStart = seenStart;
        this.seenItems = seenItems;
    }

    private static void checkLength(String name, float[] array, long expected) {
        if (array.length != expected) {
            throw new IllegalArgumentException(name + " must have length " + expected + " but had " + array.length);
        }
    }

    /** The training items of every user in {@code matrix}, as the CSR pair the constructor takes. */
    public static int[][] seenItemsOf(RatingMatrix matrix) {
        int m = matrix.userCount();
        int[] start = new int[m + 1];
        int[] seen = new int[matrix.size()];
        for (int u = 0; u < m; u++) {
            for (int p = matrix.userStart(u); p < matrix.userEnd(u); p++) {
                seen[p] = matrix.itemAt(p);
            }
            start[u + 1] = matrix.userEnd(u);
        }
        return new int[][] {start, seen};
    }

    /** The predicted rating, clipped to the training range; an unknown side (-1) contributes nothing. */
    @Override
    public float predict(int user, int item) {
        float min = stats.minRating();
        float max = stats.maxRating();
        return Math.clamp(score(user, item), min, max);
    }

    /**
     * The unclipped score {@code μ + b_u + b_i + p_u·q_i}; what recommendation ranks by, since
     * clipping would tie every item above the top of the scale. Unknown sides (-1) contribute 0.
     */
    public float score(int user, int item) {
        float s = globalMean;
        if (user >= 0) {
            s += userBias[user];
        }
        if (item >= 0) {
            s += itemBias[item];
        }
        if (user >= 0 && item >= 0) {
            s += kernels.dot(userFactors, user * rank, itemFactors, item * rank, rank);
        }
        return s;
    }

    /**
     * The unclipped {@link #score} of every item for {@code user} (-1 for an unknown user), written
     * to {@code out[0 .. items)}: bit for bit what {@code score(user, i)} gives, with the user's
     * terms looked up once. What ranking evaluation calls for each user.
     */
    public void scoreAll(int user, float[] out) {
        int n = items.size();
        if (out.length < n) {
            throw new IllegalArgumentException("out must hold " + n + " scores but had length " + out.length);
        }
        float base = globalMean;
        if (user < 0) {
            for (int i = 0; i < n; i++) {
                out[i] = base + itemBias[i];
            }
            return;
        }
        Objects.checkIndex(user, users.size());
        scoreAll(userFactors, user * rank, base + userBias[user], out);
    }

    /**
     * The unclipped score {@code μ + b + b_i + v·q_i} of {@code item} for a user who is not in the
     * model, given by a factor vector {@code userVector} (length {@link #rank()}) and bias: what
     * recommending to a folded-in user ranks by.
     */
    public float score(float[] userVector, float userBias, int item) {
        checkVector(userVector);
        Objects.checkIndex(item, items.size());
        return globalMean + userBias + itemBias[item] + kernels.dot(userVector, 0, itemFactors, item * rank, rank);
    }

    /**
     * {@link #score(float[], float, int)} of every item, written to {@code out[0 .. items)}: as
     * {@link #scoreAll(int, float[])} for a user given by vector and bias.
     */
    public void scoreAll(float[] userVector, float userBias, float[] out) {
        checkVector(userVector);
        int n = items.size();
        if (out.length < n) {
            throw new IllegalArgumentException("out must hold " + n + " scores but had length " + out.length);
        }
        scoreAll(userVector, 0, globalMean + userBias, out);
    }

    /**
     * {@link #score(int, int)} of the items {@code from .. to-1} for {@code user}, written to
     * {@code out[0 .. to-from)}, bit for bit: the block a top-N scan scores at a time, so that it
     * needs no buffer as large as the catalogue.
     */
    public void scoreRange(int user, int from, int to, float[] out) {
        Objects.checkIndex(user, users.size());
        checkRange(from, to, out);
        scoreRange(userFactors, user * rank, globalMean + userBias[user], from, to, out);
    }

    /** {@link #score(float[], float, int)} of the items {@code from .. to-1}, as {@link #scoreRange(int, int, int, float[])}. */
    public void scoreRange(float[] userVector, float userBias, int from, int to, float[] out) {
        checkVector(userVector);
        checkRange(from, to, out);
        scoreRange(userVector, 0, globalMean + userBias, from, to, out);
    }

    /**
     * {@link #scoreRange(float[], float, int, int, float[])} for several users at once:
     * {@code out[u][i - from]} is user {@code u}'s score of item {@code i}, bit for bit, for
     * {@code from <= i < to}, where {@code from} is a multiple of {@value VectorKernels#BLOCK_ROWS}
     * and each {@code out[u]} holds {@code to - from} rounded up to such a multiple (the kernel
     * writes whole blocks). Each block of 8 items' factors is read once and scored for every user
     * while it is in cache ({@link VectorKernels#blockDots}), so several users cost little more
     * memory traffic than one. The first call makes a column-blocked copy of the item factors (as
     * large as they are) that later calls share.
     */
    public void scoreRange(float[][] userVectors, float[] userBiases, int from, int to, float[][] out) {
        int users = userVectors.length;
        int width = VectorKernels.BLOCK_ROWS;
        if (userBiases.length != users || out.length != users) {
            throw new IllegalArgumentException("userVectors, userBiases and out must have the same length but had "
                    + users + ", " + userBiases.length + " and " + out.length);
        }
        if (from % width != 0) {
            throw new IllegalArgumentException("from must be a multiple of " + width + " but was " + from);
        }
        Objects.checkFromToIndex(from, to, items.size());
        int padded = (to - from + width - 1) / width * width;
        for (int u = 0; u < users; u++) {
            checkVector(userVectors[u]);
            if (out[u].length < padded) {
                throw new IllegalArgumentException("out[" + u + "] must hold " + padded + " scores but had length "
                        + out[u].length);
            }
        }
        float[] blocks = itemBlocks();
        for (int start = from; start < to; start += width) {
            for (int u = 0; u < users; u++) {
                kernels.blockDots(userVectors[u], 0, blocks, start * rank, rank, out[u], start - from);
            }
        }
        for (int u = 0; u < users; u++) {
            float[] scores = out[u];
            float base = globalMean + userBiases[u];
            for (int k = 0; k < to - from; k++) {
                scores[k] = base + itemBias[from + k] + scores[k];
            }
        }
    }

    private float[] itemBlocks() {
        float[] blocks = itemBlocks;
        if (blocks == null) {
            int n = items.size();
            int width = VectorKernels.BLOCK_ROWS;
            blocks = new float[(n + width - 1) / width * width * rank];
            for (int item = 0; item < n; item++) {
                int block = item / width * width * rank;
                for (int f = 0; f < rank; f++) {
                    blocks[block + f * width + item % width] = itemFactors[item * rank + f];
                }
            }
            itemBlocks = blocks;
        }
        return blocks;
    }

    private void checkRange(int from, int to, float[] out) {
        Objects.checkFromToIndex(from, to, items.size());
        if (out.length < to - from) {
            throw new IllegalArgumentException("out must hold " + (to - from) + " scores but had length " + out.length);
        }
    }

    /** {@code out[i] = base + b_i + v·q_i} for every item, the user vector at {@code vector[offset ..]}. */
    private void scoreAll(float[] vector, int offset, float base, float[] out) {
        scoreRange(vector, offset, base, 0, items.size(), out);
    }

    /**
     * {@code out[i - from] = base + b_i + v·q_i} for {@code from <= i < to}: the dot products in one
     * batched kernel call, then the biases, in {@link #score}'s order of additions.
     */
    private void scoreRange(float[] vector, int offset, float base, int from, int to, float[] out) {
        kernels.dots(vector, offset, itemFactors, from * rank, rank, to - from, out, 0);
        for (int i = from; i < to; i++) {
            out[i - from] = base + itemBias[i] + out[i - from];
        }
    }

    private void checkVector(float[] userVector) {
        if (userVector.length != rank) {
            throw new IllegalArgumentException("userVector must have length " + rank + " but had " + userVector.length);
        }
    }

    /** Predicts by external ids; unknown ids throw {@link dev.latent.data.UnknownIdException}. */
    public float predict(String userId, String itemId) {
        return predict(users.indexOf(userId), items.indexOf(itemId));
    }

    public String algorithm() {
        return algorithm;
    }

    /** The trainer configuration, as ordered name → value strings. */
    public Map<String, String> parameters() {
        return parameters;
    }

    public long seed() {
        return seed;
    }

    public DataStats stats() {
        return stats;
    }

    public IdIndex users() {
        return users;
    }

    public IdIndex items() {
        return items;
    }

    public int rank() {
        return rank;
    }

    public float globalMean() {
        return globalMean;
    }

    public float userBias(int user) {
        return userBias[user];
    }

    public float itemBias(int item) {
        return itemBias[item];
    }

    /** Read-only view of the user factors, row-major with stride {@link #rank()}. */
    public FloatBuffer userFactors() {
        return FloatBuffer.wrap(userFactors).asReadOnlyBuffer();
    }

    /** Read-only view of the item factors, row-major with stride {@link #rank()}. */
    public FloatBuffer itemFactors() {
        return FloatBuffer.wrap(itemFactors).asReadOnlyBuffer();
    }

    public FloatBuffer userBiases() {
        return FloatBuffer.wrap(userBias).asReadOnlyBuffer();
    }

    public FloatBuffer itemBiases() {
        return FloatBuffer.wrap(itemBias).asReadOnlyBuffer();
    }

    /** Read-only CSR offsets into {@link #seenItems()}, one more than there are users. */
    public IntBuffer seenStarts() {
        return IntBuffer.wrap(seenStart).asReadOnlyBuffer();
    }

    public IntBuffer seenItems() {
        return IntBuffer.wrap(seenItems).asReadOnlyBuffer();
    }

    /** Whether {@code user} rated {@code item} in training. Binary search in the user's row. */
    public boolean hasSeen(int user, int item) {
        return Arrays.binarySearch(seenItems, seenStart[user], seenStart[user + 1], item) >= 0;
    }

    /** How many training ratings {@code user} had. */
    public int seenCount(int user) {
        return seenStart[user + 1] - seenStart[user];
    }

    /** Cosine similarity of two item factor vectors; 0 when either is zero. */
    public float itemCosine(int a, int b) {
        float ab = kernels.dot(itemFactors, a * rank, itemFactors, b * rank, rank);
        float aa = kernels.dot(itemFactors, a * rank, itemFactors, a * rank, rank);
        float bb = kernels.dot(itemFactors, b * rank, itemFactors, b * rank, rank);
        return aa == 0f || bb == 0f ? 0f : (float) (ab / Math.sqrt((double) aa * bb));
    }

    /** Bitwise equality of everything the model holds; what reproducibility tests compare. */
    public boolean sameAs(FactorModel other) {
        return algorithm.equals(other.algorithm) && parameters.equals(other.parameters) && seed == other.seed
                && stats.equals(other.stats) && users.equals(other.users) && items.equals(other.items)
                && rank == other.rank && Float.floatToIntBits(globalMean) == Float.floatToIntBits(other.globalMean)
                && Arrays.equals(userBias, other.userBias) && Arrays.equals(itemBias, other.itemBias)
                && Arrays.equals(userFactors, other.userFactors) && Arrays.equals(itemFactors, other.itemFactors)
                && Arrays.equals(seenStart, other.seenStart) && Arrays.equals(seenItems, other.seenItems);
    }

    @Override
    public String toString() {
        return "FactorModel[" + algorithm + ", k=" + rank + ", " + users.size() + " users × " + items.size() + " items]";
    }
}
