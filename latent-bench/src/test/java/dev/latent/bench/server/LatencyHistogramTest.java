package dev.latent.bench.server;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyHistogramTest {

    @Test
    void valueAt_empty_isZero() {
        LatencyHistogram histogram = new LatencyHistogram();
        assertEquals(0, histogram.count());
        assertEquals(0, histogram.valueAt(99));
        assertEquals(0, histogram.min());
        assertEquals(0, histogram.max());
        assertEquals(0.0, histogram.mean());
    }

    @Test
    void valueAt_valuesBelow256ns_areExact() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (long v = 100; v >= 1; v--) {
            histogram.record(v);
        }
        assertEquals(100, histogram.count());
        assertEquals(1, histogram.valueAt(0));
        assertEquals(1, histogram.valueAt(1));
        assertEquals(50, histogram.valueAt(50));
        assertEquals(51, histogram.valueAt(50.5));
        assertEquals(90, histogram.valueAt(90));
        assertEquals(99, histogram.valueAt(99));
        assertEquals(100, histogram.valueAt(99.9));
        assertEquals(100, histogram.valueAt(100));
        assertEquals(1, histogram.min());
        assertEquals(100, histogram.max());
        assertEquals(50.5, histogram.mean());
    }

    @Test
    void valueAt_oneMillisecond_isItsBucketTop_andTheTopValueIsCappedAtTheMax() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(2_000_000);
        histogram.record(1_000_000);
        // 1 ms lies in [244·2^12, 245·2^12) = [999 424, 1 003 520); 2 ms in [1 998 848, 2 007 040).
        assertEquals(1_003_519, histogram.valueAt(50));
        assertEquals(2_000_000, histogram.valueAt(50.1));
        assertEquals(2_000_000, histogram.valueAt(100));
        assertEquals(1_500_000.0, histogram.mean());
    }

    @Test
    void valueAt_rank_isTheCeilingOfPercentileTimesCount() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int k = 0; k < 999; k++) {
            histogram.record(1_000_000);
        }
        histogram.record(50_000_000);
        assertEquals(1_003_519, histogram.valueAt(99.9)); // rank 999
        assertEquals(50_000_000, histogram.valueAt(99.95)); // rank 1000
        assertEquals(1_003_519, histogram.valueAt(99));
    }

    @Test
    void record_beyondTheTrackedRange_reportsTheExactMaximum() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(1_000_000);
        histogram.record(100_000_000_000L);
        assertEquals(1_003_519, histogram.valueAt(50));
        assertEquals(100_000_000_000L, histogram.valueAt(99));
        assertEquals(100_000_000_000L, histogram.max());
    }

    @Test
    void record_negative_countsAsZero() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(-5);
        assertEquals(1, histogram.count());
        assertEquals(0, histogram.valueAt(100));
        assertEquals(0, histogram.min());
    }

    @Test
    void indexOf_bucketBoundaries_areKnown() {
        assertEquals(255, LatencyHistogram.indexOf(255));
        assertEquals(256, LatencyHistogram.indexOf(256));
        assertEquals(256, LatencyHistogram.indexOf(257));
        assertEquals(257, LatencyHistogram.indexOf(258));
        assertEquals(12 * 128 + 244, LatencyHistogram.indexOf(1_000_000));
        assertEquals(999_424, LatencyHistogram.lowestEquivalent(LatencyHistogram.indexOf(1_000_000)));
        assertEquals(3_840, LatencyHistogram.BUCKETS);
        assertEquals(LatencyHistogram.BUCKETS - 1, LatencyHistogram.indexOf(LatencyHistogram.HIGHEST_TRACKED));
        assertTrue(LatencyHistogram.HIGHEST_TRACKED > 60_000_000_000L, "one minute must have a bucket of its own range");
    }

    @Test
    void buckets_tileTheRange_eachWithinOne128thOfItsValues() {
        assertEquals(0, LatencyHistogram.lowestEquivalent(0));
        for (int index = 0; index < LatencyHistogram.BUCKETS; index++) {
            long low = LatencyHistogram.lowestEquivalent(index);
            long high = LatencyHistogram.highestEquivalent(index);
            assertEquals(index, LatencyHistogram.indexOf(low), "lowest of " + index);
            assertEquals(index, LatencyHistogram.indexOf(high), "highest of " + index);
            assertTrue(128 * (high - low) <= low, "bucket " + index + " = [" + low + ", " + high + "] is too wide");
            if (index + 1 < LatencyHistogram.BUCKETS) {
                assertEquals(high + 1, LatencyHistogram.lowestEquivalent(index + 1), "gap after " + index);
            }
        }
        assertEquals(LatencyHistogram.HIGHEST_TRACKED, LatencyHistogram.highestEquivalent(LatencyHistogram.BUCKETS - 1));
    }

    @Test
    void valueAt_fromOneMicrosecondToOneMinute_isNeverBelowAndWithinOnePercentAbove() {
        for (long value = 1_000; value <= 60_000_000_000L; value = value * 1_013 / 1_000 + 7) {
            LatencyHistogram histogram = new LatencyHistogram();
            histogram.record(value);
            histogram.record(Long.MAX_VALUE / 4); // keeps the cap at the maximum out of the way
            long reported = histogram.valueAt(50);
            assertTrue(reported >= value && reported <= value + value / 100, value + " reported as " + reported);
        }
    }

    @Test
    void valueAt_outsideZeroToHundred_throws() {
        LatencyHistogram histogram = new LatencyHistogram();
        assertThrows(IllegalArgumentException.class, () -> histogram.valueAt(-1));
        assertThrows(IllegalArgumentException.class, () -> histogram.valueAt(100.5));
        assertThrows(IllegalArgumentException.class, () -> histogram.valueAt(Double.NaN));
    }

    @Test
    void record_fromManyThreads_losesNothing() throws InterruptedException {
        LatencyHistogram histogram = new LatencyHistogram();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            long value = 1_000L * (t + 1);
            threads.add(Thread.ofPlatform().start(() -> {
                for (int k = 0; k < 50_000; k++) {
                    histogram.record(value);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(200_000, histogram.count());
        assertEquals(1_000, histogram.min());
        assertEquals(4_000, histogram.max());
        assertEquals(2_500.0, histogram.mean());
        assertEquals(2_007, histogram.valueAt(50)); // 2 000 lies in [2 000, 2 007]
    }
}
