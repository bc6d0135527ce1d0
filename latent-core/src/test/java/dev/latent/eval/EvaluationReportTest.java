package dev.latent.eval;

import dev.latent.eval.EvaluationReport.FoldResult;
import dev.latent.eval.EvaluationReport.Summary;
import dev.latent.eval.metric.ErrorMetrics;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluationReportTest {

    private static FoldResult fold(int fold, double modelRmse, double modelMae) {
        Map<String, ErrorMetrics> metrics = new LinkedHashMap<>();
        metrics.put(EvaluationReport.MODEL, new ErrorMetrics(modelRmse, modelMae, 10));
        metrics.put(EvaluationReport.GLOBAL_MEAN, new ErrorMetrics(1, 1, 10));
        return new FoldResult(fold, 90, 10, 0, 0.5, metrics);
    }

    @Test
    void summary_threeFolds_meanAndSampleStd() {
        EvaluationReport report = new EvaluationReport(List.of(fold(1, 1, 0.5), fold(2, 2, 1.0), fold(3, 3, 1.5)));
        // RMSE 1, 2, 3: mean 2, Σ(x − x̄)² = 2, /(3 − 1) = 1. MAE 0.5, 1, 1.5: mean 1, std 0.5.
        assertEquals(new Summary("model", 2, 1, 1, 0.5), report.summary("model"));
        assertEquals(new Summary("global-mean", 1, 0, 1, 0), report.summary("global-mean"));
    }

    @Test
    void summary_singleFold_stdIsZero() {
        EvaluationReport report = new EvaluationReport(List.of(fold(1, 0.9, 0.7)));
        assertEquals(new Summary("model", 0.9, 0, 0.7, 0), report.summary("model"));
    }

    @Test
    void summaries_twoPredictors_inFoldOrder() {
        EvaluationReport report = new EvaluationReport(List.of(fold(1, 1, 1), fold(2, 1, 1)));
        assertEquals(List.of("model", "global-mean"), report.summaries().stream().map(Summary::predictor).toList());
    }

    @Test
    void summary_foldWithEmptyTest_isNaN() {
        FoldResult empty = new FoldResult(2, 5, 0, 0, 0.1, Map.of("model", new ErrorMetrics(Double.NaN, Double.NaN, 0)));
        FoldResult full = new FoldResult(1, 5, 1, 0, 0.1, Map.of("model", new ErrorMetrics(1, 1, 1)));
        assertTrue(Double.isNaN(new EvaluationReport(List.of(full, empty)).summary("model").meanRmse()));
    }

    @Test
    void new_foldsScoringDifferentPredictors_throws() {
        FoldResult modelOnly = new FoldResult(2, 5, 1, 0, 0.1, Map.of("model", new ErrorMetrics(1, 1, 1)));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new EvaluationReport(List.of(fold(1, 1, 1), modelOnly)));
        assertEquals("fold 2 scores [model] but fold 1 scores [model, global-mean]", e.getMessage());
    }

    @Test
    void new_noFolds_throws() {
        assertThrows(IllegalArgumentException.class, () -> new EvaluationReport(List.of()));
    }
}
