/**
 * Hyper-parameter tuning: a parameter space searched by grid, random or line search, each
 * configuration cross-validated with early-stopped epochs, and a journal that lets a run resume.
 */
package dev.latent.tune;
