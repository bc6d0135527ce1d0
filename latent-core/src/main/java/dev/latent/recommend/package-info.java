/** Top-N recommendation, item similarity and the fold-in of new users for a trained factor model. */
package dev.latent.recommend;
