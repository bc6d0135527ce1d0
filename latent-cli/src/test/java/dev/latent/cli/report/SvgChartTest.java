package dev.latent.cli.report;

import dev.latent.cli.report.SvgChart.Axis;
import dev.latent.cli.report.SvgChart.Series;
import dev.latent.cli.report.SvgChart.Style;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SvgChartTest {
    private static final Pattern POLYLINE_POINTS = Pattern.compile("<polyline[^>]* points=\"([^\"]*)\"");

    /** The number of points of each polyline, in document order. */
    static List<Integer> polylinePointCounts(String markup) {
        Matcher m = POLYLINE_POINTS.matcher(markup);
        List<Integer> counts = new java.util.ArrayList<>();
        while (m.find()) {
            counts.add(m.group(1).isEmpty() ? 0 : m.group(1).split(" ").length);
        }
        return counts;
    }

    static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            n++;
        }
        return n;
    }

    @Test
    void plot_twoLinesAndPoints_onePolylinePerLineWithEveryPoint() {
        String svg = SvgChart.plot("curves", Axis.linear("epoch"), Axis.linear("RMSE"), List.of(
                Series.perEpoch("train", new double[]{1.0, 0.9, 0.8}, Style.LINE, 0),
                Series.perEpoch("validation", new double[]{1.1, 1.0, 0.95, 0.97}, Style.DASHED, 0),
                new Series("test", new double[]{3}, new double[]{0.96}, Style.POINTS, 1))).markup();

        assertEquals(List.of(3, 4), polylinePointCounts(svg));
        assertEquals(1, count(svg, "<circle"));
        assertEquals(1, count(svg, "stroke-dasharray=\"6 4\""));
        assertTrue(svg.startsWith("<svg") && svg.endsWith("</svg>"));
    }

    @Test
    void plot_pointsOnAxes_mapToThePlotArea() {
        // x 1..3 padded on neither axis end for x; y 0..1 padded by 5 % but clamped at 0.
        String svg = SvgChart.plot("t", Axis.linear("x"), Axis.linear("y"), List.of(
                new Series("s", new double[]{1, 3}, new double[]{0, 1}, Style.LINE, 0))).markup();

        // left edge 72, right edge 696; bottom 328, top 34 + 14 + 14 for one legend row → 52; y max 1.05.
        double top = 52;
        double yOfOne = 328 - (1 / 1.05) * (328 - top);
        assertEquals(List.of("72.0,328.0", "696.0," + String.format(java.util.Locale.ROOT, "%.1f", yOfOne)),
                List.of(pointsOf(svg)));
    }

    private static String[] pointsOf(String svg) {
        Matcher m = POLYLINE_POINTS.matcher(svg);
        assertTrue(m.find());
        return m.group(1).split(" ");
    }

    @Test
    void plot_longCurve_isThinnedKeepingFirstAndLast() {
        double[] y = new double[5000];
        for (int i = 0; i < y.length; i++) {
            y[i] = 1.0 / (i + 1);
        }
        String svg = SvgChart.plot("long", Axis.linear("epoch"), Axis.linear("RMSE"),
                List.of(Series.perEpoch("train", y, Style.LINE, 0))).markup();

        assertEquals(List.of(SvgChart.MAX_POINTS), polylinePointCounts(svg));
        int[] kept = SvgChart.thin(5000);
        assertEquals(0, kept[0]);
        assertEquals(4999, kept[kept.length - 1]);
    }

    @Test
    void plot_nanValues_areLeftOut() {
        String svg = SvgChart.plot("gaps", Axis.linear("epoch"), Axis.linear("RMSE"), List.of(
                Series.perEpoch("train", new double[]{1, Double.NaN, 0.8}, Style.LINE, 0),
                Series.perEpoch("validation", new double[]{Double.NaN, Double.NaN, Double.NaN}, Style.DASHED, 1))).markup();

        assertEquals(List.of(2), polylinePointCounts(svg));
        assertFalse(svg.contains("NaN"));
    }

    @Test
    void plot_hostileNames_areEscaped() {
        String svg = SvgChart.plot("<script>alert(1)</script>", Axis.linear("a&b"), Axis.linear("\"y\""), List.of(
                Series.perEpoch("<img src=x onerror=alert(1)>", new double[]{1, 2}, Style.LINE, 0))).markup();

        assertFalse(svg.contains("<script"));
        assertFalse(svg.contains("<img"));
        assertTrue(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(svg.contains("a&amp;b"));
        assertTrue(svg.contains("&quot;y&quot;"));
    }

    @Test
    void plot_logAxis_ticksAtPowersAndHalfDecades() {
        String svg = SvgChart.plot("lr", Axis.log("lr"), Axis.linear("RMSE"), List.of(
                new Series("trials", new double[]{0.001, 0.01, 0.1}, new double[]{0.95, 0.92, 0.97}, Style.POINTS, 0)))
                .markup();

        for (String tick : List.of(">0.001<", ">0.01<", ">0.1<")) {
            assertTrue(svg.contains(tick), tick);
        }
        assertEquals(3, count(svg, "<circle"));
    }

    @Test
    void bars_threeGroupsTwoCategories_sixBars() {
        Map<String, double[]> groups = new LinkedHashMap<>();
        groups.put("model", new double[]{0.9, 0.91});
        groups.put("global-mean", new double[]{1.12, 1.13});
        groups.put("bias-baseline", new double[]{0.94, Double.NaN});

        String svg = SvgChart.bars("per fold", "fold", "RMSE", List.of("fold 1", "fold 2"), groups).markup();

        assertEquals(5, count(svg, "<rect x="), "one bar per finite value");
        assertTrue(svg.contains(">0.0<"), "the value axis starts at zero");
    }

    @Test
    void bars_wrongValueCount_throwsNamingGroup() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SvgChart.bars("t", "x", "y",
                List.of("a", "b"), Map.of("model", new double[]{1})));
        assertTrue(e.getMessage().contains("model"), e.getMessage());
    }

    @Test
    void heatMap_twoByThree_sixLabelledCellsBestDarkest() {
        double[][] values = {{0.95, 0.93, 0.94}, {0.92, Double.NaN, 0.96}};

        String svg = SvgChart.heatMap("rmse", "factors", "lr", List.of("16", "32", "64"), List.of("0.005", "0.01"),
                values, true).markup();

        assertEquals(6, count(svg, "<rect x="));
        assertTrue(svg.contains("fill=\"#253494\""), "the lowest RMSE gets the darkest colour");
        assertTrue(svg.contains("fill=\"#ffffcc\""), "the highest the lightest");
        assertTrue(svg.contains("fill=\"#dddddd\""), "NaN is grey");
        assertTrue(svg.contains(">0.9200<"));
    }

    @Test
    void series_mismatchedLengths_throws() {
        assertThrows(IllegalArgumentException.class,
                () -> new Series("s", new double[]{1, 2}, new double[]{1}, Style.LINE, 0));
    }
}
