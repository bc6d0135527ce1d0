/** Side-by-side baselines against Spark MLlib, compiled only with the Maven profile {@code -Pspark}. */
package dev.latent.bench.spark;
