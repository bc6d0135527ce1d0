/**
 * Top-N ranking evaluation: scorers that rank the whole catalogue for a user, and precision,
 * recall, NDCG, MAP, MRR, hit rate and coverage at k over held-out interactions.
 */
package dev.latent.eval.rank;
