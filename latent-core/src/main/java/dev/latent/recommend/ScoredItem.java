package dev.latent.recommend;

/**
 * One recommended or similar item.
 *
 * @param id    the external item id
 * @param index the dense item index
 * @param score the ranking score: the unclipped model score, or a cosine similarity
 */
public record ScoredItem(String id, int index, float score) {
}
