/** The hot numeric kernels (dot product, fused SGD step) with a Vector API path and a scalar twin. */
package dev.latent.math;
