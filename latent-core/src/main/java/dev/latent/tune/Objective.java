package dev.latent.tune;

/**
 * Scores one configuration; {@link TrialRunner} trains and cross-validates, tests pass a known
 * function. Called from several threads at once, so an implementation must be thread-safe.
 */
@FunctionalInterface
public interface Objective {

    /** The result of configuration {@code configuration}, proposed as trial {@code index}. */
    TrialResult evaluate(int index, Configuration configuration);
}
