package dev.latent.synth;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws one user's items from an {@link ItemPopularity} without replacement: successive weighted
 * draws, each among the items not yet drawn. One instance per worker thread; it reuses its
 * scratch from user to user and leaves it as it found it.
 *
 * <p>Two paths produce that one distribution. The fast one draws with replacement from the alias
 * table and rejects repeats, found in a bitset over popularity ranks; the expected number of draws
 * grows with the popularity mass already drawn, so it gives up after {@code 8·count + 64}
 * attempts. The exact path then takes over from the ranks drawn so far: a sum tree over the rank
 * weights (leaves at {@code size + rank}, each inner node the sum of its two children) with the
 * drawn ranks set to zero, descended once per draw; afterwards the touched paths are recomputed
 * from the original weights, bit for bit as they were built. That path is what a user with
 * nearly all items, or a steep exponent, ends up on; a user with every item skips sampling.
 */
final class ItemSampler {
    private static final int BUDGET_PER_ITEM = 8;
    private static final int BUDGET_EXTRA = 64;

    private final ItemPopularity popularity;
    private final int n;
    private final long[] drawn;
    private final int[] ranks;
    /** Sum tree over rank weights, built on first use of the exact path. */
    private double[] tree;
    private int leaves;

    private final int budgetPerItem;
    private final int budgetExtra;

    /** Scratch for users of up to {@code maxCount} items. */
    ItemSampler(ItemPopularity popularity, int maxCount) {
        this(popularity, maxCount, BUDGET_PER_ITEM, BUDGET_EXTRA);
    }

    /** With another rejection budget, {@code budgetPerItem·count + budgetExtra}; 0 and 0 always take the exact path. */
    ItemSampler(ItemPopularity popularity, int maxCount, int budgetPerItem, int budgetExtra) {
        this.budgetPerItem = budgetPerItem;
        this.budgetExtra = budgetExtra;
        this.popularity = popularity;
        this.n = popularity.itemCount();
        this.drawn = new long[(n + 63) >>> 6];
        this.ranks = new int[maxCount];
    }

    /** Draws {@code count} distinct items and writes them, ascending, to {@code out[0..count)}. */
    void sample(SplittableRandom random, int count, int[] out) {
        if (count == n) {
            for (int i = 0; i < n; i++) {
                out[i] = i;
            }
            return;
        }
        int taken = 0;
        long budget = (long) budgetPerItem * count + budgetExtra;
        for (long attempt = 0; taken < count && attempt < budget; attempt++) {
            int rank = popularity.drawRank(random);
            if (mark(rank)) {
                ranks[taken++] = rank;
            }
        }
        if (taken < count) {
            drawExactly(random, taken, count);
        }
        for (int k = 0; k < count; k++) {
            int rank = ranks[k];
            drawn[rank >>> 6] &= ~(1L << rank);
            out[k] = popularity.itemOfRank(rank);
        }
        Arrays.sort(out, 0, count);
    }

    /** True when {@code rank} was not drawn yet; marks it drawn. */
    private boolean mark(int rank) {
        long bit = 1L << rank;
        long word = drawn[rank >>> 6];
        if ((word & bit) != 0) {
            return false;
        }
        drawn[rank >>> 6] = word | bit;
        return true;
    }

    private void drawExactly(SplittableRandom random, int taken, int count) {
        if (tree == null) {
            buildTree();
        }
        for (int k = 0; k < taken; k++) {
            setLeaf(ranks[k], 0.0);
        }
        while (taken < count) {
            int rank = descend(random.nextDouble() * tree[1]);
            if (mark(rank)) { // always, as descend only lands on positive leaves
                ranks[taken++] = rank;
                setLeaf(rank, 0.0);
            }
        }
        for (int k = 0; k < count; k++) {
            int rank = ranks[k];
            setLeaf(rank, popularity.weight(rank));
        }
    }

    private void buildTree() {
        leaves = Integer.highestOneBit(Math.max(1, n - 1)) << 1;
        tree = new double[2 * leaves];
        for (int r = 0; r < n; r++) {
            tree[leaves + r] = popularity.weight(r);
        }
        for (int node = leaves - 1; node >= 1; node--) {
            tree[node] = tree[2 * node] + tree[2 * node + 1];
        }
    }

    private void setLeaf(int rank, double weight) {
        int node = leaves + rank;
        tree[node] = weight;
        for (node >>>= 1; node >= 1; node >>>= 1) {
            tree[node] = tree[2 * node] + tree[2 * node + 1];
        }
    }

    /**
     * The rank whose cumulative weight interval holds {@code target}; never a zero-weight leaf,
     * even when rounding pushes the target past an interval's end.
     */
    private int descend(double target) {
        int node = 1;
        while (node < leaves) {
            double left = tree[2 * node];
            double right = tree[2 * node + 1];
            if (right == 0.0 || (left > 0.0 && target < left)) {
                node = 2 * node;
            } else {
                target -= left;
                node = 2 * node + 1;
            }
        }
        return node - leaves;
    }
}
