package dev.latent.recommend;

import dev.latent.data.RatingMatrix;
import dev.latent.data.RatingReader;
import dev.latent.data.SharedData;
import dev.latent.model.FactorModel;
import dev.latent.train.als.AlsConfig;
import dev.latent.train.als.AlsTrainer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fold-in against retraining on MovieLens 100K (u.data). Twenty users with at least 50 ratings
 * each keep 80% of their ratings as "known" and 20% as "held out". The retrained model is ALS with
 * defaults on everything but the held-out ratings; the base model is the same ALS on everything
 * but those twenty users, and each user is folded into it from their known ratings. About three
 * seconds: two trainings.
 */
class FoldInMovieLensTest {
    private static final int USERS = 20;

    private static FactorModel retrained;
    private static FactorModel base;
    private static int[] chosen;
    /** Per chosen user: known item indices and values, held-out item indices and values. */
    private static int[][] knownItems;
    private static float[][] knownValues;
    private static int[][] heldItems;
    private static float[][] heldValues;

    @BeforeAll
    static void train() throws IOException {
        RatingMatrix all = RatingReader.withDefaults().read(SharedData.require("ml-100k/u.data")).ratings();
        SplittableRandom random = new SplittableRandom(2024);
        List<Integer> eligible = new ArrayList<>();
        for (int u = 0; u < all.userCount(); u++) {
            if (all.userDegree(u) >= 50) {
                eligible.add(u);
            }
        }
        chosen = new int[USERS];
        boolean[] isChosen = new boolean[all.userCount()];
        for (int c = 0; c < USERS; c++) {
            int u = eligible.remove(random.nextInt(eligible.size()));
            chosen[c] = u;
            isChosen[u] = true;
        }
        knownItems = new int[USERS][];
        knownValues = new float[USERS][];
        heldItems = new int[USERS][];
        heldValues = new float[USERS][];
        boolean[] heldOut = new boolean[all.size()];
        for (int c = 0; c < USERS; c++) {
            int u = chosen[c];
            int from = all.userStart(u);
            int degree = all.userDegree(u);
            int[] order = shuffled(degree, random);
            int held = degree / 5;
            heldItems[c] = new int[held];
            heldValues[c] = new float[held];
            knownItems[c] = new int[degree - held];
            knownValues[c] = new float[degree - held];
            for (int j = 0; j < degree; j++) {
                int pos = from + order[j];
                if (j < held) {
                    heldOut[pos] = true;
                    heldItems[c][j] = all.itemAt(pos);
                    heldValues[c][j] = all.valueAt(pos);
                } else {
                    knownItems[c][j - held] = all.itemAt(pos);
                    knownValues[c][j - held] = all.valueAt(pos);
                }
            }
        }
        int[] withKnown = positions(all, u -> false, heldOut);
        int[] withoutChosen = positions(all, u -> isChosen[u], heldOut);
        AlsTrainer trainer = new AlsTrainer(AlsConfig.defaults().withThreads(2));
        retrained = trainer.train(all.select(withKnown));
        base = trainer.train(all.select(withoutChosen));
    }

    /** CSR positions of every rating not held out whose user {@code drop} does not accept. */
    private static int[] positions(RatingMatrix all, java.util.function.IntPredicate drop, boolean[] heldOut) {
        int[] out = new int[all.size()];
        int count = 0;
        for (int u = 0; u < all.userCount(); u++) {
            if (drop.test(u)) {
                continue;
            }
            for (int p = all.userStart(u); p < all.userEnd(u); p++) {
                if (!heldOut[p]) {
                    out[count++] = p;
                }
            }
        }
        return Arrays.copyOf(out, count);
    }

    @Test
    void foldIn_intoModelWithoutTheUsers_scoresLikeRetraining() {
        FoldIn foldIn = new FoldIn(base);
        Recommender recommender = new Recommender(base);
        int n = base.items().size();
        float[] folded = new float[n];
        float[] full = new float[n];
        double worst = 1;
        double sum = 0;
        for (int c = 0; c < USERS; c++) {
            FoldedUser user = foldIn.foldIn(knownItems[c], knownValues[c]);
            foldIn.scoreAll(user, folded);
            retrained.scoreAll(chosen[c], full);
            double r = pearson(folded, full, recommender);
            worst = Math.min(worst, r);
            sum += r;
        }
        System.out.printf("fold-in vs retrained score correlation over rated items: mean %.4f, worst %.4f%n",
                sum / USERS, worst);
        assertTrue(worst >= 0.95, "worst correlation was " + worst);
    }

    @Test
    void foldIn_heldOutRmse_withinTwoHundredthsOfRetraining() {
        FoldIn foldIn = new FoldIn(base);
        double foldedSse = 0;
        double retrainedSse = 0;
        int count = 0;
        float min = base.stats().minRating();
        float max = base.stats().maxRating();
        for (int c = 0; c < USERS; c++) {
            FoldedUser user = foldIn.foldIn(knownItems[c], knownValues[c]);
            for (int j = 0; j < heldItems[c].length; j++) {
                int item = heldItems[c][j];
                double a = heldValues[c][j] - Math.clamp(foldIn.score(user, item), min, max);
                double b = heldValues[c][j] - retrained.predict(chosen[c], item);
                foldedSse += a * a;
                retrainedSse += b * b;
                count++;
            }
        }
        double folded = Math.sqrt(foldedSse / count);
        double full = Math.sqrt(retrainedSse / count);
        System.out.printf("held-out RMSE over %d ratings: fold-in %.4f, retrained %.4f%n", count, folded, full);
        assertEquals(full, folded, 0.02, "fold-in RMSE " + folded + " vs retrained " + full);
    }

    @Test
    void foldIn_userOfTheModel_reproducesTheirRow() {
        // The last ALS step solved every item with the user rows fixed, so re-solving a user's row
        // from their known ratings lands near (not on) the stored row.
        FoldIn foldIn = new FoldIn(retrained);
        int u = chosen[0];
        FoldedUser user = foldIn.foldIn(knownItems[0], knownValues[0]);
        float[] stored = new float[retrained.rank()];
        retrained.userFactors().get(u * retrained.rank(), stored);
        double dot = 0;
        double a = 0;
        double b = 0;
        float[] p = user.factors();
        for (int j = 0; j < p.length; j++) {
            dot += (double) p[j] * stored[j];
            a += (double) p[j] * p[j];
            b += (double) stored[j] * stored[j];
        }
        double cosine = dot / Math.sqrt(a * b);
        assertTrue(cosine > 0.95, "cosine with the stored row was " + cosine);
        assertEquals(retrained.userBias(u), user.bias(), 0.1);
    }

    /** Pearson correlation over the items that had training ratings in the base model. */
    private static double pearson(float[] x, float[] y, Recommender recommender) {
        double sx = 0;
        double sy = 0;
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (recommender.itemHasRatings(i)) {
                sx += x[i];
                sy += y[i];
                n++;
            }
        }
        double mx = sx / n;
        double my = sy / n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            if (recommender.itemHasRatings(i)) {
                double dx = x[i] - mx;
                double dy = y[i] - my;
                sxy += dx * dy;
                sxx += dx * dx;
                syy += dy * dy;
            }
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static int[] shuffled(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int j = 0; j < n; j++) {
            order[j] = j;
        }
        for (int j = n - 1; j > 0; j--) {
            int swap = random.nextInt(j + 1);
            int t = order[j];
            order[j] = order[swap];
            order[swap] = t;
        }
        return order;
    }
}
