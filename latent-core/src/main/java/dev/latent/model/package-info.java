/** Trained models: the immutable latent-factor model, the baselines, and the predictor contract they share. */
package dev.latent.model;
