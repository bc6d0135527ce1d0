package dev.latent.train.als;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RowPoolTest {

    @Test
    void forEachRange_anyThreadCount_visitsEveryRowOnceInItsFixedRange() {
        for (int threads = 1; threads <= 3; threads++) {
            try (RowPool pool = new RowPool(threads, "test")) {
                AtomicIntegerArray visits = new AtomicIntegerArray(101);
                pool.forEachRange(101, 10, (worker, from, to) -> {
                    assertEquals(0, from % 10);
                    assertEquals(Math.min(101, from + 10), to);
                    for (int row = from; row < to; row++) {
                        visits.incrementAndGet(row);
                    }
                    return 0;
                });
                for (int row = 0; row < 101; row++) {
                    assertEquals(1, visits.get(row), threads + " threads, row " + row);
                }
            }
        }
    }

    @Test
    void forEachRange_partialSums_addedInRangeOrderWhateverTheThreads() {
        // Terms whose float sum depends on the order: 1e16 + 1 + ... − 1e16.
        double expected = 0;
        for (int j = 0; j < 40; j++) {
            expected += term(j);
        }
        for (int threads = 1; threads <= 3; threads++) {
            try (RowPool pool = new RowPool(threads, "test")) {
                double sum = pool.forEachRange(40, 1, (worker, from, to) -> term(from));
                assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(sum), threads + " threads");
            }
        }
    }

    private static double term(int j) {
        return j == 0 ? 1e16 : j == 39 ? -1e16 : 1.0 / j;
    }

    @Test
    void forEachRange_workerNumbers_belowTheThreadCount() {
        try (RowPool pool = new RowPool(3, "test")) {
            assertEquals(3, pool.workers());
            pool.forEachRange(1000, 7, (worker, from, to) -> {
                assertTrue(worker >= 0 && worker < 3, "worker " + worker);
                return 0;
            });
        }
    }

    @Test
    void forEachRange_failingRange_rethrowsTheSameException() {
        IllegalStateException failure = new IllegalStateException("row 57");
        for (int threads = 1; threads <= 2; threads++) {
            try (RowPool pool = new RowPool(threads, "test")) {
                RowPool.RangeTask failAtRow57 = (worker, from, to) -> {
                    if (from <= 57 && 57 < to) {
                        throw failure;
                    }
                    return 0;
                };
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> pool.forEachRange(100, 8, failAtRow57));
                assertSame(failure, e);
            }
        }
    }

    @Test
    void forEachRange_noRows_returnsZero() {
        try (RowPool pool = new RowPool(2, "test")) {
            assertEquals(0.0, pool.forEachRange(0, 32, (worker, from, to) -> 1));
        }
    }

    @Test
    void constructor_noThreads_throws() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RowPool(0, "test"));

        assertEquals("threads must be positive but was 0", e.getMessage());
    }
}
