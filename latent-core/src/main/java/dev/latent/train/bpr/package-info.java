/** Bayesian Personalised Ranking: pairwise matrix factorisation for implicit feedback by parallel SGD. */
package dev.latent.train.bpr;
