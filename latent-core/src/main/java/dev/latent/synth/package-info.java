/** Synthetic rating data drawn from a planted low-rank model, for demos, tests and benchmarks. */
package dev.latent.synth;
