package dev.latent.cli.report;

import dev.latent.cli.report.TuningReport.Trial;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TuningReportTest {

    private static Trial trial(int factors, double lr, String schedule, double rmse) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("factors", factors);
        parameters.put("lr", lr);
        parameters.put("schedule", schedule);
        return new Trial(parameters, rmse, 0.01, 20, 1.5, new double[]{rmse - 0.01, rmse, rmse + 0.01},
                List.of(new LearningCurve("fold 1", new double[]{1.0, 0.9, 0.85}, new double[]{1.0, 0.95, 0.94})));
    }

    /** A 2 × 2 grid over factors and lr; schedule fixed. */
    private static List<Trial> grid() {
        return List.of(trial(16, 0.005, "adagrad", 0.93), trial(16, 0.05, "adagrad", 0.92),
                trial(64, 0.005, "adagrad", 0.95), trial(64, 0.05, "adagrad", 0.91));
    }

    @Test
    void build_twoVaryingParameters_landscapePerParameterAndHeatMap() {
        String html = TuningReport.build("u1.base, 3 folds", "biased-mf", "rmse", true, grid()).render();

        assertEquals(2, SvgChartTest.count(html, "<title>rmse against "), "one landscape per varying parameter");
        assertFalse(html.contains("rmse against schedule"), "a fixed parameter has no landscape");
        assertEquals(1, SvgChartTest.count(html, "<title>rmse by factors and lr"));
        assertTrue(html.contains(">0.9100<") && html.contains(">0.9500<"), "heat-map cells are labelled");
    }

    @Test
    void build_lowerIsBetter_ranksAscendingAndShowsBest() {
        String html = TuningReport.build("t", "biased-mf", "rmse", true, grid()).render();

        int first = html.indexOf("0.9100 ± 0.0100");
        int last = html.lastIndexOf("0.9500 ± 0.0100");
        assertTrue(first > 0 && first < last);
        int table = html.indexOf("All trials, best first");
        List<String> order = new ArrayList<>();
        for (String rmse : List.of("0.9100", "0.9200", "0.9300", "0.9500")) {
            order.add(rmse);
            assertTrue(html.indexOf(rmse + " ± ", table) > 0);
        }
        for (int i = 1; i < order.size(); i++) {
            assertTrue(html.indexOf(order.get(i - 1) + " ± ", table) < html.indexOf(order.get(i) + " ± ", table));
        }
    }

    @Test
    void build_higherIsBetter_ranksDescending() {
        String html = TuningReport.build("t", "ials", "ndcg@10", false, grid()).render();

        int table = html.indexOf("All trials, best first");
        assertTrue(html.indexOf("0.9500 ± ", table) < html.indexOf("0.9100 ± ", table));
        assertTrue(html.contains("darker is higher, better"));
    }

    @Test
    void build_oneVaryingParameter_noHeatMap_bestTrialCurvesDrawn() {
        List<Trial> trials = List.of(trial(16, 0.01, "adagrad", 0.93), trial(32, 0.01, "adagrad", 0.92),
                trial(64, 0.01, "adagrad", 0.925));

        String html = TuningReport.build("t", "biased-mf", "rmse", true, trials).render();

        assertFalse(html.contains("rmse by "));
        // the landscape's best-per-value line (3 points) and the best trial's training and validation curves (3 each)
        assertEquals(List.of(3, 3, 3), SvgChartTest.polylinePointCounts(html));
        assertTrue(html.contains("rmse per fold of the best trial"));
    }

    @Test
    void build_categoricalParameter_usesItsNamesAsTicks() {
        List<Trial> trials = List.of(trial(16, 0.01, "adagrad", 0.93), trial(16, 0.01, "constant", 0.95));

        String html = TuningReport.build("t", "biased-mf", "rmse", true, trials).render();

        assertTrue(html.contains(">adagrad</text>") && html.contains(">constant</text>"));
    }

    @Test
    void build_noTrials_throws() {
        assertThrows(IllegalArgumentException.class, () -> TuningReport.build("t", "a", "rmse", true, List.of()));
    }
}
