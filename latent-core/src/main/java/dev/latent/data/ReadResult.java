package dev.latent.data;

import java.util.Objects;

/**
 * What a {@link RatingReader} read: the ratings and a report on how the file looked.
 *
 * @param ratings a {@link RatingMatrix} or a {@link RatingList}
 * @param report  counts, skipped lines and the detected format
 */
public record ReadResult<T>(T ratings, ReadReport report) {

    public ReadResult {
        Objects.requireNonNull(ratings, "ratings");
        Objects.requireNonNull(report, "report");
    }
}
