package dev.latent.tune;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three strategies, driven by known objectives rather than training. */
class SearchTest {

    @Test
    void grid_twoByThree_enumeratesEveryCombinationLastAxisFastest() {
        List<Configuration> grid = new GridSearch(ParameterSpace.parse("factors=8,16;lr=0.1,0.2,0.3")).next(List.of());

        assertEquals(List.of("factors=8 lr=0.1", "factors=8 lr=0.2", "factors=8 lr=0.3",
                "factors=16 lr=0.1", "factors=16 lr=0.2", "factors=16 lr=0.3"), grid.stream().map(Configuration::toString).toList());
    }

    @Test
    void grid_afterTheFirstBatch_isDone() {
        GridSearch search = new GridSearch(ParameterSpace.parse("factors=8,16"));
        search.next(List.of());
        assertEquals(List.of(), search.next(List.of()));
    }

    @Test
    void random_sameSeed_sameDrawsInRangeAndLogUniformForLr() {
        ParameterSpace space = ParameterSpace.parse("factors=8,64;lr=0.001,0.1;schedule=adagrad,constant");
        List<Configuration> first = new RandomSearch(space, 400, 7).next(List.of());
        List<Configuration> again = new RandomSearch(space, 400, 7).next(List.of());

        assertEquals(first, again);
        assertEquals(400, first.size());
        assertEquals(400, new HashSet<>(first).size());
        int belowGeometricMiddle = 0;
        Set<String> schedules = new HashSet<>();
        for (Configuration c : first) {
            int factors = Integer.parseInt(c.get("factors"));
            double lr = Double.parseDouble(c.get("lr"));
            assertTrue(factors >= 8 && factors <= 64, c.toString());
            assertTrue(lr >= 0.001 && lr <= 0.1, c.toString());
            belowGeometricMiddle += lr < 0.01 ? 1 : 0;
            schedules.add(c.get("schedule"));
        }
        // log-uniform: half below √(0.001·0.1) = 0.01; uniform would put only 9% there
        assertTrue(belowGeometricMiddle > 160 && belowGeometricMiddle < 240, "below 0.01: " + belowGeometricMiddle);
        assertEquals(Set.of("adagrad", "constant"), schedules);
    }

    @Test
    void random_smallSpace_drawsEachConfigurationOnce() {
        List<Configuration> drawn = new RandomSearch(ParameterSpace.parse("factors=8,9;solver=cg,cholesky,x"), 50, 1).next(List.of());
        assertEquals(6, drawn.size());
        assertEquals(6, new HashSet<>(drawn).size());
    }

    @Test
    void line_separableBowl_findsTheOptimumWithFewerTrialsThanTheGridAndNoRepeat() {
        // 9 × 9 × 9 grid; the optimum sits at positions (6, 2, 7)
        ParameterSpace space = ParameterSpace.parse("a=0,1,2,3,4,5,6,7,8;b=0,1,2,3,4,5,6,7,8;c=0,1,2,3,4,5,6,7,8");
        ToDoubleFunction<Configuration> bowl = c -> square(value(c, "a") - 6) + 2 * square(value(c, "b") - 2)
                + 0.5 * square(value(c, "c") - 7) + 0.3 * (value(c, "a") - 6) * (value(c, "b") - 2);
        List<TrialResult> results = drive(new LineSearch(space, false), bowl);

        TrialResult best = results.stream().min(TrialResult.ranking(false)).orElseThrow();
        assertEquals("a=6 b=2 c=7", best.configuration().toString());
        Set<Configuration> distinct = new HashSet<>();
        results.forEach(r -> assertTrue(distinct.add(r.configuration()), "repeated " + r.configuration()));
        assertTrue(results.size() <= space.gridSize() / 3, results.size() + " trials");
    }

    @Test
    void line_higherIsBetter_climbsToTheMaximum() {
        ParameterSpace space = ParameterSpace.parse("a=1,2,3,4,5;b=1,2,3");
        List<TrialResult> results = drive(new LineSearch(space, true), c -> -square(value(c, "a") - 5) - square(value(c, "b") - 1));

        assertEquals("a=5 b=1", results.stream().min(TrialResult.ranking(true)).orElseThrow().configuration().toString());
        assertEquals("a=3 b=2", results.getFirst().configuration().toString(), "starts at the middle of every axis");
    }

    /** Runs a search to its end the way the Tuner does, scoring with {@code objective}. */
    private static List<TrialResult> drive(Search search, ToDoubleFunction<Configuration> objective) {
        List<TrialResult> results = new ArrayList<>();
        List<Configuration> batch;
        while (!(batch = search.next(List.copyOf(results))).isEmpty()) {
            for (Configuration c : batch) {
                results.add(TrialResult.of(results.size(), c, List.of(objective.applyAsDouble(c)), 1, 0));
            }
        }
        return results;
    }

    private static double value(Configuration c, String name) {
        return Double.parseDouble(c.get(name));
    }

    private static double square(double x) {
        return x * x;
    }
}
