package dev.latent.explain;

import dev.latent.model.FactorModel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FactorAnalysisTest {
    /**
     * One factor, items loading 1..6; rating counts 1, 2, 1, 3, 2, 0 (item 5 never rated); genre A
     * on items 1 and 3, B on every known item, C on none; item 4's genres unknown.
     */
    private static final FactorModel ONE_FACTOR = Models.of(1, new float[] {1, 1, 1},
            new float[] {1, 2, 3, 4, 5, 6}, new int[][] {{0, 1, 2, 3, 4}, {1, 3, 4}, {3}});
    private static final Genres GENRES = new Genres(List.of("A", "B", "C"),
            new int[][] {{1}, {0, 1}, {1}, {0, 1}, null, {0}});

    @Test
    void varianceShares_smallModel_matchBruteForceOverAllPairsAndSumToOne() {
        int k = 3;
        float[] p = {0.5f, -1, 2, 0, 0, 0, 1.5f, 0.25f, -0.5f, -2, 1, 1};
        float[] q = {1, 2, -1, 0.5f, 0, 3, 0, 0, 0};
        FactorModel model = Models.of(k, p, q, null);

        double[] shares = FactorAnalysis.varianceShares(model);

        double[] variances = new double[k];
        double total = 0;
        for (int f = 0; f < k; f++) {
            double sum = 0;
            double squares = 0;
            for (int u = 0; u < 4; u++) {
                for (int i = 0; i < 3; i++) {
                    double x = (double) p[u * k + f] * q[i * k + f];
                    sum += x;
                    squares += x * x;
                }
            }
            variances[f] = squares / 12 - (sum / 12) * (sum / 12);
            total += variances[f];
        }
        double sharesSum = 0;
        for (int f = 0; f < k; f++) {
            assertEquals(variances[f] / total, shares[f], 1e-12);
            sharesSum += shares[f];
        }
        assertEquals(1, sharesSum, 1e-12);
    }

    @Test
    void analyse_genres_weightedCorrelationMatchesHandComputation() {
        FactorSummary summary = FactorAnalysis.analyse(ONE_FACTOR, GENRES, 2, 0).getFirst();

        // Items 0..3, weights 1, 2, 1, 3 (Σ 7), loadings 1..4: mean 20/7; A's mean 5/7;
        // cov = 12/49, var(q) = 62/49, var(A) = 10/49, so r = 12 / √620. B and C are constant.
        assertEquals("A", summary.genres().get(0).genre());
        assertEquals(12 / Math.sqrt(620), summary.genres().get(0).correlation(), 1e-12);
        assertEquals(new GenreCorrelation("B", 0), summary.genres().get(1));
        assertEquals(new GenreCorrelation("C", 0), summary.genres().get(2));
        assertEquals("A", summary.label());
        assertEquals(1, summary.varianceShare(), 1e-12);
    }

    @Test
    void analyse_noGenres_hasNoCorrelationsAndNoLabel() {
        FactorSummary summary = FactorAnalysis.analyse(ONE_FACTOR, Genres.NONE, 2, 0).getFirst();

        assertTrue(summary.genres().isEmpty());
        assertNull(summary.label());
    }

    @Test
    void analyse_minRatings_listsExtremesAmongItemsRatedOftenEnough() {
        FactorSummary summary = FactorAnalysis.analyse(ONE_FACTOR, GENRES, 2, 2).getFirst();

        // Items rated at least twice: 1, 3, 4 (loadings 2, 4, 5).
        assertArrayEquals(new int[] {4, 3}, summary.top());
        assertArrayEquals(new int[] {1, 3}, summary.bottom());
    }

    @Test
    void analyse_tooFewItemsRatedOftenEnough_fallsBackToEveryRatedItem() {
        FactorSummary summary = FactorAnalysis.analyse(ONE_FACTOR, GENRES, 2, 3).getFirst();

        assertArrayEquals(new int[] {4, 3}, summary.top());
        assertArrayEquals(new int[] {0, 1}, summary.bottom());
    }

    @Test
    void analyse_tiedLoadings_breakTiesByIndex() {
        FactorModel model = Models.of(1, new float[] {1}, new float[] {2, 1, 2, 1, 2}, new int[][] {{0, 1, 2, 3, 4}});

        FactorSummary summary = FactorAnalysis.analyse(model, Genres.NONE, 2, 1).getFirst();

        assertArrayEquals(new int[] {0, 2}, summary.top());
        assertArrayEquals(new int[] {1, 3}, summary.bottom());
    }

    @Test
    void analyse_genresOfAnotherCatalogue_throws() {
        Genres wrong = new Genres(List.of("A"), new int[][] {{0}});

        assertThrows(IllegalArgumentException.class, () -> FactorAnalysis.analyse(ONE_FACTOR, wrong, 2, 0));
    }

    @Test
    void genres_unorderedIndices_throw() {
        assertThrows(IllegalArgumentException.class, () -> new Genres(List.of("A", "B"), new int[][] {{1, 0}}));
    }

    @Test
    void label_weakOrNegativeCorrelation_isNullOrNegated() {
        FactorSummary negative = new FactorSummary(0, 0.5, new int[0], new int[0],
                List.of(new GenreCorrelation("Drama", -0.25), new GenreCorrelation("War", 0.1)));
        FactorSummary weak = new FactorSummary(0, 0.5, new int[0], new int[0],
                List.of(new GenreCorrelation("Drama", 0.19)));

        assertEquals("not Drama", negative.label());
        assertNull(weak.label());
    }

    @Test
    void mapCoordinates_smallModel_matchBruteForceWeightedPca() {
        FactorModel model = Models.random(12, 15, 4, 9);
        int n = 15;
        int k = 4;
        double[] weights = RatingCounts.of(model);
        double[] q = FactorRotation.toDoubles(model.itemFactors());

        double[][] map = FactorAnalysis.mapCoordinates(model);

        double weightSum = 0;
        double[] mean = new double[k];
        for (int i = 0; i < n; i++) {
            weightSum += weights[i];
            for (int f = 0; f < k; f++) {
                mean[f] += weights[i] * q[i * k + f];
            }
        }
        for (int f = 0; f < k; f++) {
            mean[f] /= weightSum;
        }
        double[][] covariance = new double[k][k];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    covariance[a][b] += weights[i] * (q[i * k + a] - mean[a]) * (q[i * k + b] - mean[b]) / weightSum;
                }
            }
        }
        double[] first = powerIteration(covariance);
        double lambda = rayleigh(covariance, first);
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                covariance[a][b] -= lambda * first[a] * first[b];
            }
        }
        double[] second = powerIteration(covariance);
        double[][] axes = {first, second};
        for (int axis = 0; axis < 2; axis++) {
            double[] expected = new double[n];
            double agreement = 0;
            for (int i = 0; i < n; i++) {
                for (int f = 0; f < k; f++) {
                    expected[i] += (q[i * k + f] - mean[f]) * axes[axis][f];
                }
                if (weights[i] > 0) {
                    agreement += expected[i] * map[i][axis];
                }
            }
            double sign = Math.signum(agreement);
            double skew = 0;
            for (int i = 0; i < n; i++) {
                if (weights[i] > 0) {
                    assertEquals(sign * expected[i], map[i][axis], 1e-9, "item " + i + ", axis " + axis);
                    skew += weights[i] * Math.pow(map[i][axis], 3);
                } else {
                    assertTrue(Double.isNaN(map[i][axis]));
                }
            }
            assertTrue(skew > 0, "axis " + axis + " has negative skew");
        }
    }

    @Test
    void mapCoordinates_unratedItem_isNaN() {
        double[][] map = FactorAnalysis.mapCoordinates(ONE_FACTOR);

        assertTrue(Double.isNaN(map[5][0]) && Double.isNaN(map[5][1]));
        assertEquals(0, map[0][1]);
        // Weighted mean loading (1 + 4 + 3 + 12 + 10) / 9 = 10/3; the deviations' weighted skew is negative, so the axis flips.
        assertEquals(10.0 / 3 - 1, map[0][0], 1e-12);
        assertEquals(10.0 / 3 - 5, map[4][0], 1e-12);
    }

    private static double[] powerIteration(double[][] a) {
        int k = a.length;
        double[] v = new double[k];
        java.util.Arrays.fill(v, 1);
        for (int step = 0; step < 20_000; step++) {
            double[] next = new double[k];
            for (int r = 0; r < k; r++) {
                for (int c = 0; c < k; c++) {
                    next[r] += a[r][c] * v[c];
                }
            }
            double norm = 0;
            for (double x : next) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            for (int r = 0; r < k; r++) {
                v[r] = next[r] / norm;
            }
        }
        return v;
    }

    private static double rayleigh(double[][] a, double[] v) {
        double s = 0;
        for (int r = 0; r < a.length; r++) {
            for (int c = 0; c < a.length; c++) {
                s += v[r] * a[r][c] * v[c];
            }
        }
        return s;
    }
}
