package dev.latent.train.sgd;

import dev.latent.data.RatingMatrix;
import dev.latent.math.VectorKernels;
import dev.latent.model.FactorModel;
import dev.latent.synth.SyntheticConfig;
import dev.latent.synth.SyntheticGenerator;
import dev.latent.train.EarlyStopping;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class FpsgdLoopTest {
    private static final RatingMatrix DATA = new SyntheticGenerator(
            new SyntheticConfig(300, 120, 6000, 4, 0.3, 0.8, 5)).toMatrix();

    private static float[] userFactors(FactorModel model) {
        float[] out = new float[model.userFactors().remaining()];
        model.userFactors().get(out);
        return out;
    }

    private static float[] itemFactors(FactorModel model) {
        float[] out = new float[model.itemFactors().remaining()];
        model.itemFactors().get(out);
        return out;
    }

    @Test
    void train_oneTwoAndThreeThreadsOnTheSameGrid_bitIdenticalFactors() {
        BiasedMfConfig config = BiasedMfConfig.defaults().withFactors(16).withEpochs(4).withBlocks(6);

        FactorModel one = new BiasedMfTrainer(config.withThreads(1)).train(DATA);
        FactorModel two = new BiasedMfTrainer(config.withThreads(2)).train(DATA);
        FactorModel three = new BiasedMfTrainer(config.withThreads(3)).train(DATA);

        assertArrayEquals(userFactors(one), userFactors(two));
        assertArrayEquals(itemFactors(one), itemFactors(two));
        assertArrayEquals(userFactors(one), userFactors(three));
        assertArrayEquals(itemFactors(one), itemFactors(three));
        assertEquals(one.score(7, 11), three.score(7, 11));
    }

    @Test
    void train_funkSvdReshufflesEachEpoch_stillBitIdenticalAcrossThreadCounts() {
        FunkSvdConfig config = FunkSvdConfig.defaults().withFactors(8).withEpochs(3).withBlocks(4);

        FactorModel one = new FunkSvdTrainer(config.withThreads(1)).train(DATA);
        FactorModel two = new FunkSvdTrainer(config.withThreads(2)).train(DATA);

        assertArrayEquals(userFactors(one), userFactors(two));
        assertArrayEquals(itemFactors(one), itemFactors(two));
    }

    @Test
    void train_otherGridSize_otherButEquallyGoodModel() {
        BiasedMfConfig config = BiasedMfConfig.defaults().withFactors(16).withEpochs(4);

        FactorModel small = new BiasedMfTrainer(config.withBlocks(2)).train(DATA);
        FactorModel large = new BiasedMfTrainer(config.withBlocks(8)).train(DATA);

        assertFalse(java.util.Arrays.equals(userFactors(small), userFactors(large)));
    }

    /**
     * The single-block, single-thread path is the foundation's update rule, applied rating by
     * rating in the grid's visiting order: replayed here with plain scalar arithmetic.
     */
    @Test
    void train_oneBlockOneThread_matchesThePlainSgdUpdateInTheSameOrder() {
        int k = 5;
        int epochs = 3;
        float lr = 0.02f;
        float reg = 0.05f;
        float regBias = 0.01f;
        float init = 0.1f;
        long seed = 17;
        BiasedMfConfig config = new BiasedMfConfig(k, epochs, lr, reg, regBias, init, new Schedule.Constant(), seed, 1, 1,
                EarlyStopping.OFF);
        FactorModel model = new BiasedMfTrainer(config, VectorKernels.scalar()).train(DATA);

        // Replay: the same draws as the trainer (P, Q, then the grid), one block, no reordering.
        SplittableRandom root = new SplittableRandom(seed);
        float[] p = gaussian(root.split(), DATA.userCount(), k, init);
        float[] q = gaussian(root.split(), DATA.itemCount(), k, init);
        BlockGrid grid = BlockGrid.build(DATA, 1, root.split().nextLong());
        int[] userAt = inverse(grid.userPosition);
        int[] itemAt = inverse(grid.itemPosition);
        float mu = (float) DATA.mean();
        float[] bu = new float[DATA.userCount()];
        float[] bi = new float[DATA.itemCount()];
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int e = 0; e < grid.size(); e++) {
                int u = userAt[grid.users[e]];
                int i = itemAt[grid.items[e]];
                double dot = 0;
                for (int f = 0; f < k; f++) {
                    dot += (double) p[u * k + f] * q[i * k + f];
                }
                float err = (float) (grid.values[e] - (mu + bu[u] + bi[i] + dot));
                bu[u] += lr * (err - regBias * bu[u]);
                bi[i] += lr * (err - regBias * bi[i]);
                for (int f = 0; f < k; f++) {
                    float pf = p[u * k + f];
                    float qf = q[i * k + f];
                    p[u * k + f] = pf + lr * (err * qf - reg * pf);
                    q[i * k + f] = qf + lr * (err * pf - reg * qf);
                }
            }
        }

        assertArrayEquals(p, userFactors(model), 1e-4f);
        assertArrayEquals(q, itemFactors(model), 1e-4f);
        for (int u = 0; u < bu.length; u++) {
            assertEquals(bu[u], model.userBias(u), 1e-4f);
        }
    }

    private static float[] gaussian(SplittableRandom random, int rows, int k, float std) {
        float[] out = new float[rows * k];
        for (int j = 0; j < out.length; j++) {
            out[j] = (float) (random.nextGaussian() * std);
        }
        return out;
    }

    private static int[] inverse(int[] position) {
        int[] at = new int[position.length];
        for (int r = 0; r < position.length; r++) {
            at[position[r]] = r;
        }
        return at;
    }
}
