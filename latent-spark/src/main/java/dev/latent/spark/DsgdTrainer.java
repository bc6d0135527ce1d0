package dev.latent.spark;

import dev.latent.data.IdIndex;
import dev.latent.math.VectorKernels;
import dev.latent.model.DataStats;
import dev.latent.model.FactorModel;
import dev.latent.train.EpochEvent;
import dev.latent.train.FactorInit;
import dev.latent.train.TrainingDivergedException;
import dev.latent.train.TrainingListener;
import dev.latent.train.sgd.BiasedMfConfig;
import dev.latent.train.sgd.BiasedMfTrainer;
import dev.latent.train.sgd.Schedule;
import dev.latent.train.sgd.SgdUpdate;
import dev.latent.train.sgd.SgdUpdate.Rows;

import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import scala.Function1;
import scala.Tuple2;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

import static org.apache.spark.sql.functions.col;

/**
 * Biased MF trained on Spark by distributed stratified SGD (Gemulla, Nijkamp, Haas, Sismanis,
 * "Large-scale matrix factorization with distributed stochastic gradient descent", KDD 2011),
 * returning the same {@link FactorModel} as single-machine {@link BiasedMfTrainer}.
 *
 * <p>Layout. Ids (any column type, read as strings) are collected, sorted and numbered, so the
 * dense indices are a function of the id sets alone. User u lies in user block {@code u mod d} at
 * local row {@code u / d}, item i likewise; rating (u, i) lies in grid block
 * {@code (u mod d)·d + (i mod d)}, which is also its partition of the cached block RDD. A block's
 * ratings are sorted by (user, item), so a recomputed partition equals the lost one.
 *
 * <p>Schedule. An epoch is d sub-epochs in an order drawn per epoch; sub-epoch s trains the d
 * blocks {@code (b, (b + s) mod d)}, which share no user and no item, as parallel tasks. The
 * driver broadcasts the rows of every user and item block (factors, bias and, with AdaGrad, the
 * squared-gradient sums that travel with them); each task copies the two it needs, runs the
 * per-rating step of single-machine biased MF ({@link SgdUpdate}) over its ratings in an order shuffled from a seed
 * drawn per block and epoch, and returns the updated rows, which the driver writes back. The
 * model is therefore a function of the data, the config and d alone, not of task placement.
 *
 * <p>Randomness: one {@link SplittableRandom} seeded with the config's seed; its splits draw, in
 * order, the user factors and the item factors (both N(0, initStd²) in index order, as
 * {@link FactorInit} does for every trainer), then each epoch's sub-epoch order and block seeds.
 *
 * <p>The driver holds the factors and, as the model needs them, every user's seen items: O(nnz)
 * ints. Validation and early stopping are not offered yet; {@code threads} and {@code blocks}
 * of the model config are ignored (d takes their place).
 */
public final class DsgdTrainer {
    public static final String ALGORITHM = BiasedMfTrainer.ALGORITHM;
    /** The value of the model parameter {@code trainer}, telling DSGD models from single-machine ones. */
    public static final String TRAINER = "dsgd";

    private static final Logger LOG = LoggerFactory.getLogger(DsgdTrainer.class);

    private final DsgdConfig config;

    public DsgdTrainer(DsgdConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public DsgdConfig config() {
        return config;
    }

    /** Trains on {@code ratings}; user and item columns may be of any type, ratings any number. */
    public FactorModel train(Dataset<Row> ratings, String userCol, String itemCol, String ratingCol) {
        return train(ratings, userCol, itemCol, ratingCol, TrainingListener.NONE);
    }

    /** As {@link #train(Dataset, String, String, String)}, with one event per epoch (no validation RMSE). */
    public FactorModel train(Dataset<Row> ratings, String userCol, String itemCol, String ratingCol,
                             TrainingListener listener) {
        Objects.requireNonNull(listener, "listener");
        long started = System.nanoTime();
        BiasedMfConfig mf = config.model();
        Dataset<Row> typed = ratings.select(col(userCol).cast("string").as("u"), col(itemCol).cast("string").as("i"),
                col(ratingCol).cast("float").as("r"));
        String[] userIds = sortedDistinct(typed, "u");
        String[] itemIds = sortedDistinct(typed, "i");
        int m = userIds.length;
        int n = itemIds.length;
        if (m == 0) {
            throw new IllegalArgumentException("cannot train on an empty rating dataset");
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(ratings.sparkSession().sparkContext());
        int d = Math.max(1, Math.min(config.strata() > 0 ? config.strata() : 2 * sc.defaultParallelism(), Math.min(m, n)));

        JavaRDD<Block> blocks = blockGrid(sc, typed, userIds, itemIds, d);
        try {
            List<Block> all = blocks.collect();
            Summary summary = Summary.of(all, m, d);
            if (summary.count == 0) {
                throw new IllegalArgumentException("cannot train on an empty rating dataset");
            }
            int k = mf.factors();
            boolean adaGrad = mf.schedule() instanceof Schedule.AdaGrad;
            float mu = (float) summary.mean();
            SplittableRandom root = new SplittableRandom(mf.seed());
            State state = new State(k, d,
                    FactorInit.gaussian(root.split(), m, k, mf.initStd(), row -> 1),
                    FactorInit.gaussian(root.split(), n, k, mf.initStd(), row -> 1), adaGrad);

            for (int epoch = 1; epoch <= mf.epochs(); epoch++) {
                long epochStarted = System.nanoTime();
                Step step = new Step(k, d, mu, mf.schedule().rate(mf.learningRate(), epoch), mf.regFactors(), mf.regBias());
                double sse = epoch(sc, blocks, state, step, root.split());
                double trainRmse = Math.sqrt(sse / summary.count);
                if (!Double.isFinite(trainRmse)) {
                    throw new TrainingDivergedException("training diverged in epoch " + epoch + " (the training error became "
                            + trainRmse + "); lower the learning rate (now " + mf.learningRate() + ") or raise the regularisation");
                }
                Duration epochTime = Duration.ofNanos(System.nanoTime() - epochStarted);
                LOG.info("dsgd epoch {}/{}: train RMSE {} in {} ms (d = {})", epoch, mf.epochs(),
                        String.format("%.5f", trainRmse), epochTime.toMillis(), d);
                listener.onEpoch(new EpochEvent(epoch, mf.epochs(), trainRmse, Double.NaN, epochTime,
                        Duration.ofNanos(System.nanoTime() - started)));
            }
            Map<String, String> parameters = new LinkedHashMap<>(mf.parameters());
            parameters.put("trainer", TRAINER);
            parameters.put(DsgdConfig.STRATA_PARAMETER, Integer.toString(d));
            DataStats stats = new DataStats(m, n, summary.count, summary.min, summary.max, summary.mean());
            return new FactorModel(ALGORITHM, parameters, mf.seed(), stats,
                    IdIndex.of("user", Arrays.asList(userIds)), IdIndex.of("item", Arrays.asList(itemIds)),
                    k, mu, state.bu, state.bi, state.p, state.q, summary.seenStart, summary.seenItems);
        } finally {
            blocks.unpersist(false);
        }
    }

    private static String[] sortedDistinct(Dataset<Row> typed, String column) {
        List<String> ids = typed.select(column).distinct().as(Encoders.STRING()).collectAsList();
        String[] sorted = ids.toArray(new String[0]);
        for (String id : sorted) {
            if (id == null) {
                throw new IllegalArgumentException("the " + (column.equals("u") ? "user" : "item") + " column holds a null id");
            }
        }
        Arrays.sort(sorted);
        return sorted;
    }

    /** The ratings as d × d cached blocks, partition b·d + c holding block (b, c). */
    private static JavaRDD<Block> blockGrid(JavaSparkContext sc, Dataset<Row> typed, String[] userIds, String[] itemIds, int d) {
        Broadcast<String[][]> ids = sc.broadcast(new String[][] {userIds, itemIds});
        try {
            JavaRDD<Block> blocks = typed.javaRDD()
                    .mapToPair(row -> {
                        String[][] index = ids.value();
                        int u = Arrays.binarySearch(index[0], row.getString(0));
                        int i = Arrays.binarySearch(index[1], row.getString(1));
                        if (row.isNullAt(2)) {
                            throw new IllegalArgumentException("null rating for user '" + row.getString(0)
                                    + "' and item '" + row.getString(1) + "'");
                        }
                        return new Tuple2<>((u % d) * d + i % d, new Entry(u, i, row.getFloat(2)));
                    })
                    .partitionBy(new GridPartitioner(d * d))
                    .mapPartitionsWithIndex((id, entries) -> List.of(Block.of(id, d, entries)).iterator(), true)
                    .cache();
            blocks.count();
            return blocks;
        } finally {
            ids.unpersist(false);
        }
    }

    /** One epoch of d sub-epochs; returns the sum of squared errors, added up in a fixed order. */
    private static double epoch(JavaSparkContext sc, JavaRDD<Block> blocks, State state, Step step, SplittableRandom random) {
        int d = step.d();
        int[] order = permutation(d, random);
        long[] seeds = random.longs((long) d * d).toArray();
        double sse = 0;
        for (int shift : order) {
            Rows[] userRows = new Rows[d];
            Rows[] itemRows = new Rows[d];
            for (int b = 0; b < d; b++) {
                userRows[b] = state.userRows(b);
                itemRows[b] = state.itemRows(b);
            }
            Broadcast<SubEpoch> broadcast = sc.broadcast(new SubEpoch(shift, step, seeds, userRows, itemRows));
            try {
                // Only the d partitions of the stratum become tasks: block (b, c) is partition b·d + c.
                Function1<Object, Object> inStratum = (Function1<Object, Object> & Serializable)
                        partition -> (int) partition % d == ((int) partition / d + shift) % d;
                List<Result> results = PartitionPruningRDD.create(blocks.rdd(), inStratum).toJavaRDD()
                        .map(block -> trainBlock(block, broadcast.value()))
                        .collect();
                for (Result result : results) {
                    state.write(result);
                    sse += result.sse;
                }
            } finally {
                broadcast.destroy();
            }
        }
        return sse;
    }

    /**
     * The task of one block: latent-core's per-rating update ({@link SgdUpdate}, as single-machine
     * biased MF runs it) over the block's ratings in a seeded shuffled order.
     */
    static Result trainBlock(Block block, SubEpoch sub) {
        Step step = sub.step;
        Rows users = sub.userRows[block.userBlock].copy();
        Rows items = sub.itemRows[block.itemBlock].copy();
        int size = block.values.length;
        int[] order = permutation(size, new SplittableRandom(sub.seeds[block.userBlock * step.d() + block.itemBlock]));
        int[] us = new int[size];
        int[] is = new int[size];
        float[] vs = new float[size];
        for (int e = 0; e < size; e++) {
            us[e] = block.localUsers[order[e]];
            is[e] = block.localItems[order[e]];
            vs[e] = block.values[order[e]];
        }
        SgdUpdate update = new SgdUpdate(VectorKernels.best(), step.k(), 0, step.mu(), true, step.regFactors(),
                step.regBias());
        double sse = update.run(step.learningRate(), users, items, us, is, vs, 0, size);
        return new Result(block.userBlock, block.itemBlock, users, items, sse);
    }

    /** A permutation of 0..size−1 drawn by Fisher–Yates. */
    private static int[] permutation(int size, SplittableRandom random) {
        int[] out = new int[size];
        for (int j = 0; j < size; j++) {
            out[j] = j;
        }
        for (int j = size - 1; j > 0; j--) {
            int r = random.nextInt(j + 1);
            int t = out[j];
            out[j] = out[r];
            out[r] = t;
        }
        return out;
    }

    /** The per-rating constants of one epoch. */
    record Step(int k, int d, float mu, float learningRate, float regFactors, float regBias)
            implements Serializable {
    }

    /** What every task of a sub-epoch reads: the rows of all blocks and the block seeds of the epoch. */
    record SubEpoch(int shift, Step step, long[] seeds, Rows[] userRows, Rows[] itemRows) implements Serializable {
    }

    /** One rating on its way to its block. */
    record Entry(int user, int item, float value) implements Serializable {
    }

    /** A task's answer: the updated rows of its user block and item block. */
    record Result(int userBlock, int itemBlock, Rows users, Rows items, double sse) implements Serializable {
    }

    /** Sends key b·d + c (an Integer) to partition b·d + c. */
    static final class GridPartitioner extends Partitioner {
        @Serial
        private static final long serialVersionUID = 1L;
        private final int partitions;

        GridPartitioner(int partitions) {
            this.partitions = partitions;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            return (Integer) key;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof GridPartitioner g && g.partitions == partitions;
        }

        @Override
        public int hashCode() {
            return partitions;
        }
    }

    /**
     * The ratings of grid block (userBlock, itemBlock), sorted by (user, item), with local row
     * indices (global index = local·d + block).
     */
    static final class Block implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        final int userBlock;
        final int itemBlock;
        final int[] localUsers;
        final int[] localItems;
        final float[] values;

        private Block(int userBlock, int itemBlock, int[] localUsers, int[] localItems, float[] values) {
            this.userBlock = userBlock;
            this.itemBlock = itemBlock;
            this.localUsers = localUsers;
            this.localItems = localItems;
            this.values = values;
        }

        static Block of(int id, int d, Iterator<Tuple2<Integer, Entry>> entries) {
            List<Entry> list = new ArrayList<>();
            entries.forEachRemaining(pair -> list.add(pair._2()));
            list.sort(Comparator.comparingInt(Entry::user).thenComparingInt(Entry::item).thenComparingDouble(Entry::value));
            int size = list.size();
            int[] us = new int[size];
            int[] is = new int[size];
            float[] vs = new float[size];
            for (int e = 0; e < size; e++) {
                Entry entry = list.get(e);
                us[e] = entry.user() / d;
                is[e] = entry.item() / d;
                vs[e] = entry.value();
            }
            return new Block(id / d, id % d, us, is, vs);
        }
    }

    /** The driver's copy of everything the epochs update, in model order. */
    private static final class State {
        final int k;
        final int d;
        final float[] p;
        final float[] q;
        final float[] bu;
        final float[] bi;
        final float[] gp;
        final float[] gq;
        final float[] gbu;
        final float[] gbi;

        State(int k, int d, float[] p, float[] q, boolean adaGrad) {
            this.k = k;
            this.d = d;
            this.p = p;
            this.q = q;
            int m = p.length / k;
            int n = q.length / k;
            bu = new float[m];
            bi = new float[n];
            gp = adaGrad ? ones(m) : null;
            gq = adaGrad ? ones(n) : null;
            gbu = adaGrad ? ones(m) : null;
            gbi = adaGrad ? ones(n) : null;
        }

        Rows userRows(int block) {
            return gather(p, bu, gp, gbu, block);
        }

        Rows itemRows(int block) {
            return gather(q, bi, gq, gbi, block);
        }

        void write(Result result) {
            scatter(result.users(), p, bu, gp, gbu, result.userBlock());
            scatter(result.items(), q, bi, gq, gbi, result.itemBlock());
        }

        private Rows gather(float[] factors, float[] bias, float[] factorSquares, float[] biasSquares, int block) {
            int rows = rowsIn(bias.length, block);
            Rows out = new Rows(new float[rows * k], new float[rows], factorSquares == null ? null : new float[rows],
                    biasSquares == null ? null : new float[rows]);
            for (int local = 0, global = block; local < rows; local++, global += d) {
                System.arraycopy(factors, global * k, out.factors(), local * k, k);
                out.bias()[local] = bias[global];
                if (factorSquares != null) {
                    out.factorSquares()[local] = factorSquares[global];
                    out.biasSquares()[local] = biasSquares[global];
                }
            }
            return out;
        }

        private void scatter(Rows in, float[] factors, float[] bias, float[] factorSquares, float[] biasSquares, int block) {
            int rows = rowsIn(bias.length, block);
            for (int local = 0, global = block; local < rows; local++, global += d) {
                System.arraycopy(in.factors(), local * k, factors, global * k, k);
                bias[global] = in.bias()[local];
                if (factorSquares != null) {
                    factorSquares[global] = in.factorSquares()[local];
                    biasSquares[global] = in.biasSquares()[local];
                }
            }
        }

        /** How many of the indices 0..size−1 are ≡ block (mod d). */
        private int rowsIn(int size, int block) {
            return size <= block ? 0 : (size - 1 - block) / d + 1;
        }

        private static float[] ones(int size) {
            float[] a = new float[size];
            Arrays.fill(a, 1f);
            return a;
        }
    }

    /** Counts, range, mean and seen lists of all ratings, added up in block order. */
    private record Summary(long count, double sum, float min, float max, int[] seenStart, int[] seenItems) {

        double mean() {
            return sum / count;
        }

        static Summary of(List<Block> blocks, int users, int d) {
            long count = 0;
            double sum = 0;
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            int[] degree = new int[users + 1];
            for (Block block : blocks) {
                for (int e = 0; e < block.values.length; e++) {
                    float v = block.values[e];
                    count++;
                    sum += v;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    degree[block.localUsers[e] * d + block.userBlock + 1]++;
                }
            }
            int[] start = new int[users + 1];
            for (int u = 0; u < users; u++) {
                start[u + 1] = start[u] + degree[u + 1];
            }
            int[] items = new int[start[users]];
            int[] fill = Arrays.copyOf(start, users);
            for (Block block : blocks) {
                for (int e = 0; e < block.values.length; e++) {
                    int u = block.localUsers[e] * d + block.userBlock;
                    items[fill[u]++] = block.localItems[e] * d + block.itemBlock;
                }
            }
            // Ascending and distinct, as FactorModel wants; a repeated (user, item) is trained twice but seen once.
            int[] seenStart = new int[users + 1];
            int written = 0;
            for (int u = 0; u < users; u++) {
                Arrays.sort(items, start[u], start[u + 1]);
                for (int e = start[u]; e < start[u + 1]; e++) {
                    if (e == start[u] || items[e] != items[e - 1]) {
                        items[written++] = items[e];
                    }
                }
                seenStart[u + 1] = written;
            }
            return new Summary(count, sum, min, max, seenStart, Arrays.copyOf(items, written));
        }
    }
}
