package dev.latent.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/** The trainers' parallel loops: indices handed out in order to a fixed set of workers, failures rethrown. */
public final class Parallel {
    private Parallel() {
    }

    /**
     * A fixed pool of {@code threads} daemon threads named {@code name-1}, {@code name-2}, …, or
     * null when {@code threads} is 1 or less: the work then runs on the calling thread (as
     * {@link #forEach} does with a null pool). The caller shuts it down.
     */
    public static ExecutorService pool(int threads, String name) {
        if (threads <= 1) {
            return null;
        }
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Runs {@code body} once for every index in 0..count-1 and returns when all have finished.
     * With a pool, up to {@code threads} workers take the next free index until none is left;
     * without one (null), the indices run in order on the calling thread. A failure in any index
     * is rethrown here.
     */
    public static void forEach(ExecutorService pool, int threads, int count, IntConsumer body) {
        if (pool == null || threads <= 1 || count <= 1) {
            for (int index = 0; index < count; index++) {
                body.accept(index);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        List<Callable<Void>> workers = new ArrayList<>();
        for (int t = 0; t < Math.min(threads, count); t++) {
            workers.add(() -> {
                for (int index; (index = next.getAndIncrement()) < count; ) {
                    body.accept(index);
                }
                return null;
            });
        }
        invokeAll(pool, workers);
    }

    /**
     * Runs {@code tasks} on {@code pool} and returns when all have finished, rethrowing the first
     * failure (in task order) as it was thrown; an interrupt ends the wait with an
     * {@link IllegalStateException}.
     */
    public static void invokeAll(ExecutorService pool, List<Callable<Void>> tasks) {
        try {
            for (Future<Void> done : pool.invokeAll(tasks)) {
                done.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("a training thread failed", e.getCause());
        }
    }
}
