/** Model files: saving a trained model atomically and loading it back bit for bit, in the format of {@code docs/model-format.md}. */
package dev.latent.io;
