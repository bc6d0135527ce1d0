package dev.latent.train.als;

import dev.latent.train.Parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one parallel loop of the ALS package: rows cut into ranges of fixed size, handed out in
 * order to a fixed set of workers, each of which brings its own scratch (its worker number).
 *
 * <p>Every range's result lands in a slot of its own and the slots are added in range order; the
 * ranges depend on the row count and range size alone. So as long as a task writes only the rows
 * of its range, nothing depends on which worker took which range or on how many workers there are.
 */
final class RowPool implements AutoCloseable {

    /** The work on one range of rows. */
    @FunctionalInterface
    interface RangeTask {
        /**
         * Handles rows {@code from .. to-1} on worker {@code worker} ({@code 0 ≤ worker <
         * workers()}) and returns a partial sum for the caller (0 when there is none).
         */
        double run(int worker, int from, int to);
    }

    private final int workers;
    private final ExecutorService pool;

    /** A pool of {@code threads} daemon threads; one thread runs everything on the caller's thread. */
    RowPool(int threads, String name) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive but was " + threads);
        }
        workers = threads;
        pool = Parallel.pool(threads, name);
    }

    /** How many workers there are, so callers can size one scratch per worker. */
    int workers() {
        return workers;
    }

    /**
     * Runs {@code task} on the ranges {@code [j·range, min((j+1)·range, rows))} and returns the sum
     * of their results, added in range order, once all have finished. A failure in any range is
     * rethrown here.
     */
    double forEachRange(int rows, int range, RangeTask task) {
        int ranges = (rows + range - 1) / range;
        double[] partial = new double[ranges];
        if (pool == null || ranges <= 1) {
            for (int j = 0; j < ranges; j++) {
                partial[j] = task.run(0, j * range, Math.min(rows, (j + 1) * range));
            }
        } else {
            AtomicInteger next = new AtomicInteger();
            List<Callable<Void>> callables = new ArrayList<>(workers);
            for (int w = 0; w < Math.min(workers, ranges); w++) {
                int worker = w;
                callables.add(() -> {
                    for (int j; (j = next.getAndIncrement()) < ranges; ) {
                        partial[j] = task.run(worker, j * range, Math.min(rows, (j + 1) * range));
                    }
                    return null;
                });
            }
            Parallel.invokeAll(pool, callables);
        }
        double sum = 0;
        for (double value : partial) {
            sum += value;
        }
        return sum;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
