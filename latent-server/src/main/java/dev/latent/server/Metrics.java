package dev.latent.server;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counts and latencies per endpoint family, lock-free ({@link LongAdder}s fixed at start,
 * so recording a request allocates nothing), written in the Prometheus text format 0.0.4:
 * {@code latent_requests_total{endpoint,status}} by status class (2xx … 5xx),
 * {@code latent_request_seconds} as a histogram with the fixed {@link #BUCKETS}, and
 * {@code latent_model_age_seconds} and {@code latent_model_version} of the served model (absent
 * before one is served).
 */
final class Metrics {
    /** The histogram's upper bounds in seconds; +Inf is implied. */
    static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    /** One endpoint family's counters. */
    private static final class Family {
        final LongAdder[] byStatusClass = adders(STATUS_CLASSES.length);
        /** Requests per bucket, not cumulative; the last is above the largest bound. */
        final LongAdder[] byBucket = adders(BUCKETS.length + 1);
        final LongAdder nanos = new LongAdder();

        private static LongAdder[] adders(int count) {
            LongAdder[] adders = new LongAdder[count];
            for (int k = 0; k < count; k++) {
                adders[k] = new LongAdder();
            }
            return adders;
        }
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** Counters for each of {@code names}, in this order in the text. */
    Metrics(List<String> names) {
        for (String name : names) {
            families.put(name, new Family());
        }
    }

    /**
     * Counts one request of {@code family} that was answered with {@code status} after
     * {@code nanos}; a status outside 100..599 (the client went away before an answer) counts
     * only in the histogram.
     */
    void record(String family, int status, long nanos) {
        Family counters = families.get(family);
        if (status >= 100 && status < 600) {
            counters.byStatusClass[status / 100 - 1].increment();
        }
        double seconds = nanos / 1e9;
        int bucket = 0;
        while (bucket < BUCKETS.length && seconds > BUCKETS[bucket]) {
            bucket++;
        }
        counters.byBucket[bucket].increment();
        counters.nanos.add(nanos);
    }

    /** Every counter as Prometheus text, the model's age measured at {@code now}. */
    String text(ServingModel model, Instant now) {
        StringBuilder out = new StringBuilder(4096);
        out.append("# HELP latent_requests_total Requests answered, by endpoint family and status class.\n");
        out.append("# TYPE latent_requests_total counter\n");
        families.forEach((name, counters) -> {
            for (int k = 0; k < STATUS_CLASSES.length; k++) {
                out.append("latent_requests_total{endpoint=\"").append(name).append("\",status=\"")
                        .append(STATUS_CLASSES[k]).append("\"} ").append(counters.byStatusClass[k].sum()).append('\n');
            }
        });
        out.append("# HELP latent_request_seconds Time to answer a request, by endpoint family.\n");
        out.append("# TYPE latent_request_seconds histogram\n");
        families.forEach((name, counters) -> {
            long cumulative = 0;
            for (int k = 0; k <= BUCKETS.length; k++) {
                cumulative += counters.byBucket[k].sum();
                String le = k < BUCKETS.length ? Double.toString(BUCKETS[k]) : "+Inf";
                out.append("latent_request_seconds_bucket{endpoint=\"").append(name).append("\",le=\"").append(le)
                        .append("\"} ").append(cumulative).append('\n');
            }
            out.append("latent_request_seconds_sum{endpoint=\"").append(name).append("\"} ")
                    .append(String.format(Locale.ROOT, "%.9f", counters.nanos.sum() / 1e9)).append('\n');
            out.append("latent_request_seconds_count{endpoint=\"").append(name).append("\"} ").append(cumulative).append('\n');
        });
        if (model != null) {
            double age = Duration.between(model.loadedAt(), now).toNanos() / 1e9;
            out.append("# HELP latent_model_age_seconds Seconds since the served model was loaded.\n");
            out.append("# TYPE latent_model_age_seconds gauge\n");
            out.append("latent_model_age_seconds ").append(String.format(Locale.ROOT, "%.3f", age)).append('\n');
            out.append("# HELP latent_model_version Which model this process serves: 1 for the first, one more per swap.\n");
            out.append("# TYPE latent_model_version gauge\n");
            out.append("latent_model_version ").append(model.version()).append('\n');
        }
        return out.toString();
    }
}
