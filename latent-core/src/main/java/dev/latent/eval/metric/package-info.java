/** Accuracy metrics of rating predictions: RMSE and MAE. */
package dev.latent.eval.metric;
