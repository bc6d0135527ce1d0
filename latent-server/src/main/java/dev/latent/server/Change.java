package dev.latent.server;

import java.util.Objects;

/**
 * One written preference: user {@code user} gave item {@code item} the value {@code value}, or
 * (when {@code delete}) no longer has a preference for it. The unit of {@code POST /ingest},
 * {@code POST|DELETE /pref} and the write-ahead log.
 *
 * @param value     the rating or strength; 0 for a delete
 * @param timestamp seconds since the epoch as the client gave it, or {@link #NO_TIMESTAMP}
 */
record Change(String user, String item, float value, long timestamp, boolean delete) {
    static final long NO_TIMESTAMP = Long.MIN_VALUE;

    Change {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(item, "item");
        if (!delete && !Float.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite but was " + value);
        }
    }

    static Change set(String user, String item, float value, long timestamp) {
        return new Change(user, item, value, timestamp, false);
    }

    static Change remove(String user, String item, long timestamp) {
        return new Change(user, item, 0f, timestamp, true);
    }
}
