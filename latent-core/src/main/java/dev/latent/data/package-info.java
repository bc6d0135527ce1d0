/** Ratings in memory: external-id indexes, the packed rating matrix with its per-user and per-item views, the file reader, the binary cache that spares parsing a large file twice, and item metadata (titles, genres) for display. */
package dev.latent.data;
