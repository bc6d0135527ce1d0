package dev.latent.explain;

import dev.latent.model.FactorModel;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FactorRotationTest {

    @Test
    void identity_matrix_isTheIdentity() {
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, FactorRotation.identity(3).matrix());
    }

    /**
     * Three groups of 10 items, each loading on one factor only, with users spreading 3, 2 and 1 on
     * the factors, hidden by an arbitrary rotation T: varimax must undo T exactly, the factors in
     * the order of the users' spread (variance share) and with positive loadings (positive skew).
     */
    @Test
    void varimax_plantedSimpleStructure_recoversItInCanonicalOrderAndSign() {
        int k = 3;
        int n = 30;
        int m = 40;
        double[] loadings = new double[n * k];
        int[] groupOfFactor = {2, 0, 1}; // group g loads on planted factor groupOfFactor[g]
        for (int i = 0; i < n; i++) {
            loadings[i * k + groupOfFactor[i % 3]] = 0.5 + 0.05 * (i / 3);
        }
        double[] spread = {1, 3, 2}; // planted factor f's user spread: shares order 1, 2, 0
        SplittableRandom random = new SplittableRandom(3);
        double[] users = new double[m * k];
        for (int j = 0; j < users.length; j++) {
            users[j] = spread[j % k] * (random.nextDouble() - 0.5);
        }
        double[] t = rotation(0.7, -0.4, 1.1);
        FactorModel model = Models.of(k, toFloats(multiply(users, t, k)), toFloats(multiply(loadings, t, k)), null);

        FactorRotation rotation = FactorRotation.varimax(model);
        float[] q = Models.array(rotation.apply(model).itemFactors());

        int[] planted = {1, 2, 0};
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < k; f++) {
                assertEquals(loadings[i * k + planted[f]], q[i * k + f], 1e-5, "item " + i + ", factor " + f);
            }
        }
        assertTrue(Models.orthogonalityError(rotation.matrix(), k) < 1e-12);
    }

    @Test
    void varimax_randomModel_isOrthogonalWithin1e9AndCanonical() {
        FactorModel model = Models.random(30, 50, 6, 11);

        FactorRotation rotation = FactorRotation.varimax(model);
        FactorModel rotated = rotation.apply(model);

        assertTrue(Models.orthogonalityError(rotation.matrix(), 6) < 1e-9);
        double[] shares = FactorAnalysis.varianceShares(rotated);
        double[] weights = RatingCounts.of(rotated);
        double[] q = FactorRotation.toDoubles(rotated.itemFactors());
        for (int f = 0; f < 6; f++) {
            if (f > 0) {
                assertTrue(shares[f] <= shares[f - 1] + 1e-12, "shares out of order at " + f);
            }
            assertTrue(FactorRotation.skew(q, weights, 6, f) >= 0, "negative skew of factor " + f);
        }
    }

    @Test
    void apply_randomModel_keepsScoresIdsBiasesAndSeenListsAndNamesTheRotation() {
        FactorModel model = Models.random(20, 25, 5, 5);

        FactorModel rotated = FactorRotation.varimax(model).apply(model);

        for (int u = 0; u < 20; u++) {
            for (int i = 0; i < 25; i++) {
                assertEquals(model.score(u, i), rotated.score(u, i), 1e-5);
            }
        }
        assertEquals(model.users(), rotated.users());
        assertEquals(model.items(), rotated.items());
        assertEquals(model.itemBiases(), rotated.itemBiases());
        assertEquals(model.userBiases(), rotated.userBiases());
        assertEquals(model.seenItems(), rotated.seenItems());
        assertEquals(model.seenStarts(), rotated.seenStarts());
        assertEquals(model.stats(), rotated.stats());
        assertEquals("varimax", rotated.parameters().get("rotation"));
        assertEquals("5", rotated.parameters().get("factors"));
    }

    @Test
    void apply_identity_keepsTheFactorsBitForBit() {
        FactorModel model = Models.random(5, 6, 3, 1);

        FactorModel same = FactorRotation.identity(3).apply(model);

        assertArrayEquals(Models.array(model.itemFactors()), Models.array(same.itemFactors()));
        assertArrayEquals(Models.array(model.userFactors()), Models.array(same.userFactors()));
    }

    @Test
    void apply_otherRank_throws() {
        FactorModel model = Models.random(5, 6, 3, 1);

        assertThrows(IllegalArgumentException.class, () -> FactorRotation.identity(4).apply(model));
    }

    @Test
    void varimax_oneFactor_keepsTheFactorUpToSign() {
        float[] q = {-3, -1, -1, -1, 0};
        FactorModel model = Models.of(1, new float[] {1, 2}, q, null);

        // Skew of {-3, -1, -1, -1, 0} is negative, so the one factor is flipped.
        assertArrayEquals(new double[] {-1}, FactorRotation.varimax(model).matrix());
    }

    private static double[] rotation(double a, double b, double c) {
        double[] x = {1, 0, 0, 0, Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a)};
        double[] y = {Math.cos(b), 0, Math.sin(b), 0, 1, 0, -Math.sin(b), 0, Math.cos(b)};
        double[] z = {Math.cos(c), -Math.sin(c), 0, Math.sin(c), Math.cos(c), 0, 0, 0, 1};
        return multiply(multiply(x, y, 3), z, 3);
    }

    private static double[] multiply(double[] a, double[] r, int k) {
        double[] out = new double[a.length];
        for (int row = 0; row < a.length / k; row++) {
            for (int f = 0; f < k; f++) {
                for (int t = 0; t < k; t++) {
                    out[row * k + f] += a[row * k + t] * r[t * k + f];
                }
            }
        }
        return out;
    }

    private static float[] toFloats(double[] a) {
        float[] out = new float[a.length];
        for (int j = 0; j < a.length; j++) {
            out[j] = (float) a[j];
        }
        return out;
    }
}
