package dev.latent.synth;

import java.util.SplittableRandom;

/**
 * A Zipf-like popularity over items: the item of popularity rank r (0-based) has weight
 * {@code 1/(r+1)^s}, and which item holds which rank is a seeded permutation. Immutable, shared by
 * all {@link ItemSampler}s.
 *
 * <p>Draws with replacement use Walker's alias method (Vose's construction): one 64-bit random per
 * draw, its high half picking a slot by multiply-shift and its low half deciding between the
 * slot's own rank and its alias. Each slot's own probability is kept to 2^-32, so a rank whose
 * weight is below about {@code 2^-32/n} of the total is not reached by this path.
 */
final class ItemPopularity {
    private final int[] itemOfRank;
    private final double[] weights;
    /** Unsigned 32-bit thresholds: the low half of the random below it keeps the slot's own rank. */
    private final int[] threshold;
    private final int[] alias;

    ItemPopularity(int items, double exponent, SplittableRandom random) {
        itemOfRank = new int[items];
        for (int i = 0; i < items; i++) {
            itemOfRank[i] = i;
        }
        for (int i = items - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = itemOfRank[i];
            itemOfRank[i] = itemOfRank[j];
            itemOfRank[j] = t;
        }
        weights = new double[items];
        double total = 0;
        for (int r = 0; r < items; r++) {
            weights[r] = exponent == 0 ? 1.0 : Math.pow(r + 1, -exponent);
            total += weights[r];
        }
        threshold = new int[items];
        alias = new int[items];
        buildAliasTable(total);
    }

    /** Vose: pair each under-full slot with an over-full rank that tops it up. */
    private void buildAliasTable(double total) {
        int n = weights.length;
        double[] scaled = new double[n];
        int[] small = new int[n];
        int[] large = new int[n];
        int smalls = 0;
        int larges = 0;
        for (int r = n - 1; r >= 0; r--) {
            scaled[r] = weights[r] * n / total;
            if (scaled[r] < 1.0) {
                small[smalls++] = r;
            } else {
                large[larges++] = r;
            }
        }
        while (smalls > 0 && larges > 0) {
            int s = small[--smalls];
            int l = large[--larges];
            threshold[s] = toThreshold(scaled[s]);
            alias[s] = l;
            scaled[l] = (scaled[l] + scaled[s]) - 1.0;
            if (scaled[l] < 1.0) {
                small[smalls++] = l;
            } else {
                large[larges++] = l;
            }
        }
        // What is left is full up to rounding: it keeps its own rank always.
        while (larges > 0) {
            int l = large[--larges];
            threshold[l] = -1;
            alias[l] = l;
        }
        while (smalls > 0) {
            int s = small[--smalls];
            threshold[s] = -1;
            alias[s] = s;
        }
    }

    private static int toThreshold(double probability) {
        return (int) Math.min(0xFFFF_FFFFL, (long) (probability * 0x1_0000_0000L));
    }

    int itemCount() {
        return itemOfRank.length;
    }

    /** The item (0-based) at popularity rank {@code rank} (0 = most popular). */
    int itemOfRank(int rank) {
        return itemOfRank[rank];
    }

    /** The unnormalised weight of popularity rank {@code rank}. */
    double weight(int rank) {
        return weights[rank];
    }

    /** A popularity rank drawn with replacement; consumes one {@code nextLong()}. */
    int drawRank(SplittableRandom random) {
        long bits = random.nextLong();
        int slot = (int) (((bits >>> 32) * itemOfRank.length) >>> 32);
        return Integer.compareUnsigned((int) bits, threshold[slot]) < 0 ? slot : alias[slot];
    }
}
