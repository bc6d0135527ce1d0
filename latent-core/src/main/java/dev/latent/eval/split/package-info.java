/**
 * Ways to cut a rating matrix into training and test parts: a seeded holdout, k-fold
 * cross-validation, per-user holdout, leave-one-out and a global time cut.
 */
package dev.latent.eval.split;
