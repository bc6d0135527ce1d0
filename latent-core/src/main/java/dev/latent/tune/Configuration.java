package dev.latent.tune;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import java.util.StringJoiner;

/**
 * One point of a {@link ParameterSpace}: parameter name → value as text, in the space's axis
 * order. Values stay text so that they reach the trainer exactly as the user wrote them; two
 * configurations are equal when they hold the same names and values.
 *
 * @param values parameter name → value, in axis order
 */
public record Configuration(SequencedMap<String, String> values) {

    public Configuration {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a configuration needs at least one parameter");
        }
        values = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(values));
    }

    /** A configuration from alternating names and values: {@code of("factors", "16", "lr", "0.01")}. */
    public static Configuration of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must alternate");
        }
        SequencedMap<String, String> values = new LinkedHashMap<>();
        for (int k = 0; k < namesAndValues.length; k += 2) {
            values.put(namesAndValues[k], namesAndValues[k + 1]);
        }
        return new Configuration(values);
    }

    public String get(String name) {
        return values.get(name);
    }

    /** This configuration with {@code name} set to {@code value}, keeping the order. */
    public Configuration with(String name, String value) {
        SequencedMap<String, String> copy = new LinkedHashMap<>(values);
        copy.put(name, value);
        return new Configuration(copy);
    }

    /** "factors=16 lr=0.01" */
    @Override
    public String toString() {
        StringJoiner text = new StringJoiner(" ");
        for (Map.Entry<String, String> entry : values.entrySet()) {
            text.add(entry.getKey() + "=" + entry.getValue());
        }
        return text.toString();
    }
}
