package dev.latent.explain;

import dev.latent.model.FactorModel;
import dev.latent.train.Trainers;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An orthogonal rotation R of a model's factor space, and the rotated model P' = P·R, Q' = Q·R,
 * which scores every user–item pair as the original does; the varimax rotation (Kaiser 1958, "The
 * varimax criterion for analytic rotation in factor analysis") turns the factors into ones that
 * load strongly on few items, which people can read.
 *
 * <p>Varimax here follows the lead's prototype on MovieLens 100K: it rotates the item factors only,
 * Kaiser-normalised (each item row divided by its norm; zero rows, items never rated, left out),
 * each row then scaled by (w_i / mean w)^(1/4), w_i the item's training rating count (1 for every
 * item of a model without seen lists), so that the fourth powers in the criterion count each item
 * as often as it was rated and an obscure film cannot define a factor. The criterion
 * Σ_f [Σ_i λ_if⁴ / n − (Σ_i λ_if² / n)²] is maximised by Kaiser's cyclic sweeps of plane
 * rotations, each pair of columns turned by its optimal angle in closed form (no SVD), until a
 * sweep gains less than 1e-5 of the criterion: on MovieLens 100K at k = 100 that is about 1 s
 * (about 4 s at 1e-8, for the same genre-correlated factors and top items). The result is then made canonical: factors ordered
 * by variance share ({@link FactorAnalysis#varianceShares}), largest first, and each sign chosen so
 * that the rating-weighted skew of the factor's item loadings is positive (the few items that
 * define a factor load positively on it); both are folded into R.
 */
public final class FactorRotation {
    /** A sweep gaining less than this fraction of the criterion ends the iteration. */
    private static final double TOLERANCE = 1e-5;
    private static final int MAX_SWEEPS = 1000;

    private final String name;
    private final int rank;
    private final double[] matrix;

    private FactorRotation(String name, int rank, double[] matrix) {
        this.name = name;
        this.rank = rank;
        this.matrix = matrix;
    }

    /** The rotation that changes nothing, for {@code k} factors. */
    public static FactorRotation identity(int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive but was " + k);
        }
        return new FactorRotation("identity", k, SymmetricEigen.identity(k));
    }

    /** The canonical varimax rotation of {@code model}'s item factors (see the class comment). */
    public static FactorRotation varimax(FactorModel model) {
        int k = model.rank();
        double[] weights = RatingCounts.of(model);
        double[] q = toDoubles(model.itemFactors());
        double[] r = k > 1 ? varimax(q, weights, k) : SymmetricEigen.identity(k);
        return new FactorRotation("varimax", k, canonical(model, r, weights, k));
    }

    /** k × k, row-major: factor f of the rotated model is Σ_t (old factor t) · R[t·k + f]. A copy. */
    public double[] matrix() {
        return matrix.clone();
    }

    /**
     * The rotated model: P' = P·R, Q' = Q·R (computed in double, stored as float), with the same
     * ids, biases, μ, seen lists, statistics, algorithm and seed, and the parameters plus
     * {@code rotation} → the rotation's name. Every score is unchanged up to float rounding.
     */
    public FactorModel apply(FactorModel model) {
        if (model.rank() != rank) {
            throw new IllegalArgumentException("the model must have rank " + rank + " but had " + model.rank());
        }
        Map<String, String> parameters = new LinkedHashMap<>(model.parameters());
        parameters.put(Trainers.ROTATION_PARAMETER, name);
        return new FactorModel(model.algorithm(), parameters, model.seed(), model.stats(), model.users(),
                model.items(), rank, model.globalMean(), toFloats(model.userBiases()), toFloats(model.itemBiases()),
                rotate(model.userFactors()), rotate(model.itemFactors()), toInts(model.seenStarts()),
                toInts(model.seenItems()));
    }

    private float[] rotate(FloatBuffer factors) {
        float[] in = toFloats(factors);
        float[] out = new float[in.length];
        double[] row = new double[rank];
        for (int start = 0; start < in.length; start += rank) {
            java.util.Arrays.fill(row, 0);
            for (int t = 0; t < rank; t++) {
                double x = in[start + t];
                for (int f = 0; f < rank; f++) {
                    row[f] += x * matrix[t * rank + f];
                }
            }
            for (int f = 0; f < rank; f++) {
                out[start + f] = (float) row[f];
            }
        }
        return out;
    }

    /**
     * The varimax rotation of the weighted, Kaiser-normalised rows of {@code q} (n × k, row-major),
     * before canonical ordering. The rows are held column by column so that a pair's sums and its
     * rotation run over contiguous arrays.
     */
    static double[] varimax(double[] q, double[] weights, int k) {
        int n = weights.length;
        int rows = 0;
        double weightSum = 0;
        for (int i = 0; i < n; i++) {
            if (weights[i] > 0 && squaredNorm(q, i, k) > 0) {
                rows++;
                weightSum += weights[i];
            }
        }
        double[] r = SymmetricEigen.identity(k);
        if (rows < 2) {
            return r;
        }
        double meanWeight = weightSum / rows;
        double[][] x = new double[k][rows];
        int row = 0;
        for (int i = 0; i < n; i++) {
            double norm2 = squaredNorm(q, i, k);
            if (weights[i] > 0 && norm2 > 0) {
                double scale = Math.pow(weights[i] / meanWeight, 0.25) / Math.sqrt(norm2);
                for (int f = 0; f < k; f++) {
                    x[f][row] = q[i * k + f] * scale;
                }
                row++;
            }
        }
        double criterion = criterion(x, rows);
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            for (int a = 0; a < k - 1; a++) {
                for (int b = a + 1; b < k; b++) {
                    rotatePair(x, r, k, rows, a, b);
                }
            }
            double next = criterion(x, rows);
            boolean converged = next - criterion <= TOLERANCE * Math.abs(next);
            criterion = next;
            if (converged) {
                break;
            }
        }
        return r;
    }

    /**
     * Turns columns a and b (and R's columns a and b alike) by the angle φ that maximises their
     * varimax criterion: with u = x² − y², v = 2xy summed over the rows,
     * tan 4φ = (2Σuv − 2ΣuΣv/n) / (Σ(u² − v²) − ((Σu)² − (Σv)²)/n) (Kaiser 1958; Harman,
     * Modern Factor Analysis, §14.4), then x' = x cos φ + y sin φ, y' = −x sin φ + y cos φ.
     */
    private static void rotatePair(double[][] x, double[] r, int k, int rows, int a, int b) {
        double[] xa = x[a];
        double[] xb = x[b];
        double sumU = 0;
        double sumV = 0;
        double sumC = 0;
        double sumD = 0;
        for (int i = 0; i < rows; i++) {
            double u = xa[i] * xa[i] - xb[i] * xb[i];
            double v = 2 * xa[i] * xb[i];
            sumU += u;
            sumV += v;
            sumC += u * u - v * v;
            sumD += u * v;
        }
        double numerator = 2 * sumD - 2 * sumU * sumV / rows;
        double denominator = sumC - (sumU * sumU - sumV * sumV) / rows;
        double phi = 0.25 * Math.atan2(numerator, denominator);
        if (Math.abs(phi) < 1e-15) {
            return;
        }
        double c = Math.cos(phi);
        double s = Math.sin(phi);
        for (int i = 0; i < rows; i++) {
            double p = xa[i];
            double q = xb[i];
            xa[i] = c * p + s * q;
            xb[i] = -s * p + c * q;
        }
        for (int t = 0; t < k; t++) {
            double p = r[t * k + a];
            double q = r[t * k + b];
            r[t * k + a] = c * p + s * q;
            r[t * k + b] = -s * p + c * q;
        }
    }

    /** The varimax criterion Σ_f [Σ_i x_if⁴ / n − (Σ_i x_if² / n)²] of columns {@code x}. */
    static double criterion(double[][] x, int rows) {
        double total = 0;
        for (double[] column : x) {
            double squares = 0;
            double fourths = 0;
            for (int i = 0; i < rows; i++) {
                double s = column[i] * column[i];
                squares += s;
                fourths += s * s;
            }
            total += fourths / rows - (squares / rows) * (squares / rows);
        }
        return total;
    }

    /**
     * Folds into {@code r} the order of the rotated factors by variance share, largest first (ties
     * by index), and the sign that makes each factor's weighted item skew positive.
     */
    private static double[] canonical(FactorModel model, double[] r, double[] weights, int k) {
        double[] p = multiply(toDoubles(model.userFactors()), r, k);
        double[] q = multiply(toDoubles(model.itemFactors()), r, k);
        double[] shares = FactorAnalysis.varianceShares(p, q, k);
        int[] order = new int[k];
        for (int f = 0; f < k; f++) {
            order[f] = f;
        }
        for (int f = 1; f < k; f++) {
            int moving = order[f];
            int t = f;
            while (t > 0 && shares[order[t - 1]] < shares[moving]) {
                order[t] = order[t - 1];
                t--;
            }
            order[t] = moving;
        }
        double[] result = new double[k * k];
        for (int f = 0; f < k; f++) {
            int from = order[f];
            double sign = skew(q, weights, k, from) < 0 ? -1 : 1;
            for (int t = 0; t < k; t++) {
                result[t * k + f] = sign * r[t * k + from];
            }
        }
        return result;
    }

    /** The weighted third central moment of column {@code f} of {@code q} (n × k). */
    static double skew(double[] q, double[] weights, int k, int f) {
        double weightSum = 0;
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            weightSum += weights[i];
            sum += weights[i] * q[i * k + f];
        }
        if (weightSum == 0) {
            return 0;
        }
        double mean = sum / weightSum;
        double third = 0;
        for (int i = 0; i < weights.length; i++) {
            double d = q[i * k + f] - mean;
            third += weights[i] * d * d * d;
        }
        return third / weightSum;
    }

    /** {@code a · r} for {@code a} with rows of length k (row-major) and r k × k. */
    private static double[] multiply(double[] a, double[] r, int k) {
        double[] out = new double[a.length];
        for (int start = 0; start < a.length; start += k) {
            for (int t = 0; t < k; t++) {
                double x = a[start + t];
                if (x != 0) {
                    for (int f = 0; f < k; f++) {
                        out[start + f] += x * r[t * k + f];
                    }
                }
            }
        }
        return out;
    }

    private static double squaredNorm(double[] q, int row, int k) {
        double sum = 0;
        for (int f = 0; f < k; f++) {
            sum += q[row * k + f] * q[row * k + f];
        }
        return sum;
    }

    static double[] toDoubles(FloatBuffer buffer) {
        double[] out = new double[buffer.remaining()];
        for (int j = 0; j < out.length; j++) {
            out[j] = buffer.get(buffer.position() + j);
        }
        return out;
    }

    private static float[] toFloats(FloatBuffer buffer) {
        float[] out = new float[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    private static int[] toInts(IntBuffer buffer) {
        int[] out = new int[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    @Override
    public String toString() {
        return "FactorRotation[" + name + ", k=" + rank + "]";
    }
}
