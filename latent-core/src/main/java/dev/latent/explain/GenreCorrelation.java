package dev.latent.explain;

/** Pearson correlation, over the training ratings, between a factor's item loadings and one genre's 0/1 indicator. */
public record GenreCorrelation(String genre, double correlation) {
}
