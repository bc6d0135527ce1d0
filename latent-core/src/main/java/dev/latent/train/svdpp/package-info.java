/** SVD++: biased matrix factorisation with an implicit-feedback term per user, trained by SGD. */
package dev.latent.train.svdpp;
