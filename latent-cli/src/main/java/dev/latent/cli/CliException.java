package dev.latent.cli;

/** A user's mistake the CLI reports as one line and an exit code, never as a stack trace. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }
}
