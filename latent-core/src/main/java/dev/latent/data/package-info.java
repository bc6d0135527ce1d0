/** Ratings in memory: external-id indexes, the packed rating matrix with its per-user and per-item views, the file reader and the binary cache that spares parsing a large file twice. */
package dev.latent.data;
