/** Matrix factorisation by stochastic gradient descent: FunkSVD and biased MF. */
package dev.latent.train.sgd;
