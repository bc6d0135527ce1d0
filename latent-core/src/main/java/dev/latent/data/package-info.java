/** Ratings in memory: external-id indexes, the packed rating matrix with its per-user and per-item views, and the file reader. */
package dev.latent.data;
