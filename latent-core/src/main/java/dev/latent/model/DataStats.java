package dev.latent.model;

import dev.latent.data.RatingMatrix;

/** What a model was trained on: shape and rating range of the training matrix. */
public record DataStats(int users, int items, long ratings, float minRating, float maxRating, double meanRating) {

    public DataStats {
        if (users < 0 || items < 0 || ratings < 0) {
            throw new IllegalArgumentException("counts must be non-negative but were users=" + users
                    + ", items=" + items + ", ratings=" + ratings);
        }
    }

    public static DataStats of(RatingMatrix matrix) {
        return new DataStats(matrix.userCount(), matrix.itemCount(), matrix.size(), matrix.min(), matrix.max(), matrix.mean());
    }
}
