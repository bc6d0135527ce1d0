package dev.latent.train.sgd;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.eval.metric.ErrorMetrics;
import dev.latent.math.VectorKernels;
import dev.latent.model.DataStats;
import dev.latent.model.FactorModel;
import dev.latent.train.EarlyStopping;
import dev.latent.train.EpochEvent;
import dev.latent.train.FactorInit;
import dev.latent.train.Parallel;
import dev.latent.train.TrainerConfig;
import dev.latent.train.TrainingDivergedException;
import dev.latent.train.TrainingListener;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;

/**
 * The SGD loop FunkSVD and biased MF share, parallel without locks: FPSGD over a {@link BlockGrid}.
 *
 * <p>Per rating, {@link SgdUpdate}: {@code e = r − r̂}; biases {@code b_u += η(e − λ_b·b_u)},
 * {@code b_i += η(e − λ_b·b_i)} (biased MF only); factors by {@link VectorKernels#fusedStep}, both
 * vectors from their old values. With {@link Schedule.AdaGrad} every vector and bias steps with
 * η/√G of its own accumulated squared gradient instead.
 *
 * <p>Schedule. An epoch is B rounds; round s trains the B blocks {@code (r, ρ[(r + s) mod B])},
 * r = 0..B−1, for a permutation ρ drawn per epoch, and the rounds run in an order drawn per epoch.
 * The blocks of a round share no user range and no item range, so the threads take them in any
 * order without locks, and a barrier ends the round. Nothing depends on which thread trained which
 * block: the model is a function of the data, the config and the grid size alone.
 *
 * <p>Randomness: one {@link SplittableRandom} seeded with the config's seed; its splits draw, in
 * order, the user factors, the item factors (both N(0, initStd²), in model order), the grid's
 * permutations, then each epoch's schedule.
 *
 * <p>Order inside a block. Biased MF keeps the grid's fixed, cache-friendly order (users in
 * position order, 32 interleaved). With {@link Settings#reshuffle} (FunkSVD, whose seed
 * algorithm visits the ratings "in shuffled order each epoch") every block is also shuffled in
 * place before it is trained, from a seed drawn per block and epoch, so each epoch visits the
 * ratings in a fresh order while the run stays a function of the seed. It costs speed on large
 * data (the user rows are no longer visited in runs) and buys accuracy on small data:
 * MovieLens 100K u1..u5, FunkSVD defaults, mean test RMSE 0.9210 against 0.9224 in grid order.
 *
 * <p>Users and items without training ratings keep zero factors, so their predictions fall back
 * to the biases.
 */
final class FpsgdLoop {
    /**
     * Floats before the first factor row of the training arrays. A large float[] starts 16 bytes
     * past a 64-byte boundary (its header), so without this pad every other 32-byte vector of a
     * row straddles two cache lines; 12 floats put row starts on 64-byte boundaries. Measured on
     * 18M synthetic ratings, 2 threads, two runs each: k = 128 23–25 vs 22 M updates/s, AdaGrad at
     * k = 64 24–29 vs 22 M/s, constant η at k = 64 unchanged (36 M/s).
     */
    static final int PAD = 12;

    /**
     * The SGD hyper-parameters of one run; {@code reshuffle} visits each block in a fresh random
     * order every epoch instead of the grid's fixed order.
     */
    record Settings(boolean biased, boolean reshuffle, int rank, int epochs, float learningRate, float regFactors,
                    float regBias, float initStd, Schedule schedule, int threads, int blocks, EarlyStopping stopping) {
    }

    private final String algorithm;
    private final TrainerConfig config;
    private final Settings s;
    private final VectorKernels kernels;

    FpsgdLoop(String algorithm, TrainerConfig config, Settings settings, VectorKernels kernels) {
        this.algorithm = algorithm;
        this.config = config;
        this.s = settings;
        this.kernels = kernels;
    }

    FactorModel run(RatingMatrix data, RatingList validation, TrainingListener listener) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("cannot train on an empty rating matrix");
        }
        long started = System.nanoTime();
        int m = data.userCount();
        int n = data.itemCount();
        int k = s.rank();
        SplittableRandom root = new SplittableRandom(config.seed());
        float[] userFactors = FactorInit.gaussian(root.split(), m, k, s.initStd(), data::userDegree);
        float[] itemFactors = FactorInit.gaussian(root.split(), n, k, s.initStd(), data::itemDegree);
        int blocks = s.blocks() > 0 ? Math.min(s.blocks(), Math.min(m, n))
                : BlockGrid.gridSize(m, n, k, s.threads());
        ExecutorService pool = Parallel.pool(s.threads(), "latent-sgd");
        try {
            BlockGrid grid = BlockGrid.build(data, blocks, root.split().nextLong(), pool, s.threads());

            float mu = s.biased() ? (float) data.mean() : 0f;
            State state = State.of(m, n, k, mu, s.schedule() instanceof Schedule.AdaGrad);
            permuteRows(userFactors, state.users().factors(), grid.userPosition, k);
            permuteRows(itemFactors, state.items().factors(), grid.itemPosition, k);
            SgdUpdate update = new SgdUpdate(kernels, k, PAD, mu, s.biased(), s.regFactors(), s.regBias());

            DataStats stats = DataStats.of(data);
            int[][] seen = FactorModel.seenItemsOf(data);
            boolean validating = validation != null && validation.size() > 0;
            EarlyStopping.Tracker<FactorModel> tracker = s.stopping().tracker();
            for (int epoch = 1; epoch <= s.epochs(); epoch++) {
                long epochStarted = System.nanoTime();
                double sse = epoch(grid, state, update, root.split(), s.schedule().rate(s.learningRate(), epoch), pool);
                Duration epochTime = Duration.ofNanos(System.nanoTime() - epochStarted);
                double trainRmse = Math.sqrt(sse / grid.size());
                if (!Double.isFinite(trainRmse)) {
                    throw new TrainingDivergedException("training diverged in epoch " + epoch + " (the training error became "
                            + trainRmse + "); lower the learning rate (now " + s.learningRate() + ") or raise the regularisation");
                }
                FactorModel model = null;
                double validationRmse = Double.NaN;
                if (validating) {
                    model = toModel(data, stats, seen, grid, state);
                    validationRmse = ErrorMetrics.of(model, validation).rmse();
                }
                listener.onEpoch(new EpochEvent(epoch, s.epochs(), trainRmse, validationRmse, epochTime,
                        Duration.ofNanos(System.nanoTime() - started)));
                if (validating && s.stopping().enabled() && tracker.record(validationRmse, model)) {
                    return tracker.best();
                }
            }
            return tracker.best() != null ? tracker.best() : toModel(data, stats, seen, grid, state);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** Everything the epochs update, indexed by position (see {@link BlockGrid}). */
    private record State(int k, float mu, SgdUpdate.Rows users, SgdUpdate.Rows items) {

        static State of(int m, int n, int k, float mu, boolean adaGrad) {
            return new State(k, mu, SgdUpdate.Rows.zeros(m, k, PAD, adaGrad), SgdUpdate.Rows.zeros(n, k, PAD, adaGrad));
        }
    }

    /** One epoch; returns the sum of squared errors, added up in block order. */
    private double epoch(BlockGrid grid, State state, SgdUpdate update, SplittableRandom random, float lr, ExecutorService pool) {
        int b = grid.blocks;
        int[] columns = BlockGrid.permutation(b, random);
        int[] shifts = BlockGrid.permutation(b, random);
        long[] shuffleSeeds = s.reshuffle() ? random.longs(b * b).toArray() : null;
        double[] blockSse = new double[b * b];
        for (int round = 0; round < b; round++) {
            int shift = shifts[round];
            Parallel.forEach(pool, s.threads(), b, row -> {
                int block = row * b + columns[(row + shift) % b];
                blockSse[block] = trainBlock(grid, state, update, block, lr, shuffleSeeds);
            });
        }
        double sse = 0;
        for (double blockError : blockSse) {
            sse += blockError;
        }
        return sse;
    }

    private double trainBlock(BlockGrid grid, State st, SgdUpdate update, int block, float lr, long[] shuffleSeeds) {
        if (shuffleSeeds != null) {
            grid.shuffle(block, new SplittableRandom(shuffleSeeds[block]));
        }
        return update.run(lr, st.users(), st.items(), grid.users, grid.items, grid.values, grid.start[block],
                grid.start[block + 1]);
    }

    /** The current state as a model in model order (new arrays: the model owns them). */
    private FactorModel toModel(RatingMatrix data, DataStats stats, int[][] seen, BlockGrid grid, State st) {
        int k = st.k();
        float[] stP = st.users().factors();
        float[] stQ = st.items().factors();
        float[] stBu = st.users().bias();
        float[] stBi = st.items().bias();
        float[] p = new float[stP.length - PAD];
        float[] q = new float[stQ.length - PAD];
        float[] bu = new float[stBu.length];
        float[] bi = new float[stBi.length];
        for (int u = 0; u < bu.length; u++) {
            int pos = grid.userPosition[u];
            System.arraycopy(stP, PAD + pos * k, p, u * k, k);
            bu[u] = stBu[pos];
        }
        for (int i = 0; i < bi.length; i++) {
            int pos = grid.itemPosition[i];
            System.arraycopy(stQ, PAD + pos * k, q, i * k, k);
            bi[i] = stBi[pos];
        }
        return new FactorModel(algorithm, config.parameters(), config.seed(), stats, data.users(), data.items(),
                k, st.mu(), bu, bi, p, q, seen[0], seen[1]);
    }


    /** Copies row r of {@code from} to row {@code position[r]} of {@code to}. */
    private static void permuteRows(float[] from, float[] to, int[] position, int k) {
        for (int r = 0; r < position.length; r++) {
            System.arraycopy(from, r * k, to, PAD + position[r] * k, k);
        }
    }

}
