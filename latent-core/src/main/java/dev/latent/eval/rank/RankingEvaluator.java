package dev.latent.eval.rank;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.recommend.TopN;
import dev.latent.train.ConfigChecks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Top-N evaluation of an {@link ItemScorer} against held-out interactions: each user's top
 * {@code k} items are compared with the items the user has in the test list.
 *
 * <p>Relevance is implicit: every held-out interaction is relevant, whatever its rating value.
 * Test ratings with an unknown user or item (index -1), repeats of a (user, item) pair and items
 * the user already has in training are skipped and counted; users left with at least one relevant
 * item are evaluated, and every metric is the mean over them.
 *
 * <p>Candidates. With {@code sampledNegatives = 0} a user's candidates are the full catalogue (every
 * item of the training indexes, including items nobody rated in training, which score whatever
 * the scorer gives them) minus the user's training items. With {@code sampledNegatives = N > 0}
 * they are the NCF protocol's (He et al. 2017, "Neural Collaborative Filtering"): the user's
 * held-out items plus N items drawn uniformly without replacement from those the user has in
 * neither training nor test (all of them when fewer remain), from a generator seeded by
 * {@code seed} and the user, so the draw does not depend on the thread count.
 *
 * <p>Metrics for one user with relevant set R, hits the relevant items among the top k (ranks
 * 1..k, ties by lower item index as in {@link TopN}):
 * <ul>
 * <li>precision@k = hits / k (k even when there are fewer candidates);</li>
 * <li>recall@k = hits / |R|;</li>
 * <li>NDCG@k = Σ over hits at rank r of 1/log2(r+1), divided by the same sum over ranks 1..min(k, |R|);</li>
 * <li>MAP@k = Σ over hits at rank r of (hits within ranks 1..r) / r, divided by min(k, |R|);</li>
 * <li>MRR@k = 1 / rank of the first hit, 0 when none is in the top k;</li>
 * <li>HR@k = 1 when some hit is in the top k, else 0;</li>
 * <li>coverage@k, over all users together: distinct items in any evaluated user's top k / catalogue size.</li>
 * </ul>
 *
 * <p>Use, as {@code latent evaluate --task rank} would: split, train on the training part, and
 * rank with the model and with the popularity baseline on the same split.
 * <pre>{@code
 * RatingMatrix data = new RatingReader(options).read(file).ratings();
 * Timestamps times = Timestamps.read(file, options, data).orElse(null);   // null: no 4th column
 * Split split = new LeaveOneOutSplitter(times, seed).split(data).getFirst();
 * RankingEvaluator evaluator = new RankingEvaluator(10, 0, seed, threads);  // 100 for the NCF protocol
 * RankingMetrics model = evaluator.evaluate(ItemScorer.of(trainer.train(split.train())),
 *         split.train(), split.test());
 * RankingMetrics popular = evaluator.evaluate(MostPopular.fit(split.train()), split.train(), split.test());
 * model.asMap();  // {ndcg@10=…, recall@10=…, precision@10=…, map@10=…, mrr@10=…, hr@10=…, coverage@10=…}
 * }</pre>
 *
 * <p>Design. Users are handed out in blocks to a fixed pool of {@code threads} workers; each worker
 * owns one score buffer, one bounded {@link TopN} heap and its marks, so nothing is allocated per
 * item. Per-user values land in arrays by user and are summed in user order at the end, which
 * makes the result independent of the thread count. A user's training items are excluded by
 * walking the user's sorted CSR row alongside the item loop.
 *
 * @param k                the cut-off, at least 1
 * @param sampledNegatives 0 to rank the full catalogue, else how many negatives to sample per user
 * @param seed             seeds the negative sampling
 * @param threads          worker threads, at least 1
 */
public record RankingEvaluator(int k, int sampledNegatives, long seed, int threads) {
    /** Users per block handed to a worker. */
    private static final int BLOCK = 32;

    public RankingEvaluator {
        ConfigChecks.positive("k", k);
        ConfigChecks.nonNegative("sampledNegatives", sampledNegatives);
        ConfigChecks.positive("threads", threads);
    }

    /** Full-catalogue ranking at cut-off {@code k} on {@code threads} threads. */
    public static RankingEvaluator fullCatalogue(int k, int threads) {
        return new RankingEvaluator(k, 0, 0, threads);
    }

    /**
     * Ranks the candidates of every user with a held-out item in {@code test} by {@code scorer}
     * and averages the metrics. {@code train} and {@code test} share indexes, as a {@code Split}'s
     * do, and the scorer scores the items of those indexes.
     *
     * @throws IllegalArgumentException when no test rating is left to evaluate
     */
    public RankingMetrics evaluate(ItemScorer scorer, RatingMatrix train, RatingList test) {
        Objects.requireNonNull(scorer, "scorer");
        Relevant relevant = Relevant.of(train, test);
        int count = relevant.users.length;
        if (count == 0) {
            throw new IllegalArgumentException("no test rating left to evaluate: all " + test.size()
                    + " have an unknown user or item or are in training");
        }
        double[][] perUser = new double[Measure.values().length][count];
        int blocks = (count + BLOCK - 1) / BLOCK;
        List<Worker> workers = new ArrayList<>();
        for (int t = 0; t < Math.min(threads, blocks); t++) {
            workers.add(new Worker(scorer, train, relevant));
        }
        AtomicInteger next = new AtomicInteger();
        runAll(workers, worker -> {
            for (int block; (block = next.getAndIncrement()) < blocks; ) {
                for (int slot = block * BLOCK, end = Math.min(count, slot + BLOCK); slot < end; slot++) {
                    worker.measure(slot, perUser);
                }
            }
        });
        double[] means = new double[perUser.length];
        for (int m = 0; m < perUser.length; m++) {
            double sum = 0;
            for (double value : perUser[m]) {
                sum += value;
            }
            means[m] = sum / count;
        }
        boolean[] recommended = new boolean[train.itemCount()];
        for (Worker worker : workers) {
            for (int item = 0; item < recommended.length; item++) {
                recommended[item] |= worker.recommended[item];
            }
        }
        int distinct = 0;
        for (boolean r : recommended) {
            distinct += r ? 1 : 0;
        }
        return new RankingMetrics(k, count, means[Measure.PRECISION.ordinal()], means[Measure.RECALL.ordinal()],
                means[Measure.NDCG.ordinal()], means[Measure.AP.ordinal()], means[Measure.RR.ordinal()],
                means[Measure.HIT.ordinal()], (double) distinct / recommended.length, relevant.skipped);
    }

    /** The ranked top-k items of {@code user}, best first, as {@link #evaluate} sees them; for tests. */
    int[] topItems(ItemScorer scorer, RatingMatrix train, RatingList test, int user) {
        Relevant relevant = Relevant.of(train, test);
        int slot = Arrays.binarySearch(relevant.users, user);
        Worker worker = new Worker(scorer, train, relevant);
        int n = slot >= 0 ? worker.rank(slot) : worker.rankUnlisted(user);
        return Arrays.copyOf(worker.top, n);
    }

    /** The negatives sampled for {@code user}, ascending; for tests. Empty when the user is not evaluated. */
    int[] negatives(RatingMatrix train, RatingList test, int user) {
        Relevant relevant = Relevant.of(train, test);
        int slot = Arrays.binarySearch(relevant.users, user);
        if (slot < 0 || sampledNegatives == 0) {
            return new int[0];
        }
        Worker worker = new Worker(null, train, relevant);
        int n = worker.sample(slot);
        int[] out = Arrays.copyOf(worker.candidates, n);
        Arrays.sort(out);
        return out;
    }

    private void runAll(List<Worker> workers, Consumer<Worker> body) {
        if (workers.size() == 1) {
            body.accept(workers.getFirst());
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers.size(), runnable -> {
            Thread thread = new Thread(runnable, "latent-rank");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (Worker worker : workers) {
                tasks.add(() -> {
                    body.accept(worker);
                    return null;
                });
            }
            for (Future<Void> done : pool.invokeAll(tasks)) {
                done.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("ranking evaluation was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("a ranking thread failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The per-user values, one array each in {@code evaluate}. */
    private enum Measure { PRECISION, RECALL, NDCG, AP, RR, HIT }

    /**
     * The evaluated users, ascending, and each one's relevant items, ascending, in CSR form:
     * slot s is user {@code users[s]} with items {@code items[start[s] .. start[s+1])}.
     */
    private record Relevant(int[] users, int[] start, int[] items, int skipped) {

        static Relevant of(RatingMatrix train, RatingList test) {
            Objects.requireNonNull(train, "train");
            Objects.requireNonNull(test, "test");
            int m = train.userCount();
            int n = train.itemCount();
            int[] rowStart = new int[m + 1];
            int known = 0;
            for (int r = 0; r < test.size(); r++) {
                int user = test.user(r);
                int item = test.item(r);
                if (user >= 0 && item >= 0) {
                    rowStart[Objects.checkIndex(user, m) + 1]++;
                    Objects.checkIndex(item, n);
                    known++;
                }
            }
            for (int u = 0; u < m; u++) {
                rowStart[u + 1] += rowStart[u];
            }
            int[] byUser = new int[known];
            int[] fill = Arrays.copyOf(rowStart, m);
            for (int r = 0; r < test.size(); r++) {
                if (test.user(r) >= 0 && test.item(r) >= 0) {
                    byUser[fill[test.user(r)]++] = test.item(r);
                }
            }
            // Sort each row, then keep each item once and only when the user does not have it in training.
            int users = 0;
            int kept = 0;
            int[] start = new int[m + 1];
            int[] userList = new int[m];
            for (int u = 0; u < m; u++) {
                int from = rowStart[u];
                int to = rowStart[u + 1];
                Arrays.sort(byUser, from, to);
                int before = kept;
                int trainPos = train.userStart(u);
                int trainEnd = train.userEnd(u);
                for (int p = from; p < to; p++) {
                    int item = byUser[p];
                    if (p > from && item == byUser[p - 1]) {
                        continue;
                    }
                    while (trainPos < trainEnd && train.itemAt(trainPos) < item) {
                        trainPos++;
                    }
                    if (trainPos < trainEnd && train.itemAt(trainPos) == item) {
                        continue;
                    }
                    byUser[kept++] = item;
                }
                if (kept > before) {
                    userList[users] = u;
                    start[users + 1] = kept;
                    users++;
                }
            }
            return new Relevant(Arrays.copyOf(userList, users), Arrays.copyOf(start, users + 1),
                    Arrays.copyOf(byUser, kept), test.size() - kept);
        }
    }

    /** One thread's buffers: scores, the heap, the drained top k, item marks and the sampled candidates. */
    private final class Worker {
        private final ItemScorer scorer;
        private final RatingMatrix train;
        private final Relevant relevant;
        private final float[] scores;
        private final TopN heap;
        private final int[] top;
        private final float[] topScores;
        /** {@code mark[i] == stamp}: item i is relevant (full mode) or taken (sampled mode) for the current user. */
        private final int[] mark;
        private int stamp;
        private final int[] candidates;
        private final boolean[] recommended;
        /** {@code discount[r] = 1/log2(r+2)}: the gain of a hit at 0-based rank r. */
        private final double[] discount;
        /** {@code ideal[j]}: the DCG of j hits at the top. */
        private final double[] ideal;

        Worker(ItemScorer scorer, RatingMatrix train, Relevant relevant) {
            this.scorer = scorer;
            this.train = train;
            this.relevant = relevant;
            int n = train.itemCount();
            scores = new float[n];
            heap = new TopN(k);
            top = new int[k];
            topScores = new float[k];
            mark = new int[n];
            candidates = new int[sampledNegatives == 0 ? 0 : Math.max(n, 1)];
            recommended = new boolean[n];
            discount = new double[k];
            ideal = new double[k + 1];
            for (int r = 0; r < k; r++) {
                discount[r] = 1 / (Math.log(r + 2) / Math.log(2));
                ideal[r + 1] = ideal[r] + discount[r];
            }
        }

        /** Ranks the user in {@code slot} and writes its six values at {@code perUser[measure][slot]}. */
        void measure(int slot, double[][] perUser) {
            int listed = rank(slot);
            int from = relevant.start[slot];
            int size = relevant.start[slot + 1] - from;
            nextStamp();
            for (int p = from; p < from + size; p++) {
                mark[relevant.items[p]] = stamp;
            }
            int hits = 0;
            int first = 0;
            double dcg = 0;
            double precisionSum = 0;
            for (int r = 0; r < listed; r++) {
                int item = top[r];
                recommended[item] = true;
                if (mark[item] == stamp) {
                    hits++;
                    dcg += discount[r];
                    precisionSum += (double) hits / (r + 1);
                    first = first == 0 ? r + 1 : first;
                }
            }
            int idealHits = Math.min(k, size);
            perUser[Measure.PRECISION.ordinal()][slot] = (double) hits / k;
            perUser[Measure.RECALL.ordinal()][slot] = (double) hits / size;
            perUser[Measure.NDCG.ordinal()][slot] = dcg / ideal[idealHits];
            perUser[Measure.AP.ordinal()][slot] = precisionSum / idealHits;
            perUser[Measure.RR.ordinal()][slot] = first == 0 ? 0 : 1.0 / first;
            perUser[Measure.HIT.ordinal()][slot] = hits > 0 ? 1 : 0;
        }

        /** Fills {@link #top} with the best-first top k of the user in {@code slot}; returns how many. */
        int rank(int slot) {
            int user = relevant.users[slot];
            scorer.score(user, scores);
            if (sampledNegatives == 0) {
                return rankCatalogue(user);
            }
            int sampled = sample(slot);
            for (int c = 0; c < sampled; c++) {
                heap.offer(candidates[c], scores[candidates[c]]);
            }
            for (int p = relevant.start[slot]; p < relevant.start[slot + 1]; p++) {
                heap.offer(relevant.items[p], scores[relevant.items[p]]);
            }
            return heap.drainTo(top, topScores);
        }

        /** The full-catalogue top k of a user with no relevant item; for {@link #topItems}. */
        int rankUnlisted(int user) {
            scorer.score(user, scores);
            return rankCatalogue(user);
        }

        /** Offers every item but the user's training items, walking the sorted CSR row alongside. */
        private int rankCatalogue(int user) {
            int p = train.userStart(user);
            int end = train.userEnd(user);
            int nextSeen = p < end ? train.itemAt(p) : Integer.MAX_VALUE;
            for (int item = 0; item < scores.length; item++) {
                if (item == nextSeen) {
                    p++;
                    nextSeen = p < end ? train.itemAt(p) : Integer.MAX_VALUE;
                    continue;
                }
                heap.offer(item, scores[item]);
            }
            return heap.drainTo(top, topScores);
        }

        /**
         * Draws the negatives of the user in {@code slot} into {@link #candidates}: items in neither
         * the user's training row nor relevant list, uniformly without replacement; returns how many.
         */
        int sample(int slot) {
            int user = relevant.users[slot];
            int n = scores.length;
            nextStamp();
            int excluded = 0;
            for (int p = train.userStart(user); p < train.userEnd(user); p++) {
                mark[train.itemAt(p)] = stamp;
                excluded++;
            }
            for (int p = relevant.start[slot]; p < relevant.start[slot + 1]; p++) {
                mark[relevant.items[p]] = stamp;
                excluded++;
            }
            int available = n - excluded;
            if (available <= sampledNegatives || 2L * available < n) {
                // Few left: list them all, then a partial Fisher–Yates picks the sample.
                int listed = 0;
                for (int item = 0; item < n; item++) {
                    if (mark[item] != stamp) {
                        candidates[listed++] = item;
                    }
                }
                if (listed <= sampledNegatives) {
                    return listed;
                }
                SplittableRandom random = randomFor(user);
                for (int j = 0; j < sampledNegatives; j++) {
                    int pick = j + random.nextInt(listed - j);
                    int t = candidates[j];
                    candidates[j] = candidates[pick];
                    candidates[pick] = t;
                }
                return sampledNegatives;
            }
            // At least half the catalogue is free: draw and reject, at most two draws a negative on average.
            SplittableRandom random = randomFor(user);
            for (int taken = 0; taken < sampledNegatives; ) {
                int item = random.nextInt(n);
                if (mark[item] != stamp) {
                    mark[item] = stamp;
                    candidates[taken++] = item;
                }
            }
            return sampledNegatives;
        }

        private SplittableRandom randomFor(int user) {
            // SplitMix64's finaliser over (seed, user): independent streams per user, whatever thread runs it.
            long z = seed + (user + 1L) * 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return new SplittableRandom(z ^ (z >>> 31));
        }

        private void nextStamp() {
            if (++stamp == 0) {
                Arrays.fill(mark, 0);
                stamp = 1;
            }
        }
    }
}
