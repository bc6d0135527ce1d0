package dev.latent.model;

import dev.latent.data.RatingMatrix;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GlobalMeanBaselineTest {
    private static final RatingMatrix TRAIN =
            RatingMatrix.builder().add("u0", "i0", 5).add("u0", "i1", 2).add("u1", "i0", 3.5f).build();

    @Test
    void fit_threeRatings_meanIsTheirAverage() {
        assertEquals(3.5f, GlobalMeanBaseline.fit(TRAIN).mean());
    }

    @Test
    void predict_anyPair_isTheMean() {
        GlobalMeanBaseline baseline = GlobalMeanBaseline.fit(TRAIN);
        assertEquals(3.5f, baseline.predict(0, 0));
        assertEquals(3.5f, baseline.predict(1, 1));
    }

    @Test
    void predict_unknownIds_isTheMean() {
        assertEquals(3.5f, GlobalMeanBaseline.fit(TRAIN).predict(-1, -1));
    }

    @Test
    void fit_emptyMatrix_throws() {
        var e = assertThrows(IllegalArgumentException.class, () -> GlobalMeanBaseline.fit(TRAIN.select(new int[0])));
        assertEquals("cannot fit a global mean on an empty rating matrix", e.getMessage());
    }
}
