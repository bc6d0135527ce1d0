package dev.latent.tune;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParameterSpaceTest {

    @Test
    void parse_gridText_keepsAxesAndValuesInOrder() {
        ParameterSpace space = ParameterSpace.parse(" factors=16, 32,64 ; lr=0.005,0.01;reg=0.02 ;");

        assertEquals(List.of("factors", "lr", "reg"), space.names());
        assertEquals(List.of("16", "32", "64"), space.axes().get(0).values());
        assertEquals(6, space.gridSize());
        assertEquals("factors=16,32,64;lr=0.005,0.01;reg=0.02", space.toString());
    }

    @Test
    void parse_emptyText_failsSayingEmpty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParameterSpace.parse(" ; "));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void parse_missingValues_failsNamingTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParameterSpace.parse("factors=16;lr=0.01,"));
        assertTrue(e.getMessage().contains("'lr'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ParameterSpace.parse("factors"));
        assertTrue(e.getMessage().contains("'factors'"), e.getMessage());
    }

    @Test
    void parse_repeatedName_failsNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParameterSpace.parse("lr=1;lr=2"));
        assertEquals("parameter 'lr' is given twice", e.getMessage());
    }
}
