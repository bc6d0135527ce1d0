package dev.latent.model;

/**
 * Predicts a rating from dense user and item indices. An index of -1 means an id the model never
 * saw; implementations then predict from what they know (the global mean and the other side's
 * bias), never fail.
 */
@FunctionalInterface
public interface Predictor {
    float predict(int user, int item);
}
