/**
 * Matrix factorisation by alternating least squares: explicit ALS with weighted-λ regularisation
 * and implicit-feedback ALS.
 */
package dev.latent.train.als;
