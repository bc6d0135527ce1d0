package dev.latent.server;

import dev.latent.recommend.Query;
import dev.latent.recommend.ScoredItem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Scores the top-N requests that arrive together in one pass over the item factors
 * ({@link dev.latent.recommend.Recommender#recommend(List)}).
 *
 * <p>Why: ranking a large catalogue is bound by memory bandwidth, not arithmetic. With 100,000
 * items of rank 64, one request streams 25.6 MB of item factors from memory, so requests scored
 * one by one cost the same stream each; scored together, each block of factors is read once and
 * scored for every waiting user while it is in cache. Under light load a request is scored alone,
 * at once; as load grows, the requests queued during one pass form the next batch, so throughput
 * grows with load instead of latency.
 *
 * <p>A fixed set of platform threads takes what is queued (up to {@value #MAX_BATCH} requests),
 * groups it by served model, and completes each request's future; the request's own (virtual)
 * thread waits on it.
 */
final class BatchScorer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchScorer.class);
    static final int MAX_BATCH = 32;

    private record Pending(ServingModel serving, Query query, CompletableFuture<List<ScoredItem>> result) {
    }

    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closed;

    /** Starts {@code threads} scoring threads. */
    BatchScorer(int threads) {
        for (int k = 0; k < threads; k++) {
            workers.add(Thread.ofPlatform().daemon().name("latent-scoring-" + k).start(this::run));
        }
    }

    /** The top items for {@code query} on {@code serving}'s model, scored in the next batch. */
    List<ScoredItem> recommend(ServingModel serving, Query query) {
        Pending pending = new Pending(serving, query, new CompletableFuture<>());
        if (closed) {
            throw new HttpError(503, "the server is shutting down");
        }
        queue.add(pending);
        try {
            return pending.result().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (!closed) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            score(batch);
            batch.clear();
        }
        failAll(new HttpError(503, "the server is shutting down"));
    }

    /** One pass per served model in the batch (a swap can put two in one batch). */
    private static void score(List<Pending> batch) {
        Map<ServingModel, List<Pending>> byModel = new IdentityHashMap<>();
        for (Pending pending : batch) {
            byModel.computeIfAbsent(pending.serving(), serving -> new ArrayList<>()).add(pending);
        }
        byModel.forEach((serving, group) -> {
            try {
                List<List<ScoredItem>> results = serving.recommender().recommend(group.stream().map(Pending::query).toList());
                for (int k = 0; k < group.size(); k++) {
                    group.get(k).result().complete(results.get(k));
                }
            } catch (RuntimeException | Error e) {
                LOG.error("scoring a batch of {} failed", group.size(), e);
                group.forEach(pending -> pending.result().completeExceptionally(e));
            }
        });
    }

    private void failAll(RuntimeException reason) {
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(pending -> pending.result().completeExceptionally(reason));
    }

    /** Stops the scoring threads; requests still queued get 503. */
    @Override
    public void close() {
        closed = true;
        workers.forEach(Thread::interrupt);
        failAll(new HttpError(503, "the server is shutting down"));
    }
}
