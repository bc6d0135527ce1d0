/** JMH benchmarks of the hot paths: the vector kernels and SGD training epochs. */
package dev.latent.bench;
