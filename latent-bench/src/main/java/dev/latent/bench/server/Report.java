package dev.latent.bench.server;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** How the scenarios print latencies: milliseconds with three decimals, in text and as JSON. */
final class Report {
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};
    private static final String[] NAMES = {"p50", "p90", "p99", "p99.9"};

    private Report() {
    }

    /** Nanoseconds as milliseconds rounded to microseconds. */
    static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }

    /** {@code p50 1.234  p90 …  p99 …  p99.9 …  max …  (mean …)}, in milliseconds. */
    static String latencyLine(LatencyHistogram latencies) {
        StringBuilder line = new StringBuilder();
        for (int k = 0; k < PERCENTILES.length; k++) {
            line.append(NAMES[k]).append(' ').append(format(ms(latencies.valueAt(PERCENTILES[k])))).append("  ");
        }
        line.append("max ").append(format(ms(latencies.max())));
        line.append("  (mean ").append(format(ms(Math.round(latencies.mean())))).append(')');
        return line.toString();
    }

    /** {@code {"p50": …, "p90": …, "p99": …, "p99.9": …, "max": …, "mean": …}} in milliseconds. */
    static Map<String, Object> latencyJson(LatencyHistogram latencies) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int k = 0; k < PERCENTILES.length; k++) {
            out.put(NAMES[k], ms(latencies.valueAt(PERCENTILES[k])));
        }
        out.put("max", ms(latencies.max()));
        out.put("mean", ms(Math.round(latencies.mean())));
        return out;
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    static String format1(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** A rate, a duration or a share, rounded for JSON. */
    static double round3(double value) {
        return Math.round(value * 1e3) / 1e3;
    }
}
