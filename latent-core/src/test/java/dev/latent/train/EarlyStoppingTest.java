package dev.latent.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EarlyStoppingTest {

    @Test
    void tracker_stopsAfterPatienceEpochsWithoutImprovement_keepingTheBestModel() {
        EarlyStopping.Tracker<String> tracker = new EarlyStopping(2, 0.01).tracker();
        assertNull(tracker.best());

        assertFalse(tracker.record(0.90, "e1"));
        assertFalse(tracker.record(0.85, "e2"));
        // Better, but by less than minDelta: kept as the best model, yet counted against patience.
        assertFalse(tracker.record(0.845, "e3"));
        assertTrue(tracker.record(0.86, "e4"));

        assertEquals("e3", tracker.best());
    }

    @Test
    void tracker_anImprovementLargerThanMinDelta_resetsPatience() {
        EarlyStopping.Tracker<String> tracker = new EarlyStopping(2, 0.01).tracker();

        assertFalse(tracker.record(0.90, "e1"));
        assertFalse(tracker.record(0.91, "e2"));
        assertFalse(tracker.record(0.80, "e3"));
        assertFalse(tracker.record(0.81, "e4"));
        assertTrue(tracker.record(0.82, "e5"));

        assertEquals("e3", tracker.best());
    }

    @Test
    void constructor_negativePatience_namesTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(-1, 0));

        assertEquals("patience must be non-negative but was -1", e.getMessage());
    }
}
