package dev.latent.tune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Coordinate search over the grid: start at the middle value of every axis (position
 * {@code (n − 1) / 2}, the lower middle), then evaluate, as one batch, every configuration that
 * moves one parameter to a neighbouring value of the current best; the best result so far becomes
 * the new centre, and the search ends when a batch brings no improvement (or the best's neighbours
 * have all been evaluated). No configuration is proposed twice.
 *
 * <p>Each batch moves one parameter at a time, but all such moves of the centre are tried at once
 * so that they run in parallel; the path depends only on the results, never on their timing.
 */
public final class LineSearch implements Search {
    private final ParameterSpace space;
    private final Comparator<TrialResult> ranking;
    private final Set<Configuration> proposed = new HashSet<>();
    private final Map<Configuration, int[]> positions = new HashMap<>();
    private final Set<Configuration> expanded = new HashSet<>();
    private Configuration centre;

    /** {@code higherIsBetter} orders results: true for ranking metrics, false for errors. */
    public LineSearch(ParameterSpace space, boolean higherIsBetter) {
        this.space = space;
        this.ranking = TrialResult.ranking(higherIsBetter);
    }

    @Override
    public List<Configuration> next(List<TrialResult> results) {
        if (centre == null) {
            int[] start = new int[space.axes().size()];
            for (int a = 0; a < start.length; a++) {
                start[a] = (space.axes().get(a).size() - 1) / 2;
            }
            centre = propose(start);
            return List.of(centre);
        }
        Configuration best = results.stream().filter(r -> positions.containsKey(r.configuration()))
                .min(ranking).map(TrialResult::configuration).orElse(null);
        if (best == null || !expanded.add(best)) {
            return List.of();
        }
        centre = best;
        int[] at = positions.get(centre);
        List<Configuration> batch = new ArrayList<>();
        for (int a = 0; a < at.length; a++) {
            for (int step : new int[] {-1, 1}) {
                int moved = at[a] + step;
                if (moved < 0 || moved >= space.axes().get(a).size()) {
                    continue;
                }
                int[] neighbour = at.clone();
                neighbour[a] = moved;
                Configuration configuration = space.at(neighbour);
                if (!proposed.contains(configuration)) {
                    batch.add(propose(neighbour));
                }
            }
        }
        return batch;
    }

    @Override
    public long maxTrials() {
        return space.gridSize();
    }

    private Configuration propose(int[] at) {
        Configuration configuration = space.at(at);
        proposed.add(configuration);
        positions.put(configuration, at.clone());
        return configuration;
    }
}
