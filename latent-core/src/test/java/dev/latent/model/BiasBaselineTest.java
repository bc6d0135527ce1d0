package dev.latent.model;

import dev.latent.data.RatingMatrix;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BiasBaselineTest {
    private static final double EXACT = 1e-12;

    /** u0 rated i0 = 5 and i1 = 3, u1 rated i0 = 4; μ = 4. */
    private static RatingMatrix threeRatings() {
        return RatingMatrix.builder().add("u0", "i0", 5).add("u0", "i1", 3).add("u1", "i0", 4).build();
    }

    @Test
    void fit_oneSweepLambdaOne_matchesHandComputedBiases() {
        // b_i0 = (1 + 0)/(1+2) = 1/3, b_i1 = −1/(1+1) = −1/2,
        // b_u0 = ((1 − 1/3) + (−1 + 1/2))/(1+2) = 1/18, b_u1 = (0 − 1/3)/(1+1) = −1/6.
        BiasBaseline baseline = BiasBaseline.fit(threeRatings(), 1, 1, 1);
        assertEquals(4.0, baseline.globalMean(), EXACT);
        assertEquals(1.0 / 3, baseline.itemBias(0), EXACT);
        assertEquals(-1.0 / 2, baseline.itemBias(1), EXACT);
        assertEquals(1.0 / 18, baseline.userBias(0), EXACT);
        assertEquals(-1.0 / 6, baseline.userBias(1), EXACT);
    }

    @Test
    void fit_twoSweepsLambdaOne_matchesHandComputedBiases() {
        // Second sweep from b_u = (1/18, −1/6): b_i0 = (17/18 + 1/6)/3 = 10/27, b_i1 = (−19/18)/2 = −19/36,
        // b_u0 = ((1 − 10/27) + (−1 + 19/36))/3 = 17/324, b_u1 = (−10/27)/2 = −5/27.
        BiasBaseline baseline = BiasBaseline.fit(threeRatings(), 1, 1, 2);
        assertEquals(10.0 / 27, baseline.itemBias(0), EXACT);
        assertEquals(-19.0 / 36, baseline.itemBias(1), EXACT);
        assertEquals(17.0 / 324, baseline.userBias(0), EXACT);
        assertEquals(-5.0 / 27, baseline.userBias(1), EXACT);
    }

    @Test
    void fit_defaults_useLambdaTenAndFifteenForTenSweeps() {
        // Exact rational iteration with λ_i = 10, λ_u = 15, 10 sweeps (one sweep would give b_i0 = 1/12).
        BiasBaseline baseline = BiasBaseline.fit(threeRatings());
        assertEquals(0.08373408769448373, baseline.itemBias(0), EXACT);
        assertEquals(-0.09094766619519094, baseline.itemBias(1), EXACT);
        assertEquals(0.0004243281471004243, baseline.userBias(0), EXACT);
        assertEquals(-0.005233380480905233, baseline.userBias(1), EXACT);
    }

    @Test
    void predict_knownPair_isMeanPlusBothBiases() {
        BiasBaseline baseline = BiasBaseline.fit(threeRatings(), 1, 1, 1);
        assertEquals((float) (4 - 1.0 / 6 - 1.0 / 2), baseline.predict(1, 1));
    }

    @Test
    void predict_unknownSide_dropsThatBias() {
        BiasBaseline baseline = BiasBaseline.fit(threeRatings(), 1, 1, 1);
        assertEquals((float) (4 - 1.0 / 2), baseline.predict(-1, 1));
        assertEquals((float) (4 + 1.0 / 18), baseline.predict(0, -1));
        assertEquals(4f, baseline.predict(-1, -1));
    }

    @Test
    void predict_sumAboveTrainingRange_clipsToMax() {
        // u0: i0 = 5, i1 = 4; u1: i1 = 1; μ = 10/3. With λ = 0 and one sweep b_i0 = 5/3, b_i1 = −5/6,
        // b_u0 = 3/4, b_u1 = −3/2, so u0·i0 sums to 5.75 and is clipped to 5.
        RatingMatrix train = RatingMatrix.builder().add("u0", "i0", 5).add("u0", "i1", 4).add("u1", "i1", 1).build();
        BiasBaseline baseline = BiasBaseline.fit(train, 0, 0, 1);
        assertEquals(0.75, baseline.userBias(0), EXACT);
        assertEquals(5f, baseline.predict(0, 0));
        assertEquals(3.5f, baseline.predict(1, 0), 1e-6f);
    }

    @Test
    void fit_idWithoutRatings_hasZeroBias() {
        RatingMatrix data = RatingMatrix.builder().add("u0", "i0", 5).add("u1", "i1", 1).build();
        RatingMatrix train = data.select(new int[] {0}); // u1 and i1 keep their indices but lose their rating
        BiasBaseline baseline = BiasBaseline.fit(train, 0, 0, 3);
        assertEquals(0.0, baseline.userBias(1));
        assertEquals(0.0, baseline.itemBias(1));
        assertEquals(5f, baseline.predict(1, 1));
    }

    @Test
    void fit_emptyMatrix_throws() {
        RatingMatrix empty = threeRatings().select(new int[0]);
        var e = assertThrows(IllegalArgumentException.class, () -> BiasBaseline.fit(empty));
        assertEquals("cannot fit biases on an empty rating matrix", e.getMessage());
    }

    @Test
    void fit_negativeRegularization_throwsNamingIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> BiasBaseline.fit(threeRatings(), -1, 15, 10));
        assertEquals("itemRegularization must be a non-negative finite number but was -1.0", e.getMessage());
        var nan = assertThrows(IllegalArgumentException.class,
                () -> BiasBaseline.fit(threeRatings(), 10, Double.NaN, 10));
        assertEquals("userRegularization must be a non-negative finite number but was NaN", nan.getMessage());
    }

    @Test
    void fit_zeroSweeps_throws() {
        var e = assertThrows(IllegalArgumentException.class, () -> BiasBaseline.fit(threeRatings(), 10, 15, 0));
        assertEquals("sweeps must be positive but was 0", e.getMessage());
    }
}
