/** Checksummed, versioned binary files: big-endian bulk-buffered reading and writing, and atomic replacement of the target; shared by model files and rating caches. */
package dev.latent.io.binary;
