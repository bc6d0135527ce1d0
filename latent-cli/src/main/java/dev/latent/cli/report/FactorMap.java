package dev.latent.cli.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import static dev.latent.cli.report.Text.coordinate;
import static dev.latent.cli.report.Text.escape;

/**
 * Builds the factor map page: every item as a dot on two latent axes, coloured by a group such as
 * its genre and named on hover, then a table of the top and bottom items of each factor. Like
 * {@link HtmlReport}, whose style it shares, the page is self-contained (inline SVG and CSS, no
 * script, nothing fetched) and escapes every text it is given.
 *
 * <p>Design: each group's dots sit in one {@code <g>} carrying the group's colour, so a dot costs
 * only its centre and its {@code <title>} (the browser's tooltip); groups are drawn largest first
 * and points without a group before all of them, so the small groups lie on top and stay visible.
 * The first {@value #COLORED} groups get distinct colours, the rest share one grey: callers that
 * have more groups should order them by size. Points with a non-finite coordinate are left out and
 * counted in the text under the map.
 */
public final class FactorMap {
    /** Distinct colours for groups 0, 1, …: Tableau's ten without its grey, then navy, light green and black. */
    static final List<String> PALETTE = List.of("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
            "#e377c2", "#bcbd22", "#17becf", "#393b79", "#98df8a", "#000000");
    /** The colour of every group past the palette. */
    static final String OTHER = "#999999";
    /** The colour of points without a group. */
    static final String NONE = "#cccccc";
    private static final int COLORED = 12;

    private static final int WIDTH = 900;
    private static final int HEIGHT = 640;
    private static final int LEFT = 64;
    private static final int RIGHT = 690;
    private static final int TOP = 16;
    private static final int BOTTOM = HEIGHT - 52;
    private static final int LEGEND_X = 712;
    private static final int LEGEND_ROW = 17;
    private static final int LEGEND_NAME_CHARS = 22;

    private FactorMap() {
    }

    /**
     * One dot.
     *
     * @param group index into the page's group names, or −1 for none (drawn light grey)
     * @param label the hover text, such as "Star Wars (1977) — Action, Adventure, Sci-Fi"
     */
    public record Point(double x, double y, int group, String label) {
        public Point {
            Objects.requireNonNull(label, "label");
            if (group < -1) {
                throw new IllegalArgumentException("group must be -1 (none) or an index but was " + group);
            }
        }

        boolean drawable() {
            return Double.isFinite(x) && Double.isFinite(y);
        }
    }

    /**
     * The table of one factor: its heading (such as "Factor 1 — 7.4 % of variance — Sci-Fi (r = 0.39)"),
     * the items at its top and its bottom, shown side by side, and notes such as genre correlations.
     */
    public record FactorTable(String heading, List<String> top, List<String> bottom, List<String> notes) {
        public FactorTable {
            Objects.requireNonNull(heading, "heading");
            top = List.copyOf(top);
            bottom = List.copyOf(bottom);
            notes = List.copyOf(notes);
        }
    }

    /**
     * The whole HTML page: {@code title} and {@code caption} above a scatter of {@code points} on
     * axes titled {@code xLabel} and {@code yLabel}, with a legend naming each of {@code groups}
     * with its colour and count, then one section per entry of {@code factors}, in order.
     *
     * @throws IllegalArgumentException if a point's group is not an index into {@code groups}
     */
    public static String page(String title, String caption, String xLabel, String yLabel, List<String> groups,
                              List<Point> points, List<FactorTable> factors) {
        return report(title, caption, xLabel, yLabel, groups, points, factors).render();
    }

    /** As {@link #page}, the report itself, to {@link HtmlReport#write write} to a file. */
    public static HtmlReport report(String title, String caption, String xLabel, String yLabel, List<String> groups,
                                    List<Point> points, List<FactorTable> factors) {
        int[] counts = new int[groups.size()];
        int ungrouped = 0;
        int drawn = 0;
        for (Point p : points) {
            if (p.group >= groups.size()) {
                throw new IllegalArgumentException("point '" + p.label + "' has group " + p.group + " but there are "
                        + groups.size() + " groups");
            }
            if (p.drawable()) {
                drawn++;
                if (p.group < 0) {
                    ungrouped++;
                } else {
                    counts[p.group]++;
                }
            }
        }
        HtmlReport report = new HtmlReport(title, caption);
        report.chart(new Svg(scatter(title, xLabel, yLabel, groups, points, counts, ungrouped)));
        int skipped = points.size() - drawn;
        report.paragraph(String.format(Locale.ROOT, "%,d %s drawn%s. Each dot is one item; hover over it for its name.",
                drawn, drawn == 1 ? "point" : "points",
                skipped == 0 ? "" : String.format(Locale.ROOT, "; %,d without coordinates left out", skipped)));
        for (FactorTable factor : factors) {
            report.section(factor.heading);
            List<List<String>> rows = new ArrayList<>();
            for (int i = 0; i < Math.max(factor.top.size(), factor.bottom.size()); i++) {
                rows.add(List.of(Integer.toString(i + 1), i < factor.top.size() ? factor.top.get(i) : "",
                        i < factor.bottom.size() ? factor.bottom.get(i) : ""));
            }
            report.table(List.of("#", "Top", "Bottom"), rows);
            for (String note : factor.notes) {
                report.paragraph(note);
            }
        }
        return report;
    }

    /** The colour of {@code group}: a palette colour, grey past the palette, light grey for none (−1). */
    static String color(int group) {
        return group < 0 ? NONE : group < COLORED ? PALETTE.get(group) : OTHER;
    }

    private static String scatter(String title, String xLabel, String yLabel, List<String> groups, List<Point> points,
                                  int[] counts, int ungrouped) {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (Point p : points) {
            if (p.drawable()) {
                minX = Math.min(minX, p.x);
                maxX = Math.max(maxX, p.x);
                minY = Math.min(minY, p.y);
                maxY = Math.max(maxY, p.y);
            }
        }
        Axis x = Axis.of(minX, maxX, LEFT, RIGHT);
        Axis y = Axis.of(minY, maxY, BOTTOM, TOP);
        StringBuilder svg = new StringBuilder(256 + 96 * points.size());
        svg.append("<svg class=\"chart map\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" font-family=\"sans-serif\" font-size=\"12\"><title>").append(escape(title))
                .append("</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        grid(svg, x, y, xLabel, yLabel);
        String radius = points.size() <= 1000 ? "4" : points.size() <= 5000 ? "3" : "2";
        svg.append("<g class=\"points\" stroke=\"#ffffff\" stroke-width=\"0.5\" fill-opacity=\"0.8\">\n");
        List<List<Point>> byGroup = new ArrayList<>();
        for (int g = -1; g < groups.size(); g++) {
            byGroup.add(new ArrayList<>());
        }
        for (Point p : points) {
            if (p.drawable()) {
                byGroup.get(p.group + 1).add(p);
            }
        }
        for (int group : drawingOrder(counts, ungrouped)) {
            svg.append("<g class=\"group\" fill=\"").append(color(group)).append("\">");
            for (Point p : byGroup.get(group + 1)) {
                svg.append("<circle cx=\"").append(coordinate(x.map(p.x))).append("\" cy=\"")
                        .append(coordinate(y.map(p.y))).append("\" r=\"").append(radius).append("\"><title>")
                        .append(escape(p.label)).append("</title></circle>");
            }
            svg.append("</g>\n");
        }
        svg.append("</g>\n");
        legend(svg, groups, counts, ungrouped);
        return svg.append("</svg>").toString();
    }

    /** Points without a group first, then the groups from the largest down (ties by index); empty ones not at all. */
    private static List<Integer> drawingOrder(int[] counts, int ungrouped) {
        List<Integer> order = new ArrayList<>();
        for (int g = 0; g < counts.length; g++) {
            if (counts[g] > 0) {
                order.add(g);
            }
        }
        order.sort(Comparator.comparingInt((Integer g) -> -counts[g]).thenComparingInt(g -> g));
        if (ungrouped > 0) {
            order.addFirst(-1);
        }
        return order;
    }

    private static void grid(StringBuilder svg, Axis x, Axis y, String xLabel, String yLabel) {
        svg.append("<g class=\"axes\" stroke=\"#eeeeee\">");
        for (double t : y.ticks) {
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(RIGHT).append("\" y1=\"")
                    .append(coordinate(y.map(t))).append("\" y2=\"").append(coordinate(y.map(t))).append("\"/>");
        }
        for (double t : x.ticks) {
            svg.append("<line x1=\"").append(coordinate(x.map(t))).append("\" x2=\"").append(coordinate(x.map(t)))
                    .append("\" y1=\"").append(TOP).append("\" y2=\"").append(BOTTOM).append("\"/>");
        }
        if (x.contains(0)) {
            svg.append("<line x1=\"").append(coordinate(x.map(0))).append("\" x2=\"").append(coordinate(x.map(0)))
                    .append("\" y1=\"").append(TOP).append("\" y2=\"").append(BOTTOM).append("\" stroke=\"#999999\"/>");
        }
        if (y.contains(0)) {
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(RIGHT).append("\" y1=\"")
                    .append(coordinate(y.map(0))).append("\" y2=\"").append(coordinate(y.map(0)))
                    .append("\" stroke=\"#999999\"/>");
        }
        svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(RIGHT - LEFT)
                .append("\" height=\"").append(BOTTOM - TOP).append("\" fill=\"none\" stroke=\"#333333\"/></g>\n");
        for (double t : y.ticks) {
            text(svg, LEFT - 6, y.map(t) + 4, "end", y.label(t));
        }
        for (double t : x.ticks) {
            text(svg, x.map(t), BOTTOM + 16, "middle", x.label(t));
        }
        svg.append("<text x=\"").append((LEFT + RIGHT) / 2).append("\" y=\"").append(HEIGHT - 14)
                .append("\" text-anchor=\"middle\" font-weight=\"bold\">").append(escape(xLabel)).append("</text>\n");
        String middle = coordinate((TOP + BOTTOM) / 2.0);
        svg.append("<text x=\"16\" y=\"").append(middle).append("\" text-anchor=\"middle\" font-weight=\"bold\" ")
                .append("transform=\"rotate(-90 16 ").append(middle).append(")\">").append(escape(yLabel))
                .append("</text>\n");
    }

    /**
     * One row per group in the caller's order (then "no group"), with its colour, name and count;
     * rows past the height of the plot are summed into a last "… more" row.
     */
    private static void legend(StringBuilder svg, List<String> groups, int[] counts, int ungrouped) {
        List<Integer> rows = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            rows.add(g);
        }
        if (ungrouped > 0) {
            rows.add(-1);
        }
        int fits = (BOTTOM - TOP) / LEGEND_ROW;
        int shown = rows.size() <= fits ? rows.size() : fits - 1;
        svg.append("<g class=\"legend\">\n");
        double y = TOP + 10;
        for (int r = 0; r < shown; r++) {
            int group = rows.get(r);
            String name = group < 0 ? "no group" : groups.get(group);
            int count = group < 0 ? ungrouped : counts[group];
            String shortName = name.length() > LEGEND_NAME_CHARS ? name.substring(0, LEGEND_NAME_CHARS - 1) + "…" : name;
            svg.append("<g class=\"entry\"><title>").append(escape(name)).append(": ").append(count)
                    .append("</title><circle cx=\"").append(LEGEND_X + 5).append("\" cy=\"").append(coordinate(y - 4))
                    .append("\" r=\"5\" fill=\"").append(color(group)).append("\"/><text x=\"").append(LEGEND_X + 16)
                    .append("\" y=\"").append(coordinate(y)).append("\">").append(escape(shortName))
                    .append(" <tspan fill=\"#666666\">(").append(count).append(")</tspan></text></g>\n");
            y += LEGEND_ROW;
        }
        if (shown < rows.size()) {
            int more = 0;
            for (int r = shown; r < rows.size(); r++) {
                more += rows.get(r) < 0 ? ungrouped : counts[rows.get(r)];
            }
            svg.append("<text x=\"").append(LEGEND_X + 16).append("\" y=\"").append(coordinate(y)).append("\" fill=\"#666666\">… ")
                    .append(rows.size() - shown).append(" more (").append(more).append(")</text>\n");
        }
        svg.append("</g>\n");
    }

    private static void text(StringBuilder svg, double x, double y, String anchor, String text) {
        svg.append("<text x=\"").append(coordinate(x)).append("\" y=\"").append(coordinate(y)).append("\" text-anchor=\"")
                .append(anchor).append("\">").append(escape(text)).append("</text>");
    }

    /** Maps one coordinate to pixels: the points' range widened by 5 % on each side, with round ticks. */
    private record Axis(double lo, double hi, double from, double to, double[] ticks, int decimals) {
        static Axis of(double min, double max, double from, double to) {
            if (min > max) {
                min = -1;
                max = 1;
            } else if (max - min < 1e-12) {
                double pad = Math.abs(min) > 0 ? Math.abs(min) * 0.05 : 1;
                min -= pad;
                max += pad;
            }
            double pad = (max - min) * 0.05;
            double lo = min - pad;
            double hi = max + pad;
            double step = niceStep((hi - lo) / 8);
            double first = Math.ceil(lo / step - 1e-9);
            double last = Math.floor(hi / step + 1e-9);
            double[] ticks = new double[(int) (last - first) + 1];
            for (int i = 0; i < ticks.length; i++) {
                ticks[i] = (first + i) * step;
            }
            return new Axis(lo, hi, from, to, ticks, Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9)));
        }

        double map(double value) {
            return from + (value - lo) / (hi - lo) * (to - from);
        }

        boolean contains(double value) {
            return value > lo && value < hi;
        }

        String label(double tick) {
            double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
            return Text.fixed(Math.abs(tick) < step * 1e-9 ? 0 : tick, decimals);
        }

        private static double niceStep(double rough) {
            double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
            double fraction = rough / magnitude;
            return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
        }
    }
}
