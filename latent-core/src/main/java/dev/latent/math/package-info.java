/** The hot numeric kernels (dot product, fused SGD step) with a Vector API path and a scalar twin, and the small dense solvers (Cholesky, conjugate gradient) of the ALS trainers. */
package dev.latent.math;
