package dev.latent.cli.report;

import dev.latent.cli.report.SvgChart.Axis;
import dev.latent.cli.report.SvgChart.Series;
import dev.latent.cli.report.SvgChart.Style;
import dev.latent.eval.EvaluationReport;
import dev.latent.eval.metric.ErrorMetrics;
import dev.latent.train.bpr.BprTrainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.latent.cli.report.Text.fixed;

/**
 * The reports of {@code latent train} and {@code latent evaluate}, assembled from what the
 * commands already have: the configuration, the epoch events, and the final numbers.
 *
 * <p>Rating evaluation shows each fold's training error per epoch and its final test RMSE as a
 * point at the last epoch, not a test curve: {@link dev.latent.eval.Evaluator} keeps the test
 * ratings away from the trainer (they never steer training), so a per-epoch test error would need
 * the evaluator to hand them to the trainer as a watched-only validation list.
 */
public final class RunReports {
    private RunReports() {
    }

    /** What the per-epoch training error of {@code algorithm} is: RMSE, but BPR's mean loss. */
    public static String errorName(String algorithm) {
        return BprTrainer.ALGORITHM.equals(algorithm) ? "mean BPR loss" : "RMSE";
    }

    /**
     * {@code latent train}: the facts of the run, the learning curve (with the validation curve
     * and the kept epoch under early stopping, {@code keptEpoch} ≤ 0 otherwise) and the configuration.
     */
    public static HtmlReport training(String algorithm, Map<String, String> parameters, Map<String, String> facts,
                                      LearningCurve curve, int keptEpoch) {
        String error = errorName(algorithm);
        HtmlReport report = new HtmlReport("latent train: " + algorithm, describe(parameters));
        report.section("Result").facts(facts);
        report.section("Learning curve");
        List<Series> series = new ArrayList<>(curveSeries(curve, error, 0));
        if (keptEpoch > 0 && keptEpoch <= curve.epochs() && curve.hasValidation()) {
            series.add(new Series("kept epoch " + keptEpoch, new double[]{keptEpoch},
                    new double[]{curve.validation()[keptEpoch - 1]}, Style.POINTS, 2));
        }
        chartOrNote(report, "Training " + error + (curve.hasValidation() ? " and validation RMSE" : "") + " per epoch",
                "epoch", error, series);
        configuration(report, algorithm, parameters);
        return report;
    }

    /**
     * {@code latent evaluate} of ratings: the summary beside the baselines, each fold's learning
     * curve with its final test RMSE, the metrics per fold and the configuration. {@code curves}
     * holds one curve per fold in fold order, or is empty for a saved model.
     */
    public static HtmlReport ratingEvaluation(String title, String algorithm, Map<String, String> parameters,
                                              EvaluationReport result, List<LearningCurve> curves) {
        int folds = result.folds().size();
        HtmlReport report = new HtmlReport("latent evaluate: " + algorithm, title);
        report.section("Result");
        List<List<String>> rows = new ArrayList<>();
        for (EvaluationReport.Summary s : result.summaries()) {
            String name = s.predictor().equals(EvaluationReport.MODEL) ? algorithm : s.predictor();
            rows.add(folds > 1
                    ? List.of(name, fixed(s.meanRmse(), 4) + " ± " + fixed(s.rmseStd(), 4),
                    fixed(s.meanMae(), 4) + " ± " + fixed(s.maeStd(), 4))
                    : List.of(name, fixed(s.meanRmse(), 4), fixed(s.meanMae(), 4)));
        }
        report.table(List.of("predictor", folds > 1 ? "RMSE (mean ± std over folds)" : "RMSE",
                folds > 1 ? "MAE (mean ± std)" : "MAE"), rows);

        if (!curves.isEmpty()) {
            report.section("Learning curves");
            report.paragraph("Training RMSE per epoch of each fold (lines) and the fold's test RMSE after the last "
                    + "epoch (points); the test ratings are not looked at during training, so there is no test curve.");
            List<Series> series = new ArrayList<>();
            for (int f = 0; f < curves.size(); f++) {
                LearningCurve curve = curves.get(f);
                series.addAll(curveSeries(curve, "RMSE", f));
                if (f < folds && curve.epochs() > 0) {
                    series.add(new Series(curve.label() + " test", new double[]{curve.epochs()},
                            new double[]{result.folds().get(f).metrics(EvaluationReport.MODEL).rmse()}, Style.POINTS, f));
                }
            }
            chartOrNote(report, "Training RMSE per epoch, test RMSE at the end", "epoch", "RMSE", series);
        }

        report.section(folds > 1 ? "Per fold" : "Per predictor");
        List<String> categories = new ArrayList<>();
        for (EvaluationReport.FoldResult fold : result.folds()) {
            categories.add("fold " + fold.fold());
        }
        Map<String, double[]> rmse = new LinkedHashMap<>();
        for (String predictor : result.predictors()) {
            double[] values = new double[folds];
            for (int f = 0; f < folds; f++) {
                values[f] = result.folds().get(f).metrics(predictor).rmse();
            }
            rmse.put(predictor.equals(EvaluationReport.MODEL) ? algorithm : predictor, values);
        }
        report.chart(SvgChart.bars("Test RMSE per fold", "fold", "RMSE", categories, rmse));
        List<String> header = new ArrayList<>(List.of("fold", "train ratings", "test ratings", "train s"));
        for (String predictor : result.predictors()) {
            String name = predictor.equals(EvaluationReport.MODEL) ? algorithm : predictor;
            header.add(name + " RMSE");
            header.add(name + " MAE");
        }
        List<List<String>> foldRows = new ArrayList<>();
        for (EvaluationReport.FoldResult fold : result.folds()) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(fold.fold()),
                    fold.trainSize() < 0 ? "–" : Integer.toString(fold.trainSize()), Integer.toString(fold.testSize()),
                    fixed(fold.trainSeconds(), 1)));
            for (String predictor : result.predictors()) {
                ErrorMetrics m = fold.metrics(predictor);
                row.add(fixed(m.rmse(), 4));
                row.add(fixed(m.mae(), 4));
            }
            foldRows.add(row);
        }
        report.table(header, foldRows);
        configuration(report, algorithm, parameters);
        return report;
    }

    /**
     * {@code latent evaluate --task rank}: the model's top-N metrics beside the baseline's, as a
     * table and bars, the training curve when the model was trained here ({@code curve} null
     * otherwise), the facts of the run and the configuration.
     */
    public static HtmlReport rankingEvaluation(String title, String algorithm, Map<String, String> parameters,
                                               Map<String, Double> model, String baselineName,
                                               Map<String, Double> baseline, Map<String, String> facts,
                                               LearningCurve curve) {
        HtmlReport report = new HtmlReport("latent evaluate --task rank: " + algorithm, title);
        report.section("Result");
        List<List<String>> rows = new ArrayList<>();
        List<String> names = List.copyOf(model.keySet());
        double[] ours = new double[names.size()];
        double[] theirs = new double[names.size()];
        for (int m = 0; m < names.size(); m++) {
            ours[m] = model.get(names.get(m));
            theirs[m] = baseline.getOrDefault(names.get(m), Double.NaN);
            rows.add(List.of(names.get(m), fixed(ours[m], 4), fixed(theirs[m], 4)));
        }
        report.table(List.of("metric", algorithm, baselineName), rows);
        Map<String, double[]> groups = new LinkedHashMap<>();
        groups.put(algorithm, ours);
        groups.put(baselineName, theirs);
        report.chart(SvgChart.bars("Top-N metrics beside " + baselineName, "metric", "value", names, groups));
        report.facts(facts);
        if (curve != null) {
            String error = errorName(algorithm);
            report.section("Learning curve");
            chartOrNote(report, "Training " + error + " per epoch", "epoch", error, curveSeries(curve, error, 0));
        }
        configuration(report, algorithm, parameters);
        return report;
    }

    /** The training line of a curve and, when it has validation values, its dashed validation line, in one colour. */
    static List<Series> curveSeries(LearningCurve curve, String error, int color) {
        String prefix = curve.label().isEmpty() ? "" : curve.label() + " ";
        List<Series> series = new ArrayList<>();
        series.add(Series.perEpoch(prefix + "training " + error, curve.train(), Style.LINE, color));
        if (curve.hasValidation()) {
            series.add(Series.perEpoch(prefix + "validation RMSE", curve.validation(), Style.DASHED, color));
        }
        return series;
    }

    /** A chart of {@code series}, or a sentence saying there is nothing to draw when no value is finite. */
    static void chartOrNote(HtmlReport report, String title, String xLabel, String yLabel, List<Series> series) {
        boolean any = false;
        for (Series s : series) {
            for (double y : s.y()) {
                any |= Double.isFinite(y);
            }
        }
        if (any) {
            report.chart(SvgChart.plot(title, Axis.linear(xLabel), Axis.linear(yLabel), series));
        } else {
            report.paragraph("The trainer reported no per-epoch error to draw.");
        }
    }

    static void configuration(HtmlReport report, String algorithm, Map<String, String> parameters) {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("algorithm", algorithm);
        rows.putAll(parameters);
        report.section("Configuration").facts(rows);
    }

    static String describe(Map<String, String> parameters) {
        List<String> parts = new ArrayList<>();
        parameters.forEach((name, value) -> parts.add(name + "=" + value));
        return String.join(", ", parts);
    }
}
