package dev.latent.tune;

/** Hears of each finished trial, one call at a time, for progress display. */
@FunctionalInterface
public interface TrialListener {
    TrialListener NONE = (result, fromJournal, finished, maxTrials) -> { };

    /**
     * @param result      the trial's result
     * @param fromJournal true when it was replayed from the journal rather than run
     * @param finished    how many trials have finished so far, this one included
     * @param maxTrials   the search's upper bound of trials ({@link Search#maxTrials()})
     */
    void onTrial(TrialResult result, boolean fromJournal, int finished, long maxTrials);
}
