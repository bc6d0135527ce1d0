package dev.latent.tune;

import java.util.List;

/**
 * A search strategy over a {@link ParameterSpace}: which configurations to evaluate next, given
 * the results so far.
 *
 * <p>Call order: the {@link Tuner} calls {@link #next} with no results, evaluates the returned batch
 * (in parallel, in any order), then calls {@code next} again with every result so far, sorted by
 * trial index, until it returns an empty list. A search never proposes a configuration twice and
 * is deterministic: the same results give the same proposals, which is what lets a journal replay
 * a run.
 */
public interface Search {

    /** The next batch to evaluate, in proposal order; empty when the search is done. */
    List<Configuration> next(List<TrialResult> results);

    /** An upper bound of the configurations this search proposes in all, for progress display. */
    long maxTrials();
}
