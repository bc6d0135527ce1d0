package dev.latent.bench.server;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Latencies in nanoseconds counted in log-linear buckets, safe to record into from many threads;
 * a percentile is never below the true value and at most 1/128 (0.79%) above it.
 *
 * <p>Design (the layout of Gil Tene's HdrHistogram, with 7 significant bits): values below 256 ns
 * have a bucket each; above that, each power-of-two range {@code [2^m, 2^(m+1))} is cut into 128
 * equal buckets of width {@code 2^(m-7)}, so a bucket is never wider than 1/128 of the values in it.
 * A percentile reports its bucket's highest value (capped at the exact maximum), which is why it
 * errs upwards only. The buckets reach 2^36 ns (68.7 s, above the one minute a request may take);
 * larger values land in the last bucket, and a percentile that falls there reports the exact
 * maximum. Negative values count as 0. 3,840 counters, 30 KB.
 */
public final class LatencyHistogram {
    static final int SUB_BITS = 7;
    private static final int SUB = 1 << SUB_BITS;
    /** The largest value with a bucket of its own range: 2^36 − 1 ns. */
    static final long HIGHEST_TRACKED = (1L << 36) - 1;
    static final int BUCKETS = indexOf(HIGHEST_TRACKED) + 1;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final LongAdder count = new LongAdder();
    private final LongAdder sum = new LongAdder();
    private final AtomicLong min = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong max = new AtomicLong(Long.MIN_VALUE);

    /** Counts one latency of {@code nanos} nanoseconds. */
    public void record(long nanos) {
        long value = Math.max(0, nanos);
        counts.incrementAndGet(indexOf(Math.min(value, HIGHEST_TRACKED)));
        count.increment();
        sum.add(value);
        min.accumulateAndGet(value, Math::min);
        max.accumulateAndGet(value, Math::max);
    }

    /** How many values were recorded. */
    public long count() {
        return count.sum();
    }

    /** The smallest value recorded, exactly; 0 when empty. */
    public long min() {
        return count() == 0 ? 0 : min.get();
    }

    /** The largest value recorded, exactly; 0 when empty. */
    public long max() {
        return count() == 0 ? 0 : max.get();
    }

    /** The mean of the values recorded, exactly (up to the sum's long range); 0 when empty. */
    public double mean() {
        long n = count();
        return n == 0 ? 0 : (double) sum.sum() / n;
    }

    /**
     * The value at {@code percentile} (0..100): the highest value of the bucket holding the value of
     * rank ⌈percentile·count/100⌉ (at least 1) in ascending order, capped at {@link #max}; 0 when empty.
     */
    public long valueAt(double percentile) {
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in 0..100 but was " + percentile);
        }
        long n = count();
        if (n == 0) {
            return 0;
        }
        // The epsilon keeps a product such as 99.9 × 1000 / 100 = 999.0000000000001 from rounding up to 1000.
        long rank = Math.max(1, (long) Math.ceil(percentile * n / 100.0 - 1e-9));
        long seen = 0;
        for (int index = 0; index < BUCKETS; index++) {
            seen += counts.get(index);
            if (seen >= rank) {
                return index == BUCKETS - 1 ? max() : Math.min(highestEquivalent(index), max());
            }
        }
        return max(); // only when records race with this read
    }

    /** The bucket of a value in 0..{@link #HIGHEST_TRACKED}. */
    static int indexOf(long value) {
        if (value < 2 * SUB) {
            return (int) value;
        }
        int shift = 63 - Long.numberOfLeadingZeros(value) - SUB_BITS; // ≥ 1: the bucket width is 2^shift
        return shift * SUB + (int) (value >>> shift);
    }

    /** The smallest value in bucket {@code index}. */
    static long lowestEquivalent(int index) {
        if (index < 2 * SUB) {
            return index;
        }
        int shift = index / SUB - 1;
        return (long) (index % SUB + SUB) << shift;
    }

    /** The largest value in bucket {@code index}. */
    static long highestEquivalent(int index) {
        return index + 1 < 2 * SUB ? index : lowestEquivalent(index + 1) - 1;
    }
}
