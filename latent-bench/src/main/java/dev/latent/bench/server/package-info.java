/** Load generators that measure the HTTP server's acceptance: open-loop latency, model swaps under load, and crash-restart durability. */
package dev.latent.bench.server;
