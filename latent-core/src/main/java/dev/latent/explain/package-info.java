/** Reading a trained model's factors: varimax rotation, per-factor summaries against item genres, and a 2-D item map. */
package dev.latent.explain;
