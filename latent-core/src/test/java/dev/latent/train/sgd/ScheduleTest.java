package dev.latent.train.sgd;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScheduleTest {

    @Test
    void parse_eachName_roundTripsThroughText() {
        for (String text : new String[] {"constant", "adagrad", "decay:0.25"}) {
            assertEquals(text, Schedule.parse(text).text());
        }
        assertEquals(new Schedule.InverseDecay(0.1f), Schedule.parse(" Decay "));
        assertInstanceOf(Schedule.AdaGrad.class, Schedule.parse("ADAGRAD"));
    }

    @Test
    void rate_inverseDecay_followsTheFormula() {
        Schedule decay = new Schedule.InverseDecay(0.5f);

        assertEquals(0.1f, decay.rate(0.1f, 1));
        assertEquals(0.1f / 2f, decay.rate(0.1f, 3));
        assertEquals(0.1f, new Schedule.Constant().rate(0.1f, 9));
    }

    @Test
    void parse_unknownOrBadRate_clearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schedule.parse("adam"));
        assertEquals("unknown schedule 'adam'; expected constant, decay, decay:RATE or adagrad", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Schedule.parse("decay:-1"));
        assertEquals("decay must be a positive finite number but was -1.0", e.getMessage());
    }
}
