/** The HTTP JSON recommendation service: one handler per endpoint over one immutable, swappable serving model. */
package dev.latent.server;
