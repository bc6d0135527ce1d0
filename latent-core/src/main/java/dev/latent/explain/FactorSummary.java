package dev.latent.explain;

import java.util.List;

/**
 * What one factor of a model means: its share of the variance of p·q, the items loading highest
 * and lowest on it (model item indices, most extreme first), and its correlations with the genres,
 * strongest first (empty without metadata).
 */
public record FactorSummary(int index, double varianceShare, int[] top, int[] bottom, List<GenreCorrelation> genres) {
    /** The smallest |r| at which a genre names a factor. */
    public static final double LABEL_THRESHOLD = 0.2;

    public FactorSummary {
        genres = List.copyOf(genres);
    }

    /**
     * The best-correlated genre when |r| ≥ {@value #LABEL_THRESHOLD}, prefixed "not " when r is
     * negative; null when no genre correlates that strongly.
     */
    public String label() {
        if (genres.isEmpty()) {
            return null;
        }
        GenreCorrelation best = genres.getFirst();
        if (Math.abs(best.correlation()) < LABEL_THRESHOLD) {
            return null;
        }
        return best.correlation() < 0 ? "not " + best.genre() : best.genre();
    }
}
