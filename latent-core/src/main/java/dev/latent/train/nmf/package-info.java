/** Non-negative matrix factorisation of ratings by multiplicative updates. */
package dev.latent.train.nmf;
