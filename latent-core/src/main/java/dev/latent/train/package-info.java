/** What every trainer shares: the trainer contract, per-epoch progress events and the stopping rule. */
package dev.latent.train;
