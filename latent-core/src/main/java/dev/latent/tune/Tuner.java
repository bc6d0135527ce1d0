package dev.latent.tune;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a {@link Search} against an {@link Objective} on a pool of threads, replaying and extending
 * a {@link Journal}.
 *
 * <p>Call order of a tuning run:
 * <pre>{@code
 * ParameterSpace space = ParameterSpace.parse("factors=16,32,64;lr=0.005,0.01,0.02");
 * List<Split> splits = new KFoldSplitter(5, seed).split(data);
 * TrialRunner runner = new TrialRunner(splits, Metric.RMSE, configuration -> trainerFor(configuration), true);
 * Search search = new LineSearch(space, runner.metric().higherIsBetter());
 * try (Journal journal = Journal.open(file, runDescription)) {          // or null: no journal
 *     TuneResult result = new Tuner(runner, false, threads).run(search, journal, TrialListener.NONE);
 *     result.best();
 * }
 * }</pre>
 * Each batch the search proposes is evaluated in parallel, one trial per thread; a configuration
 * found in the journal is taken from it instead. Results are handed back to the search sorted by
 * trial index, and the final ranking is by metric then index, so nothing depends on scheduling.
 */
public final class Tuner {
    private final Objective objective;
    private final Comparator<TrialResult> ranking;
    private final int threads;

    public Tuner(Objective objective, boolean higherIsBetter, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive but was " + threads);
        }
        this.objective = Objects.requireNonNull(objective, "objective");
        this.ranking = TrialResult.ranking(higherIsBetter);
        this.threads = threads;
    }

    /**
     * Every trial the search proposed, best first, with how many ran and how many came from the
     * journal.
     *
     * @param trials   all results ranked best first (metric, then trial index)
     * @param ran      trials evaluated in this run
     * @param replayed trials taken from the journal
     */
    public record TuneResult(List<TrialResult> trials, int ran, int replayed) {
        public TuneResult {
            trials = List.copyOf(trials);
        }

        public TrialResult best() {
            return trials.getFirst();
        }
    }

    /** Runs {@code search} to its end; {@code journal} may be null. */
    public TuneResult run(Search search, Journal journal, TrialListener listener) {
        List<TrialResult> done = new ArrayList<>();
        int ran = 0;
        int replayed = 0;
        int[] finished = {0};
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "latent-tune");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Configuration> batch;
            while (!(batch = search.next(List.copyOf(done))).isEmpty()) {
                List<Future<TrialResult>> running = new ArrayList<>();
                List<TrialResult> results = new ArrayList<>();
                for (Configuration configuration : batch) {
                    int index = done.size() + results.size() + running.size();
                    TrialResult old = journal == null ? null : journal.find(configuration).orElse(null);
                    if (old != null) {
                        TrialResult result = old.withIndex(index);
                        results.add(result);
                        replayed++;
                        report(listener, result, true, finished, search);
                    } else {
                        running.add(pool.submit(() -> {
                            TrialResult result = objective.evaluate(index, configuration);
                            if (journal != null) {
                                journal.append(result);
                            }
                            report(listener, result, false, finished, search);
                            return result;
                        }));
                    }
                }
                for (Future<TrialResult> future : running) {
                    results.add(await(future));
                    ran++;
                }
                results.sort(Comparator.comparingInt(TrialResult::index));
                done.addAll(results);
            }
        } finally {
            pool.shutdownNow();
        }
        if (done.isEmpty()) {
            throw new IllegalStateException("the search proposed no configuration");
        }
        List<TrialResult> ranked = new ArrayList<>(done);
        ranked.sort(ranking);
        return new TuneResult(ranked, ran, replayed);
    }

    private synchronized void report(TrialListener listener, TrialResult result, boolean fromJournal, int[] finished,
                                     Search search) {
        listener.onTrial(result, fromJournal, ++finished[0], search.maxTrials());
    }

    private static TrialResult await(Future<TrialResult> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("tuning interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }
}
