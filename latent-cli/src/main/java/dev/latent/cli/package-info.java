/** The {@code latent} command line: one class per subcommand, picocli for parsing, JSON for machines. */
package dev.latent.cli;
