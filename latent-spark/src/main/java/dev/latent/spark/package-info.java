/** Training Latent models on Apache Spark: biased MF by distributed stratified SGD (DSGD). */
package dev.latent.spark;
