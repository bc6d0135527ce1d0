package dev.latent.bench.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One scenario's command-line options, {@code --name value}, {@code --name=value} or a bare
 * {@code --flag}; every problem (unknown, repeated or missing option, bad value) is a
 * {@link BadOptionException} whose message is one line naming the option and the value.
 */
final class Options {
    private final String scenario;
    private final Map<String, String> values;
    private final Set<String> flags;

    private Options(String scenario, Map<String, String> values, Set<String> flags) {
        this.scenario = scenario;
        this.values = values;
        this.flags = flags;
    }

    /** A bad command line, said in one line. */
    static final class BadOptionException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadOptionException(String message) {
            super(message);
        }
    }

    /**
     * Parses {@code args} for {@code scenario}, which takes the options named in {@code valued}
     * (each followed by a value) and the flags in {@code flagNames}.
     */
    static Options parse(String scenario, List<String> args, Set<String> valued, Set<String> flagNames) {
        Map<String, String> values = new HashMap<>();
        Set<String> flags = new HashSet<>();
        for (int k = 0; k < args.size(); k++) {
            String arg = args.get(k);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new BadOptionException("unexpected argument '" + arg + "' for " + scenario + " (options start with --)");
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
            if (flagNames.contains(name)) {
                if (equals >= 0) {
                    throw new BadOptionException("--" + name + " takes no value");
                }
                flags.add(name);
                continue;
            }
            if (!valued.contains(name)) {
                throw new BadOptionException("unknown option --" + name + " for " + scenario);
            }
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (k + 1 < args.size()) {
                value = args.get(++k);
            } else {
                throw new BadOptionException("--" + name + " needs a value");
            }
            if (values.put(name, value) != null) {
                throw new BadOptionException("--" + name + " is given twice");
            }
        }
        return new Options(scenario, values, flags);
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String required(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new BadOptionException(scenario + " needs --" + name);
        }
        return value;
    }

    /** A number > 0, {@code fallback} when absent. */
    double positive(String name, double fallback) {
        if (!has(name)) {
            return fallback;
        }
        double value = number(name, fallback);
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new BadOptionException("--" + name + " must be a positive number but was " + values.get(name));
        }
        return value;
    }

    /** A number ≥ 0, {@code fallback} when absent. */
    double nonNegative(String name, double fallback) {
        if (!has(name)) {
            return fallback;
        }
        double value = number(name, fallback);
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new BadOptionException("--" + name + " must be a number ≥ 0 but was " + values.get(name));
        }
        return value;
    }

    /** An integer ≥ 1, {@code fallback} when absent. */
    int positiveInt(String name, int fallback) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadOptionException("--" + name + " must be a positive integer but was " + text);
    }

    long longValue(String name, long fallback) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new BadOptionException("--" + name + " must be an integer but was " + text);
        }
    }

    /** A TCP port 1..65535, {@code fallback} when absent. */
    int port(String name, int fallback) {
        int port = positiveInt(name, fallback);
        if (port > 65535) {
            throw new BadOptionException("--" + name + " must be a port 1..65535 but was " + port);
        }
        return port;
    }

    /** {@code http://host:port} (a path or trailing slash is dropped), required. */
    URI baseUrl(String name) {
        String text = required(name);
        try {
            URI uri = new URI(text);
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new URISyntaxException(text, "not http://host[:port]");
            }
            return new URI("http", null, uri.getHost(), uri.getPort(), null, null, null);
        } catch (URISyntaxException e) {
            throw new BadOptionException("--" + name + " must be a URL like http://127.0.0.1:8080 but was " + text);
        }
    }

    /** A path, {@code null} when absent and not required. */
    Path path(String name, boolean required) {
        String text = required ? required(name) : values.get(name);
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            throw new BadOptionException("--" + name + " must be a path but was empty");
        }
        return Path.of(text);
    }

    private double number(String name, double fallback) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new BadOptionException("--" + name + " must be a number but was " + text);
        }
    }
}
