package dev.latent.train.sgd;

import dev.latent.data.RatingMatrix;
import dev.latent.train.Parallel;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;

/**
 * The training ratings laid out for conflict-free parallel SGD (FPSGD; Chin, Zhuang, Juan, Lin,
 * "A Fast Parallel Stochastic Gradient Method for Matrix Factorization in Shared Memory Systems",
 * ACM TIST 2015).
 *
 * <p>Users and items are renumbered once by a seeded random permutation ("positions"), which
 * spreads popular items and heavy users evenly; the positions are cut into {@code B} equal ranges,
 * giving a B × B grid of blocks. Block {@code (r, c)} = index {@code r·B + c} holds the ratings of
 * user range r and item range c at {@code start[b] .. start[b+1]-1} of three parallel arrays
 * (user position, item position, value: 12 bytes a rating), in user position order with the
 * ratings of every 32 consecutive users interleaved (see {@link #interleaveUsers}).
 * Two blocks that share neither a user range nor an item range touch disjoint factor rows, so
 * they can be trained at the same time.
 */
final class BlockGrid {
    final int blocks;
    final int[] userPosition;
    final int[] itemPosition;
    final int[] start;
    final int[] users;
    final int[] items;
    final float[] values;

    private BlockGrid(int blocks, int[] userPosition, int[] itemPosition, int[] start, int[] users, int[] items,
                      float[] values) {
        this.blocks = blocks;
        this.userPosition = userPosition;
        this.itemPosition = itemPosition;
        this.start = start;
        this.users = users;
        this.items = items;
        this.values = values;
    }

    /**
     * The grid size for a run: at least 2 blocks per thread (so a thread finds a free block while
     * another works), and enough that one item block's factors (k floats per item) fit in about
     * 256 KiB of L2 cache; never more ranges than there are users or items.
     */
    static int gridSize(int users, int items, int rank, int threads) {
        long itemBytes = (long) items * rank * Float.BYTES;
        long forCache = (itemBytes + (256 << 10) - 1) / (256 << 10);
        long wanted = Math.max(threads == 1 ? 1 : 2L * threads, forCache);
        return (int) Math.max(1, Math.min(wanted, Math.min(users, items)));
    }

    static BlockGrid build(RatingMatrix matrix, int blocks, long seed) {
        return build(matrix, blocks, seed, null, 1);
    }

    /**
     * Lays out {@code matrix} as a {@code blocks × blocks} grid. Each block row (a range of user
     * positions) is counted, filled and interleaved on its own, by up to {@code threads} workers
     * of {@code pool} (null: on the calling thread); the result is the same either way.
     */
    static BlockGrid build(RatingMatrix matrix, int blocks, long seed, ExecutorService pool, int threads) {
        int m = matrix.userCount();
        int n = matrix.itemCount();
        SplittableRandom random = new SplittableRandom(seed);
        int[] userOrder = permutation(m, random.split());
        int[] itemOrder = permutation(n, random.split());
        int[] userPosition = inverse(userOrder);
        int[] itemPosition = inverse(itemOrder);
        int[] itemRange = new int[n];
        for (int i = 0; i < n; i++) {
            itemRange[i] = range(itemPosition[i], n, blocks);
        }

        // Block row r holds user positions firstPosition(r) .. firstPosition(r + 1) - 1.
        int[] start = new int[blocks * blocks + 1];
        Parallel.forEach(pool, threads, blocks, row -> {
            for (int pos = firstPosition(row, m, blocks); pos < firstPosition(row + 1, m, blocks); pos++) {
                int u = userOrder[pos];
                for (int p = matrix.userStart(u); p < matrix.userEnd(u); p++) {
                    start[row * blocks + itemRange[matrix.itemAt(p)] + 1]++;
                }
            }
        });
        for (int b = 0; b < blocks * blocks; b++) {
            start[b + 1] += start[b];
        }
        int size = matrix.size();
        int[] users = new int[size];
        int[] items = new int[size];
        float[] values = new float[size];
        Parallel.forEach(pool, threads, blocks, row -> {
            int[] fill = Arrays.copyOfRange(start, row * blocks, row * blocks + blocks);
            for (int pos = firstPosition(row, m, blocks); pos < firstPosition(row + 1, m, blocks); pos++) {
                int u = userOrder[pos];
                for (int p = matrix.userStart(u); p < matrix.userEnd(u); p++) {
                    int item = matrix.itemAt(p);
                    int slot = fill[itemRange[item]]++;
                    users[slot] = pos;
                    items[slot] = itemPosition[item];
                    values[slot] = matrix.valueAt(p);
                }
            }
            interleaveUsers(start, row * blocks, row * blocks + blocks, users, items, values);
        });
        return new BlockGrid(blocks, userPosition, itemPosition, start, users, items, values);
    }

    /** The first of the positions 0..count-1 whose {@link #range} is {@code r}: ⌈r·count/blocks⌉. */
    private static int firstPosition(int r, int count, int blocks) {
        return (int) (((long) r * count + blocks - 1) / blocks);
    }

    /** Users per interleaving group: their rows (k floats each) stay in L1 while the group is trained. */
    static final int GROUP = 32;

    /**
     * Reorders blocks fromBlock..toBlock-1, now grouped by user, so that consecutive ratings
     * belong to different users: within each group of {@link #GROUP} consecutive users, their
     * first ratings, then their second ratings, and so on. Two successive updates of the same user
     * vector form a dependency chain through memory that the CPU cannot overlap; different users
     * can. Measured on 18M synthetic ratings (2 vCPU Zen 3, medians of 5 epochs, two runs each):
     * k = 8, one thread, 65 vs 41 M updates/s; k = 32, two threads, 77–82 vs 54–60 M/s; k = 64 and
     * 128 within noise.
     */
    private static void interleaveUsers(int[] start, int fromBlock, int toBlock, int[] users, int[] items,
                                        float[] values) {
        int[] groupStart = new int[GROUP + 1];
        int[] tmpUsers = new int[0];
        int[] tmpItems = new int[0];
        float[] tmpValues = new float[0];
        for (int b = fromBlock; b < toBlock; b++) {
            int e = start[b];
            int end = start[b + 1];
            while (e < end) {
                // One group: up to GROUP runs of equal users starting at e.
                int runs = 0;
                int g = e;
                while (g < end && runs < GROUP) {
                    groupStart[runs++] = g;
                    int user = users[g];
                    while (g < end && users[g] == user) {
                        g++;
                    }
                }
                groupStart[runs] = g;
                int size = g - e;
                if (tmpUsers.length < size) {
                    tmpUsers = new int[size];
                    tmpItems = new int[size];
                    tmpValues = new float[size];
                }
                int out = 0;
                for (int round = 0; out < size; round++) {
                    for (int r = 0; r < runs; r++) {
                        int at = groupStart[r] + round;
                        if (at < groupStart[r + 1]) {
                            tmpUsers[out] = users[at];
                            tmpItems[out] = items[at];
                            tmpValues[out] = values[at];
                            out++;
                        }
                    }
                }
                System.arraycopy(tmpUsers, 0, users, e, size);
                System.arraycopy(tmpItems, 0, items, e, size);
                System.arraycopy(tmpValues, 0, values, e, size);
                e = g;
            }
        }
    }

    /** Permutes the ratings of one block uniformly at random, in place (Fisher–Yates). */
    void shuffle(int block, SplittableRandom random) {
        int from = start[block];
        for (int e = start[block + 1] - 1; e > from; e--) {
            int other = from + random.nextInt(e - from + 1);
            int user = users[e];
            users[e] = users[other];
            users[other] = user;
            int item = items[e];
            items[e] = items[other];
            items[other] = item;
            float value = values[e];
            values[e] = values[other];
            values[other] = value;
        }
    }

    /** The range (0..blocks-1) of position {@code pos} among {@code count}. */
    private static int range(int pos, int count, int blocks) {
        return (int) ((long) pos * blocks / count);
    }

    /** A uniformly random permutation of 0..size-1 (Fisher–Yates). */
    static int[] permutation(int size, SplittableRandom random) {
        int[] order = new int[size];
        for (int k = 0; k < size; k++) {
            order[k] = k;
        }
        for (int k = size - 1; k > 0; k--) {
            int other = random.nextInt(k + 1);
            int t = order[k];
            order[k] = order[other];
            order[other] = t;
        }
        return order;
    }

    private static int[] inverse(int[] order) {
        int[] inverse = new int[order.length];
        for (int k = 0; k < order.length; k++) {
            inverse[order[k]] = k;
        }
        return inverse;
    }

    int size() {
        return values.length;
    }
}
