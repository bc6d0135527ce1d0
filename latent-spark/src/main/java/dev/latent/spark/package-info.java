/**
 * Latent on Apache Spark: biased MF trained by distributed stratified SGD ({@link dev.latent.spark.DsgdTrainer}),
 * the Spark ML pair {@link dev.latent.spark.LatentMF} / {@link dev.latent.spark.LatentMFModel}, models
 * moved to and from Spark's ALS layout ({@link dev.latent.spark.SparkAlsFormat}), Spark MLlib's own ALS
 * as a labelled delegate ({@link dev.latent.spark.MllibAlsTrainer}), and the command line behind
 * {@code ./latent spark} ({@link dev.latent.spark.SparkTool}).
 */
package dev.latent.spark;
