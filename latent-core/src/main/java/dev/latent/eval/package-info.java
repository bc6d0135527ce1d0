/** Offline evaluation: trains a model on each split, scores it against the baselines and summarises over folds. */
package dev.latent.eval;
