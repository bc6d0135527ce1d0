/** Ways to cut a rating matrix into training and test parts: a seeded holdout and k-fold cross-validation. */
package dev.latent.eval.split;
