package dev.latent.train;

/** Argument checks for config records, with messages that name the parameter and its value. */
public final class ConfigChecks {
    private ConfigChecks() {
    }

    public static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive but was " + value);
        }
        return value;
    }

    public static float positive(String name, float value) {
        if (!(value > 0) || !Float.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a positive finite number but was " + value);
        }
        return value;
    }

    public static int nonNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be non-negative but was " + value);
        }
        return value;
    }

    public static float nonNegative(String name, float value) {
        if (!(value >= 0) || !Float.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a non-negative finite number but was " + value);
        }
        return value;
    }
}
