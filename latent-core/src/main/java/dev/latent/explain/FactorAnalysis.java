package dev.latent.explain;

import dev.latent.model.FactorModel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Summaries of a model's factors for people to read (variance share, extreme items, genre
 * correlations) and a 2-D map of the items by principal components; meant for a
 * {@link FactorRotation#varimax varimax}-rotated model, though any model will do.
 *
 * <p>Items are weighted throughout by their training rating counts (every item 1 for a model
 * without seen lists), so that correlations and components describe the ratings, not a catalogue
 * full of films hardly anyone saw.
 */
public final class FactorAnalysis {
    private FactorAnalysis() {
    }

    /**
     * One summary per factor, in factor order.
     *
     * @param genres     the items' genres, or {@link Genres#NONE}
     * @param top        how many items to list at each end of a factor
     * @param minRatings the fewest training ratings a listed item must have; when fewer than
     *                   {@code top} items qualify, every rated item does
     */
    public static List<FactorSummary> analyse(FactorModel model, Genres genres, int top, int minRatings) {
        int n = model.items().size();
        int k = model.rank();
        if (top < 0) {
            throw new IllegalArgumentException("top must be non-negative but was " + top);
        }
        if (minRatings < 0) {
            throw new IllegalArgumentException("minRatings must be non-negative but was " + minRatings);
        }
        if (!genres.isEmpty() && genres.ofItem().length != n) {
            throw new IllegalArgumentException("genres must describe " + n + " items but described "
                    + genres.ofItem().length);
        }
        double[] weights = RatingCounts.of(model);
        double[] p = FactorRotation.toDoubles(model.userFactors());
        double[] q = FactorRotation.toDoubles(model.itemFactors());
        double[] shares = varianceShares(p, q, k);
        int[] listed = candidates(weights, Math.max(minRatings, 1), top);
        List<FactorSummary> summaries = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            summaries.add(new FactorSummary(f, shares[f], extremes(q, k, f, listed, top, true),
                    extremes(q, k, f, listed, top, false), correlations(q, k, f, weights, genres)));
        }
        return summaries;
    }

    /**
     * Each factor's share of the variance of p_uf·q_if over all user–item pairs, u and i uniform and
     * independent (every user and item of the model, rated or not): Var_f = E[p²]E[q²] − E[p]²E[q]²,
     * divided by Σ_g Var_g. All zero when every product is constant.
     */
    public static double[] varianceShares(FactorModel model) {
        return varianceShares(FactorRotation.toDoubles(model.userFactors()),
                FactorRotation.toDoubles(model.itemFactors()), model.rank());
    }

    static double[] varianceShares(double[] p, double[] q, int k) {
        double[] userMoments = moments(p, k);
        double[] itemMoments = moments(q, k);
        double[] variances = new double[k];
        double total = 0;
        for (int f = 0; f < k; f++) {
            double meanP = userMoments[f];
            double squareP = userMoments[k + f];
            double meanQ = itemMoments[f];
            double squareQ = itemMoments[k + f];
            variances[f] = Math.max(0, squareP * squareQ - meanP * meanP * meanQ * meanQ);
            total += variances[f];
        }
        for (int f = 0; f < k; f++) {
            variances[f] = total > 0 ? variances[f] / total : 0;
        }
        return variances;
    }

    /** Per column of {@code rows} (row-major, stride k): the means in [0, k), the mean squares in [k, 2k). */
    private static double[] moments(double[] rows, int k) {
        double[] out = new double[2 * k];
        int count = rows.length / k;
        if (count == 0) {
            return out;
        }
        for (int start = 0; start < rows.length; start += k) {
            for (int f = 0; f < k; f++) {
                double x = rows[start + f];
                out[f] += x;
                out[k + f] += x * x;
            }
        }
        for (int j = 0; j < 2 * k; j++) {
            out[j] /= count;
        }
        return out;
    }

    /** The items with at least {@code minRatings} ratings, or every rated item when fewer than {@code top} have that many. */
    private static int[] candidates(double[] weights, int minRatings, int top) {
        int qualifying = 0;
        for (double w : weights) {
            if (w >= minRatings) {
                qualifying++;
            }
        }
        int threshold = qualifying >= top ? minRatings : 1;
        int count = 0;
        int[] out = new int[weights.length];
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] >= threshold) {
                out[count++] = i;
            }
        }
        return java.util.Arrays.copyOf(out, count);
    }

    /**
     * The {@code top} candidates with the highest (or lowest) loading on factor f, most extreme
     * first, ties by item index: an insertion into a short sorted list per candidate.
     */
    private static int[] extremes(double[] q, int k, int f, int[] candidates, int top, boolean highest) {
        int[] best = new int[Math.min(top, candidates.length)];
        int size = 0;
        for (int item : candidates) {
            if (size == best.length && !before(q, k, f, item, best[size - 1], highest)) {
                continue;
            }
            int t = size < best.length ? size++ : size - 1;
            while (t > 0 && before(q, k, f, item, best[t - 1], highest)) {
                best[t] = best[t - 1];
                t--;
            }
            best[t] = item;
        }
        return best;
    }

    private static boolean before(double[] q, int k, int f, int a, int b, boolean highest) {
        double qa = q[a * k + f];
        double qb = q[b * k + f];
        if (qa != qb) {
            return highest ? qa > qb : qa < qb;
        }
        return a < b;
    }

    /**
     * Weighted Pearson correlation of factor f's loadings with each genre's indicator, over items
     * with known genres and at least one rating, strongest first (ties in genre order); 0 for a
     * constant loading or a genre that every or no such item has.
     */
    private static List<GenreCorrelation> correlations(double[] q, int k, int f, double[] weights, Genres genres) {
        if (genres.isEmpty()) {
            return List.of();
        }
        int[][] ofItem = genres.ofItem();
        double weightSum = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < ofItem.length; i++) {
            if (ofItem[i] != null && weights[i] > 0) {
                double x = q[i * k + f];
                weightSum += weights[i];
                sum += weights[i] * x;
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
        }
        int g = genres.names().size();
        double[] genreWeight = new double[g];
        double[] genreDeviation = new double[g];
        double variance = 0;
        double mean = weightSum > 0 ? sum / weightSum : 0;
        for (int i = 0; i < ofItem.length; i++) {
            if (ofItem[i] != null && weights[i] > 0) {
                double d = q[i * k + f] - mean;
                variance += weights[i] * d * d;
                for (int genre : ofItem[i]) {
                    genreWeight[genre] += weights[i];
                    genreDeviation[genre] += weights[i] * d;
                }
            }
        }
        List<GenreCorrelation> out = new ArrayList<>(g);
        for (int genre = 0; genre < g; genre++) {
            double share = weightSum > 0 ? genreWeight[genre] / weightSum : 0;
            double r = 0;
            if (min < max && share > 0 && genreWeight[genre] < weightSum) {
                // Σ w (x − x̄)(y − ȳ) = Σ_{y=1} w (x − x̄), since Σ w (x − x̄) = 0.
                double covariance = genreDeviation[genre] / weightSum;
                r = covariance / Math.sqrt(variance / weightSum * share * (1 - share));
                r = Math.clamp(r, -1, 1);
            }
            out.add(new GenreCorrelation(genres.names().get(genre), r));
        }
        out.sort(Comparator.comparingDouble((GenreCorrelation c) -> -Math.abs(c.correlation())));
        return out;
    }

    /**
     * 2-D coordinates of every item for a scatter plot, {@code out[i] = {x, y}}: the projections of
     * the rated items' centred factor rows on the first two principal components of their
     * rating-weighted covariance, each axis signed so that the weighted skew of its coordinates is
     * positive; NaN for items without ratings (and 0 for y when the model has one factor).
     */
    public static double[][] mapCoordinates(FactorModel model) {
        int n = model.items().size();
        int k = model.rank();
        double[] weights = RatingCounts.of(model);
        double[] q = FactorRotation.toDoubles(model.itemFactors());
        double[][] out = new double[n][2];
        double weightSum = 0;
        double[] mean = new double[k];
        for (int i = 0; i < n; i++) {
            weightSum += weights[i];
            for (int f = 0; f < k; f++) {
                mean[f] += weights[i] * q[i * k + f];
            }
        }
        if (weightSum == 0) {
            for (double[] xy : out) {
                xy[0] = Double.NaN;
                xy[1] = Double.NaN;
            }
            return out;
        }
        for (int f = 0; f < k; f++) {
            mean[f] /= weightSum;
        }
        double[] covariance = new double[k * k];
        double[] d = new double[k];
        for (int i = 0; i < n; i++) {
            if (weights[i] == 0) {
                continue;
            }
            for (int f = 0; f < k; f++) {
                d[f] = q[i * k + f] - mean[f];
            }
            for (int a = 0; a < k; a++) {
                double wa = weights[i] * d[a];
                for (int b = a; b < k; b++) {
                    covariance[a * k + b] += wa * d[b];
                }
            }
        }
        for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
                covariance[a * k + b] /= weightSum;
                covariance[b * k + a] = covariance[a * k + b];
            }
        }
        double[] vectors = SymmetricEigen.of(covariance, k).vectors();
        double[] coordinates = new double[n * 2];
        for (int axis = 0; axis < 2; axis++) {
            if (axis >= k) {
                break;
            }
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int f = 0; f < k; f++) {
                    s += (q[i * k + f] - mean[f]) * vectors[f * k + axis];
                }
                coordinates[i * 2 + axis] = s;
            }
            if (FactorRotation.skew(coordinates, weights, 2, axis) < 0) {
                for (int i = 0; i < n; i++) {
                    coordinates[i * 2 + axis] = -coordinates[i * 2 + axis];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            boolean rated = weights[i] > 0;
            out[i][0] = rated ? coordinates[i * 2] : Double.NaN;
            out[i][1] = rated ? coordinates[i * 2 + 1] : Double.NaN;
        }
        return out;
    }
}
