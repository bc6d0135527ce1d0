package dev.latent.tune;

import java.util.ArrayList;
import java.util.List;

/**
 * Every configuration of the space, in one batch, in odometer order: the last axis varies
 * fastest, each axis in the order its values were given.
 */
public final class GridSearch implements Search {
    private final ParameterSpace space;
    private boolean proposed;

    public GridSearch(ParameterSpace space) {
        this.space = space;
    }

    /** The whole grid in odometer order. */
    public static List<Configuration> enumerate(ParameterSpace space) {
        int axes = space.axes().size();
        List<Configuration> all = new ArrayList<>(Math.toIntExact(space.gridSize()));
        int[] positions = new int[axes];
        while (true) {
            all.add(space.at(positions));
            int a = axes - 1;
            while (a >= 0 && ++positions[a] == space.axes().get(a).size()) {
                positions[a] = 0;
                a--;
            }
            if (a < 0) {
                return all;
            }
        }
    }

    @Override
    public List<Configuration> next(List<TrialResult> results) {
        if (proposed) {
            return List.of();
        }
        proposed = true;
        return enumerate(space);
    }

    @Override
    public long maxTrials() {
        return space.gridSize();
    }
}
