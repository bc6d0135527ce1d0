package dev.latent.cli;

import dev.latent.io.Json;

import java.util.Map;

/**
 * Reads the JSON the CLI writes, for tests, through core's strict {@link Json#parse}: objects
 * become maps (key order kept), arrays lists, numbers {@link Double}s; anything malformed,
 * trailing text included, throws.
 */
final class JsonParser {
    private JsonParser() {
    }

    static Object parse(String text) {
        return Json.parse(text);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(String text) {
        if (parse(text) instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException("not a JSON object: " + text);
    }
}
