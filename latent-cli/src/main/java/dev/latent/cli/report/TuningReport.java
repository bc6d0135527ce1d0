package dev.latent.cli.report;

import dev.latent.cli.report.SvgChart.Axis;
import dev.latent.cli.report.SvgChart.Series;
import dev.latent.cli.report.SvgChart.Style;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static dev.latent.cli.report.Text.compact;
import static dev.latent.cli.report.Text.fixed;

/**
 * The report of a tuning run, from plain data: the best trial, the landscape (the metric against
 * each parameter that varied, and a heat map when exactly two did), the best trial's metric per
 * fold and learning curves, and the ranked table of every trial.
 *
 * <p>Call {@link #build} once the trials are done, then {@link HtmlReport#write}; check the path
 * up front with {@link HtmlReport#requireWritable}.
 */
public final class TuningReport {
    private TuningReport() {
    }

    /**
     * One tried configuration.
     *
     * @param parameters the searched parameters by name (the {@code train} option names without
     *                   dashes), values {@link Number}s or strings; the same names in every trial
     * @param mean       the metric's mean over the folds
     * @param std        its standard deviation over the folds
     * @param epochs     the epochs early stopping chose
     * @param seconds    wall time of the trial
     * @param perFold    the metric on each fold, in fold order
     * @param curves     learning curves, one per fold, or empty when not kept (only the best
     *                   trial's are drawn)
     */
    public record Trial(Map<String, Object> parameters, double mean, double std, int epochs, double seconds,
                        double[] perFold, List<LearningCurve> curves) {
        public Trial {
            parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
            perFold = perFold.clone();
            curves = List.copyOf(curves);
        }

        @Override
        public double[] perFold() {
            return perFold.clone();
        }
    }

    /**
     * The page for {@code trials} ranked by {@code metric} ({@code lowerIsBetter} for RMSE and MAE,
     * not for NDCG and the like).
     */
    public static HtmlReport build(String title, String algorithm, String metric, boolean lowerIsBetter,
                                   List<Trial> trials) {
        Objects.requireNonNull(metric, "metric");
        if (trials.isEmpty()) {
            throw new IllegalArgumentException("a tuning report needs at least one trial");
        }
        Comparator<Trial> byMetric = Comparator.comparingDouble(Trial::mean);
        List<Trial> ranked = trials.stream().filter(t -> !Double.isNaN(t.mean()))
                .sorted(lowerIsBetter ? byMetric : byMetric.reversed()).toList();
        List<Trial> failed = trials.stream().filter(t -> Double.isNaN(t.mean())).toList();
        List<Trial> all = new ArrayList<>(ranked);
        all.addAll(failed);
        Trial best = all.getFirst();
        List<String> names = new ArrayList<>();
        for (Trial t : trials) {
            for (String name : t.parameters().keySet()) {
                if (!names.contains(name)) {
                    names.add(name);
                }
            }
        }
        List<String> varying = names.stream().filter(n -> values(trials, n).size() > 1).toList();

        HtmlReport report = new HtmlReport("latent tune: " + algorithm, title);
        report.section("Best configuration");
        Map<String, String> facts = new LinkedHashMap<>();
        best.parameters().forEach((name, value) -> facts.put(name, show(value)));
        facts.put("epochs (early stopping)", Integer.toString(best.epochs()));
        facts.put(metric, fixed(best.mean(), 4) + " ± " + fixed(best.std(), 4));
        facts.put("trials", Integer.toString(trials.size()));
        report.facts(facts);

        if (!varying.isEmpty()) {
            report.section("Landscape");
            for (String name : varying) {
                report.chart(landscape(name, metric, lowerIsBetter, ranked));
            }
            if (varying.size() == 2) {
                report.chart(heatMap(varying.get(0), varying.get(1), metric, lowerIsBetter, ranked));
            }
        }

        double[] perFold = best.perFold();
        if (perFold.length > 1 || !best.curves().isEmpty()) {
            report.section("Best trial");
        }
        if (perFold.length > 1) {
            List<String> folds = new ArrayList<>();
            for (int f = 0; f < perFold.length; f++) {
                folds.add("fold " + (f + 1));
            }
            report.chart(SvgChart.bars(metric + " per fold of the best trial", "fold", metric, folds,
                    Map.of(metric, perFold)));
        }
        if (!best.curves().isEmpty()) {
            List<Series> series = new ArrayList<>();
            for (int c = 0; c < best.curves().size(); c++) {
                series.addAll(RunReports.curveSeries(best.curves().get(c), "RMSE", c));
            }
            RunReports.chartOrNote(report, "Learning curves of the best trial", "epoch", "RMSE", series);
        }

        report.section("All trials, best first");
        List<String> header = new ArrayList<>(List.of("rank"));
        header.addAll(names);
        header.addAll(List.of(metric + " mean ± std", "epochs", "seconds", "per fold"));
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r < all.size(); r++) {
            Trial t = all.get(r);
            List<String> row = new ArrayList<>();
            row.add(Integer.toString(r + 1));
            for (String name : names) {
                row.add(show(t.parameters().get(name)));
            }
            row.add(fixed(t.mean(), 4) + " ± " + fixed(t.std(), 4));
            row.add(Integer.toString(t.epochs()));
            row.add(fixed(t.seconds(), 1));
            row.add(String.join(" ", Arrays.stream(t.perFold()).mapToObj(v -> fixed(v, 4)).toList()));
            rows.add(row);
        }
        report.table(header, rows);
        return report;
    }

    /** Every trial's metric against one parameter, and the best at each of its values joined by a line. */
    private static Svg landscape(String name, String metric, boolean lowerIsBetter, List<Trial> ranked) {
        List<Object> distinct = values(ranked, name);
        boolean numeric = distinct.stream().allMatch(v -> v instanceof Number);
        Axis axis;
        if (numeric) {
            double min = distinct.stream().mapToDouble(v -> ((Number) v).doubleValue()).min().orElse(1);
            double max = distinct.stream().mapToDouble(v -> ((Number) v).doubleValue()).max().orElse(1);
            axis = min > 0 && max / min >= 8 ? Axis.log(name + " (log scale)") : Axis.linear(name);
        } else {
            axis = Axis.categories(name, distinct.stream().map(TuningReport::show).toList());
        }
        double[] x = new double[ranked.size()];
        double[] y = new double[ranked.size()];
        for (int t = 0; t < ranked.size(); t++) {
            x[t] = position(ranked.get(t).parameters().get(name), distinct, numeric);
            y[t] = ranked.get(t).mean();
        }
        double[] bestX = new double[distinct.size()];
        double[] bestY = new double[distinct.size()];
        for (int v = 0; v < distinct.size(); v++) {
            bestX[v] = position(distinct.get(v), distinct, numeric);
            bestY[v] = Double.NaN;
            for (Trial t : ranked) {
                if (Objects.equals(t.parameters().get(name), distinct.get(v))) {
                    bestY[v] = t.mean();
                    break;
                }
            }
        }
        return SvgChart.plot(metric + " against " + name, axis, Axis.linear(metric), List.of(
                new Series("trials", x, y, Style.POINTS, 5),
                new Series((lowerIsBetter ? "lowest" : "highest") + " at each value", bestX, bestY, Style.LINE, 0)));
    }

    /** The best metric of each pair of values of two parameters. */
    private static Svg heatMap(String columns, String rows, String metric, boolean lowerIsBetter, List<Trial> ranked) {
        List<Object> xs = values(ranked, columns);
        List<Object> ys = values(ranked, rows);
        double[][] cells = new double[ys.size()][xs.size()];
        for (double[] row : cells) {
            Arrays.fill(row, Double.NaN);
        }
        for (Trial t : ranked) {
            int c = xs.indexOf(t.parameters().get(columns));
            int r = ys.indexOf(t.parameters().get(rows));
            if (c >= 0 && r >= 0 && Double.isNaN(cells[r][c])) {
                cells[r][c] = t.mean();
            }
        }
        return SvgChart.heatMap(metric + " by " + columns + " and " + rows, columns, rows,
                xs.stream().map(TuningReport::show).toList(), ys.stream().map(TuningReport::show).toList(), cells,
                lowerIsBetter);
    }

    /** The distinct values of parameter {@code name}, numbers ascending, other values in first-seen order. */
    private static List<Object> values(List<Trial> trials, String name) {
        Set<Object> seen = new LinkedHashSet<>();
        for (Trial t : trials) {
            if (t.parameters().containsKey(name)) {
                seen.add(t.parameters().get(name));
            }
        }
        List<Object> list = new ArrayList<>(seen);
        if (list.stream().allMatch(v -> v instanceof Number)) {
            list.sort(Comparator.comparingDouble(v -> ((Number) v).doubleValue()));
        }
        return list;
    }

    private static double position(Object value, List<Object> distinct, boolean numeric) {
        return numeric ? ((Number) value).doubleValue() : distinct.indexOf(value);
    }

    private static String show(Object value) {
        if (value instanceof Double || value instanceof Float) {
            return compact(((Number) value).doubleValue());
        }
        return String.valueOf(value);
    }
}
