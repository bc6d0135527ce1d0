package dev.latent.io;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonTest {

    @Test
    void write_nestedValues_keepsKeyOrderAndFormatsNumbers() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("b", 2);
        value.put("a", List.of(1.5, 3.0, Double.NaN, 0.25f));
        value.put("s", "q\"\\\n\t\u0001");
        value.put("n", null);
        value.put("t", true);

        assertEquals("{\"b\": 2, \"a\": [1.5, 3.0, null, 0.25], \"s\": \"q\\\"\\\\\\n\\t\\u0001\", \"n\": null, \"t\": true}",
                Json.write(value));
    }

    @Test
    void parse_whatWriteWrote_givesTheValuesBackWithNumbersAsDoubles() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("id", "ünï code / \"x\"");
        value.put("list", new ArrayList<>(Arrays.asList(1.0, -2.5e-7, null, false)));
        value.put("nested", Map.of("k", 7.0));

        assertEquals(value, Json.parse(Json.write(value) + "\n"));
    }

    @Test
    void parse_trailingText_isRefusedWithItsPosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1} x"));

        assertEquals("trailing text at character 9", e.getMessage());
    }
}
