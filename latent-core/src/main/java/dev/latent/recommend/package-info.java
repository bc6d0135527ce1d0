/** Top-N recommendation and item similarity from a trained factor model. */
package dev.latent.recommend;
