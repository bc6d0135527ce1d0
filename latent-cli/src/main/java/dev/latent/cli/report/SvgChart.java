package dev.latent.cli.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static dev.latent.cli.report.Text.compact;
import static dev.latent.cli.report.Text.coordinate;
import static dev.latent.cli.report.Text.escape;

/**
 * Draws the charts of a report as static inline SVG: lines and points on linear, logarithmic or
 * categorical axes, grouped bars, and a heat map; each with a title, ticked and labelled axes and
 * a legend, readable without a script. Every point and bar carries a {@code <title>}, which
 * browsers show as a tooltip.
 *
 * <p>Design: a line with more than {@value #MAX_POINTS} points is thinned to that many, evenly
 * spaced and keeping the first and last, so a 10,000-epoch run still gives a small file; NaN
 * values (and non-positive ones on a log axis) are left out rather than drawn at a made-up place.
 */
public final class SvgChart {
    /** The most points one drawn line keeps. */
    public static final int MAX_POINTS = 400;

    private static final int WIDTH = 720;
    private static final int HEIGHT = 380;
    private static final int LEFT = 72;
    private static final int RIGHT = WIDTH - 24;
    private static final int BOTTOM = HEIGHT - 52;
    /** Okabe–Ito, distinguishable with the common colour-vision deficiencies. */
    private static final String[] PALETTE = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
            "#000000", "#F0E442"};
    private static final String[] HEAT = {"#253494", "#2c7fb8", "#41b6c4", "#a1dab4", "#ffffcc"};

    private SvgChart() {
    }

    /** How a series is drawn. */
    public enum Style { LINE, DASHED, POINTS }

    /**
     * One named series of (x, y) points.
     *
     * @param color index into the palette, so that related series (a fold's training and test
     *              curve) can share a colour; wraps around
     */
    public record Series(String name, double[] x, double[] y, Style style, int color) {
        public Series {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(style, "style");
            if (x.length != y.length) {
                throw new IllegalArgumentException("series '" + name + "' has " + x.length + " x values but "
                        + y.length + " y values");
            }
            if (color < 0) {
                throw new IllegalArgumentException("color must be non-negative but was " + color);
            }
            x = x.clone();
            y = y.clone();
        }

        /** y against 1, 2, …, n: a value per epoch. */
        public static Series perEpoch(String name, double[] y, Style style, int color) {
            double[] x = new double[y.length];
            Arrays.setAll(x, i -> i + 1);
            return new Series(name, x, y, style, color);
        }

        @Override
        public double[] x() {
            return x.clone();
        }

        @Override
        public double[] y() {
            return y.clone();
        }
    }

    /** An axis: linear, base-10 logarithmic, or one evenly spaced position per category name. */
    public record Axis(String label, boolean log, List<String> categories) {
        public Axis {
            Objects.requireNonNull(label, "label");
            categories = categories == null ? null : List.copyOf(categories);
        }

        public static Axis linear(String label) {
            return new Axis(label, false, null);
        }

        public static Axis log(String label) {
            return new Axis(label, true, null);
        }

        /** Category {@code i} sits at x = i. */
        public static Axis categories(String label, List<String> names) {
            return new Axis(label, false, names);
        }
    }

    /** Lines, dashed lines and points on one pair of axes. */
    public static Svg plot(String title, Axis xAxis, Axis yAxis, List<Series> series) {
        List<double[]> xs = new ArrayList<>();
        List<double[]> ys = new ArrayList<>();
        for (Series s : series) {
            double[][] kept = drawable(s.x, s.y, xAxis.log, yAxis.log);
            xs.add(kept[0]);
            ys.add(kept[1]);
        }
        List<String> names = series.stream().map(Series::name).toList();
        StringBuilder svg = new StringBuilder(4096);
        int top = open(svg, title, names, series.stream().map(s -> PALETTE[s.color % PALETTE.length]).toList(),
                series.stream().map(Series::style).toList());
        Scale x = Scale.of(xAxis, xs, LEFT, RIGHT, false);
        Scale y = Scale.of(yAxis, ys, BOTTOM, top, true);
        axes(svg, x, y, xAxis.label, yAxis.label, top);
        for (int s = 0; s < series.size(); s++) {
            Series one = series.get(s);
            String color = PALETTE[one.color % PALETTE.length];
            double[] px = xs.get(s);
            double[] py = ys.get(s);
            if (px.length == 0) {
                continue;
            }
            if (one.style == Style.POINTS) {
                svg.append("<g class=\"points\" fill=\"").append(color).append("\">");
                for (int i = 0; i < px.length; i++) {
                    svg.append("<circle cx=\"").append(coordinate(x.map(px[i]))).append("\" cy=\"")
                            .append(coordinate(y.map(py[i]))).append("\" r=\"4\"><title>").append(escape(one.name))
                            .append(": ").append(escape(pointLabel(xAxis, px[i]))).append(", ")
                            .append(compact(py[i])).append("</title></circle>");
                }
                svg.append("</g>\n");
            } else {
                int[] keep = thin(px.length);
                svg.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\"");
                if (one.style == Style.DASHED) {
                    svg.append(" stroke-dasharray=\"6 4\"");
                }
                svg.append(" points=\"");
                for (int k = 0; k < keep.length; k++) {
                    svg.append(k == 0 ? "" : " ").append(coordinate(x.map(px[keep[k]]))).append(',')
                            .append(coordinate(y.map(py[keep[k]])));
                }
                svg.append("\"><title>").append(escape(one.name)).append("</title></polyline>\n");
            }
        }
        return close(svg);
    }

    /**
     * Bars grouped by category: {@code groups} maps each group's name (legend) to one value per
     * category; the value axis starts at zero.
     */
    public static Svg bars(String title, String xLabel, String yLabel, List<String> categories,
                           Map<String, double[]> groups) {
        for (Map.Entry<String, double[]> g : groups.entrySet()) {
            if (g.getValue().length != categories.size()) {
                throw new IllegalArgumentException("group '" + g.getKey() + "' has " + g.getValue().length
                        + " values for " + categories.size() + " categories");
            }
        }
        List<String> names = List.copyOf(groups.keySet());
        List<String> colors = new ArrayList<>();
        for (int g = 0; g < names.size(); g++) {
            colors.add(PALETTE[g % PALETTE.length]);
        }
        StringBuilder svg = new StringBuilder(4096);
        int top = open(svg, title, names, colors, names.stream().map(n -> Style.POINTS).toList());
        List<double[]> values = new ArrayList<>(groups.values());
        values.add(new double[]{0});
        Scale x = Scale.of(Axis.categories(xLabel, categories), List.of(), LEFT, RIGHT, false);
        Scale y = Scale.of(Axis.linear(yLabel), values, BOTTOM, top, true);
        axes(svg, x, y, xLabel, yLabel, top);
        double slot = (RIGHT - LEFT) / (double) Math.max(1, categories.size());
        double barWidth = slot * 0.8 / Math.max(1, names.size());
        int g = 0;
        for (Map.Entry<String, double[]> group : groups.entrySet()) {
            svg.append("<g class=\"bars\" fill=\"").append(colors.get(g)).append("\">");
            for (int c = 0; c < categories.size(); c++) {
                double v = group.getValue()[c];
                if (Double.isNaN(v)) {
                    continue;
                }
                double left = LEFT + slot * c + slot * 0.1 + barWidth * g;
                double y0 = y.map(0);
                double y1 = y.map(v);
                svg.append("<rect x=\"").append(coordinate(left)).append("\" y=\"").append(coordinate(Math.min(y0, y1)))
                        .append("\" width=\"").append(coordinate(barWidth)).append("\" height=\"")
                        .append(coordinate(Math.abs(y0 - y1))).append("\"><title>").append(escape(group.getKey()))
                        .append(", ").append(escape(categories.get(c))).append(": ").append(compact(v))
                        .append("</title></rect>");
            }
            svg.append("</g>\n");
            g++;
        }
        return close(svg);
    }

    /**
     * A heat map: {@code values[row][column]} for {@code rows} (y, top to bottom) against
     * {@code columns} (x), each cell coloured and labelled with its value; the best values are
     * darkest, NaN cells grey.
     */
    public static Svg heatMap(String title, String xLabel, String yLabel, List<String> columns, List<String> rows,
                              double[][] values, boolean lowerIsBetter) {
        if (values.length != rows.size()) {
            throw new IllegalArgumentException(values.length + " value rows for " + rows.size() + " row labels");
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : values) {
            if (row.length != columns.size()) {
                throw new IllegalArgumentException(row.length + " values in a row for " + columns.size() + " columns");
            }
            for (double v : row) {
                if (!Double.isNaN(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        StringBuilder svg = new StringBuilder(4096);
        int top = open(svg, title + (lowerIsBetter ? " (darker is lower, better)" : " (darker is higher, better)"),
                List.of(), List.of(), List.of());
        double cellWidth = (RIGHT - LEFT) / (double) Math.max(1, columns.size());
        double cellHeight = (BOTTOM - top) / (double) Math.max(1, rows.size());
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                double v = values[r][c];
                double goodness = Double.isNaN(v) ? 0 : max == min ? 1
                        : lowerIsBetter ? (max - v) / (max - min) : (v - min) / (max - min);
                String fill = Double.isNaN(v) ? "#dddddd" : heat(goodness);
                double cx = LEFT + c * cellWidth;
                double cy = top + r * cellHeight;
                svg.append("<rect x=\"").append(coordinate(cx)).append("\" y=\"").append(coordinate(cy))
                        .append("\" width=\"").append(coordinate(cellWidth)).append("\" height=\"")
                        .append(coordinate(cellHeight)).append("\" fill=\"").append(fill)
                        .append("\" stroke=\"#ffffff\"><title>").append(escape(yLabel + " " + rows.get(r) + ", "
                                + xLabel + " " + columns.get(c))).append(": ").append(compact(v)).append("</title></rect>");
                svg.append("<text x=\"").append(coordinate(cx + cellWidth / 2)).append("\" y=\"")
                        .append(coordinate(cy + cellHeight / 2 + 4)).append("\" text-anchor=\"middle\" fill=\"")
                        .append(goodness > 0.55 ? "#ffffff" : "#000000").append("\">")
                        .append(Double.isNaN(v) ? "–" : Text.fixed(v, 4)).append("</text>");
            }
        }
        svg.append('\n');
        for (int c = 0; c < columns.size(); c++) {
            label(svg, LEFT + (c + 0.5) * cellWidth, BOTTOM + 18, "middle", columns.get(c));
        }
        for (int r = 0; r < rows.size(); r++) {
            label(svg, LEFT - 8, top + (r + 0.5) * cellHeight + 4, "end", rows.get(r));
        }
        axisTitles(svg, xLabel, yLabel, top);
        return close(svg);
    }

    /** The points of a series that can be drawn, in order: finite, and positive on a log axis. */
    private static double[][] drawable(double[] x, double[] y, boolean logX, boolean logY) {
        double[] kx = new double[x.length];
        double[] ky = new double[y.length];
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i]) && (!logX || x[i] > 0) && (!logY || y[i] > 0)) {
                kx[n] = x[i];
                ky[n] = y[i];
                n++;
            }
        }
        return new double[][]{Arrays.copyOf(kx, n), Arrays.copyOf(ky, n)};
    }

    /** Indices of at most {@link #MAX_POINTS} evenly spaced points of {@code n}, first and last included. */
    static int[] thin(int n) {
        if (n <= MAX_POINTS) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] keep = new int[MAX_POINTS];
        for (int k = 0; k < MAX_POINTS; k++) {
            keep[k] = (int) Math.round((double) k * (n - 1) / (MAX_POINTS - 1));
        }
        return keep;
    }

    private static String pointLabel(Axis axis, double x) {
        if (axis.categories != null) {
            int i = (int) Math.round(x);
            return i >= 0 && i < axis.categories.size() ? axis.categories.get(i) : compact(x);
        }
        return axis.label + " " + compact(x);
    }

    /** Opens the SVG with its title and legend; returns the top edge of the plot area. */
    private static int open(StringBuilder svg, String title, List<String> names, List<String> colors, List<Style> styles) {
        svg.append("<svg class=\"chart\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" font-family=\"sans-serif\" font-size=\"12\"><title>").append(escape(title))
                .append("</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n<text x=\"").append(WIDTH / 2)
                .append("\" y=\"20\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">").append(escape(title))
                .append("</text>\n");
        double x = LEFT;
        double y = 38;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            double width = 30 + 7 * name.length();
            if (x > LEFT && x + width > RIGHT) {
                x = LEFT;
                y += 16;
            }
            String color = colors.get(i);
            svg.append("<g class=\"legend\">");
            switch (styles.get(i)) {
                case POINTS -> svg.append("<rect class=\"swatch\" x=\"").append(coordinate(x + 4)).append("\" y=\"").append(coordinate(y - 9))
                        .append("\" width=\"10\" height=\"10\" fill=\"").append(color).append("\"/>");
                case LINE, DASHED -> svg.append("<line x1=\"").append(coordinate(x)).append("\" y1=\"")
                        .append(coordinate(y - 4)).append("\" x2=\"").append(coordinate(x + 18)).append("\" y2=\"")
                        .append(coordinate(y - 4)).append("\" stroke=\"").append(color).append("\" stroke-width=\"2\"")
                        .append(styles.get(i) == Style.DASHED ? " stroke-dasharray=\"5 3\"" : "").append("/>");
            }
            svg.append("<text x=\"").append(coordinate(x + 22)).append("\" y=\"").append(coordinate(y)).append("\">")
                    .append(escape(name)).append("</text></g>\n");
            x += width;
        }
        return (int) (names.isEmpty() ? 34 : y + 14);
    }

    private static Svg close(StringBuilder svg) {
        svg.append("</svg>");
        return new Svg(svg.toString());
    }

    private static void axes(StringBuilder svg, Scale x, Scale y, String xLabel, String yLabel, int top) {
        svg.append("<g class=\"axes\" stroke=\"#cccccc\">");
        for (Tick t : y.ticks) {
            double py = y.map(t.value);
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(RIGHT).append("\" y1=\"")
                    .append(coordinate(py)).append("\" y2=\"").append(coordinate(py)).append("\"/>");
        }
        svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT).append("\" y1=\"").append(top)
                .append("\" y2=\"").append(BOTTOM).append("\" stroke=\"#333333\"/><line x1=\"").append(LEFT)
                .append("\" x2=\"").append(RIGHT).append("\" y1=\"").append(BOTTOM).append("\" y2=\"").append(BOTTOM)
                .append("\" stroke=\"#333333\"/>");
        for (Tick t : x.ticks) {
            double px = x.map(t.value);
            svg.append("<line x1=\"").append(coordinate(px)).append("\" x2=\"").append(coordinate(px)).append("\" y1=\"")
                    .append(BOTTOM).append("\" y2=\"").append(BOTTOM + 5).append("\" stroke=\"#333333\"/>");
        }
        svg.append("</g>\n");
        for (Tick t : y.ticks) {
            label(svg, LEFT - 6, y.map(t.value) + 4, "end", t.label);
        }
        for (Tick t : x.ticks) {
            label(svg, x.map(t.value), BOTTOM + 18, "middle", t.label);
        }
        axisTitles(svg, xLabel, yLabel, top);
    }

    private static void axisTitles(StringBuilder svg, String xLabel, String yLabel, int top) {
        svg.append("<text x=\"").append((LEFT + RIGHT) / 2).append("\" y=\"").append(HEIGHT - 12)
                .append("\" text-anchor=\"middle\" font-weight=\"bold\">").append(escape(xLabel)).append("</text>\n");
        double middle = (top + BOTTOM) / 2.0;
        svg.append("<text x=\"16\" y=\"").append(coordinate(middle)).append("\" text-anchor=\"middle\" font-weight=\"bold\" ")
                .append("transform=\"rotate(-90 16 ").append(coordinate(middle)).append(")\">").append(escape(yLabel))
                .append("</text>\n");
    }

    private static void label(StringBuilder svg, double x, double y, String anchor, String text) {
        svg.append("<text x=\"").append(coordinate(x)).append("\" y=\"").append(coordinate(y)).append("\" text-anchor=\"")
                .append(anchor).append("\">").append(escape(text)).append("</text>");
    }

    private static String heat(double goodness) {
        double position = (1 - Math.clamp(goodness, 0, 1)) * (HEAT.length - 1);
        int low = Math.min((int) position, HEAT.length - 2);
        double t = position - low;
        int a = Integer.parseInt(HEAT[low].substring(1), 16);
        int b = Integer.parseInt(HEAT[low + 1].substring(1), 16);
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int ca = (a >> shift) & 0xff;
            int cb = (b >> shift) & 0xff;
            rgb |= (int) Math.round(ca + (cb - ca) * t) << shift;
        }
        return String.format(java.util.Locale.ROOT, "#%06x", rgb);
    }

    private record Tick(double value, String label) {
    }

    /** Maps data values on one axis to pixels, with the axis' ticks. */
    private record Scale(double lo, double hi, boolean log, double from, double to, List<Tick> ticks) {

        static Scale of(Axis axis, List<double[]> values, double from, double to, boolean padded) {
            if (axis.categories != null) {
                List<Tick> ticks = new ArrayList<>();
                for (int i = 0; i < axis.categories.size(); i++) {
                    ticks.add(new Tick(i, axis.categories.get(i)));
                }
                return new Scale(-0.5, axis.categories.size() - 0.5, false, from, to, ticks);
            }
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            boolean integral = true;
            for (double[] vs : values) {
                for (double v : vs) {
                    if (!Double.isFinite(v)) {
                        continue;
                    }
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    integral &= v == Math.rint(v);
                }
            }
            if (min > max) {
                min = axis.log ? 1 : 0;
                max = axis.log ? 10 : 1;
            }
            if (axis.log) {
                double lo = Math.log10(min);
                double hi = Math.log10(max);
                if (hi - lo < 1e-9) {
                    lo -= 0.5;
                    hi += 0.5;
                } else {
                    double pad = (hi - lo) * 0.05;
                    lo -= pad;
                    hi += pad;
                }
                return new Scale(lo, hi, true, from, to, logTicks(lo, hi));
            }
            if (max - min < 1e-12) {
                double pad = Math.abs(min) > 0 ? Math.abs(min) * 0.05 : 1;
                min -= pad;
                max += pad;
            } else if (padded) {
                double pad = (max - min) * 0.05;
                min = min >= 0 && min - pad < 0 ? 0 : min - pad;
                max += pad;
            }
            double step = niceStep((max - min) / 6);
            if (integral && !padded) {
                step = Math.max(step, 1);
            }
            List<Tick> ticks = new ArrayList<>();
            int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
            for (double t = Math.ceil(min / step - 1e-9) * step; t <= max + step * 1e-9; t += step) {
                ticks.add(new Tick(t, Text.fixed(Math.abs(t) < step * 1e-9 ? 0 : t, decimals)));
            }
            return new Scale(min, max, false, from, to, ticks);
        }

        double map(double value) {
            double v = log ? Math.log10(value) : value;
            return from + (v - lo) / (hi - lo) * (to - from);
        }

        private static double niceStep(double rough) {
            double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
            double fraction = rough / magnitude;
            return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
        }

        /** Powers of ten, and 2× and 5× them when the axis spans less than two decades. */
        private static List<Tick> logTicks(double lo, double hi) {
            double[] multiples = hi - lo < 2 ? new double[]{1, 2, 5} : new double[]{1};
            List<Tick> ticks = new ArrayList<>();
            for (int e = (int) Math.floor(lo); e <= Math.ceil(hi); e++) {
                for (double m : multiples) {
                    double value = m * Math.pow(10, e);
                    double position = Math.log10(value);
                    if (position >= lo - 1e-9 && position <= hi + 1e-9) {
                        ticks.add(new Tick(value, compact(value)));
                    }
                }
            }
            return ticks;
        }
    }
}
