package dev.latent.data;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Splits the packing of a large rating matrix (sorting rows, deriving columns) over threads, by
 * ranges of users holding about equal numbers of ratings. Results never depend on the number of
 * threads; small matrices are packed on the calling thread alone.
 */
final class Packing {
    /** Matrices with fewer ratings than this are packed by one thread; more get a thread per this many. */
    static final int RATINGS_PER_THREAD = 1 << 20;
    private static final int MAX_THREADS = 8;

    private Packing() {
    }

    /** How many threads to pack {@code ratings} ratings with. */
    static int threads(long ratings) {
        long useful = ratings / RATINGS_PER_THREAD;
        return (int) Math.max(1, Math.min(useful, Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors())));
    }

    /**
     * Bounds {@code b[0] = 0 <= b[1] <= ... <= b[parts] = users} such that users
     * {@code b[r] .. b[r+1]-1} hold about a {@code parts}-th of the ratings; {@code rowStart} are
     * the CSR row offsets.
     */
    static int[] userRanges(int[] rowStart, int parts) {
        int users = rowStart.length - 1;
        long ratings = rowStart[users];
        int[] bounds = new int[parts + 1];
        int u = 0;
        for (int r = 1; r < parts; r++) {
            long target = ratings * r / parts;
            while (u < users && rowStart[u] < target) {
                u++;
            }
            bounds[r] = u;
        }
        bounds[parts] = users;
        return bounds;
    }

    /** Runs {@code task} for ranges {@code 0 .. count-1}, each on its own thread, the first on this one; rethrows a failure. */
    static void run(int count, IntConsumer task) {
        if (count == 1) {
            task.accept(0);
            return;
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] workers = new Thread[count - 1];
        for (int r = 1; r < count; r++) {
            int range = r;
            workers[r - 1] = Thread.ofPlatform().daemon().name("latent-pack-" + r).start(() -> {
                try {
                    task.accept(range);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            });
        }
        try {
            task.accept(0);
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
        boolean interrupted = false;
        for (Thread worker : workers) {
            while (true) {
                try {
                    worker.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        switch (failure.get()) {
            case null -> { }
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            case Throwable t -> throw new IllegalStateException(t);
        }
    }
}
