package dev.latent.tune;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The parameters to tune and the values each may take, parsed from the {@code --grid} grammar
 * {@code "factors=16,32,64;lr=0.005,0.01;reg=0.02,0.05"}: axes separated by {@code ;}, values by
 * {@code ,}, blanks around either ignored. Names are the CLI's option names without dashes; this
 * class checks only the shape (a name, at least one value, no repeats), and what a name and a value
 * mean is checked by whoever builds trainers from them.
 *
 * @param axes the axes in the order given
 */
public record ParameterSpace(List<Axis> axes) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    public ParameterSpace {
        if (axes.isEmpty()) {
            throw new IllegalArgumentException("the parameter space is empty: give at least one name=values");
        }
        Set<String> names = new HashSet<>();
        for (Axis axis : axes) {
            if (!names.add(axis.name())) {
                throw new IllegalArgumentException("parameter '" + axis.name() + "' is given twice");
            }
        }
        axes = List.copyOf(axes);
    }

    /**
     * One parameter and its values, in the order given.
     *
     * @param name   the parameter, such as {@code lr}
     * @param values its values as text, at least one, no repeats
     */
    public record Axis(String name, List<String> values) {
        public Axis {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid parameter name '" + name + "'");
            }
            if (values.isEmpty()) {
                throw new IllegalArgumentException("parameter '" + name + "' has no values");
            }
            if (new HashSet<>(values).size() != values.size()) {
                throw new IllegalArgumentException("parameter '" + name + "' repeats a value: " + String.join(",", values));
            }
            for (String value : values) {
                if (value.isEmpty()) {
                    throw new IllegalArgumentException("parameter '" + name + "' has an empty value");
                }
            }
            values = List.copyOf(values);
        }

        public int size() {
            return values.size();
        }
    }

    /** Parses {@code "name=v1,v2;name=v1"}; a malformed text fails naming the part at fault. */
    public static ParameterSpace parse(String text) {
        List<Axis> axes = new ArrayList<>();
        for (String part : text.split(";")) {
            String trimmed = part.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("'" + trimmed + "' is not name=values");
            }
            String name = trimmed.substring(0, equals).strip();
            List<String> values = new ArrayList<>();
            for (String value : trimmed.substring(equals + 1).split(",", -1)) {
                values.add(value.strip());
            }
            axes.add(new Axis(name, values));
        }
        return new ParameterSpace(axes);
    }

    public List<String> names() {
        return axes.stream().map(Axis::name).toList();
    }

    /** The number of configurations in the full grid. */
    public long gridSize() {
        long size = 1;
        for (Axis axis : axes) {
            size = Math.multiplyExact(size, axis.size());
        }
        return size;
    }

    /** The configuration that takes value {@code positions[a]} on axis {@code a}. */
    public Configuration at(int[] positions) {
        SequencedMap<String, String> values = new LinkedHashMap<>();
        for (int a = 0; a < axes.size(); a++) {
            values.put(axes.get(a).name(), axes.get(a).values().get(positions[a]));
        }
        return new Configuration(values);
    }

    /** "factors=16,32;lr=0.01" */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (Axis axis : axes) {
            parts.add(axis.name() + "=" + String.join(",", axis.values()));
        }
        return String.join(";", parts);
    }
}
