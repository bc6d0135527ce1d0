package dev.latent.cli.report;

import dev.latent.cli.report.FactorMap.FactorTable;
import dev.latent.cli.report.FactorMap.Point;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FactorMapTest {
    private static final String HOSTILE = "<script>alert(\"x\")</script> & 'Misérables' \u0001";
    private static final String HOSTILE_SHOWN = "<script>alert(\"x\")</script> & 'Misérables' \uFFFD";

    private static final List<String> GENRES = List.of("Action", "Comedy", "Drama");
    private static final List<Point> POINTS = List.of(
            new Point(0.0, 0.0, 0, "Star Wars (1977)"),
            new Point(1.0, 1.0, 0, "Alien (1979)"),
            new Point(0.5, 0.2, 0, "Heat (1995)"),
            new Point(-0.3, 0.8, 1, "Clerks (1994)"),
            new Point(0.1, -0.4, 2, "Fargo (1996)"),
            new Point(0.2, 0.3, 2, "Casablanca (1942)"),
            new Point(0.4, 0.6, -1, "Untitled"));

    private static String page(List<String> groups, List<Point> points) {
        return FactorMap.page("Map", "k = 2", "factor 1", "factor 2", groups, points, List.of());
    }

    /** The page's {@code <svg>} element, parsed by the JDK's XML parser, which fails on anything malformed. */
    static Element svg(String page) throws Exception {
        int start = page.indexOf("<svg");
        int end = page.indexOf("</svg>") + "</svg>".length();
        assertTrue(start >= 0 && end > start, "no svg element");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(page.substring(start, end).getBytes(StandardCharsets.UTF_8)))
                .getDocumentElement();
    }

    /** The dots of the map, in drawing order. */
    private static List<Element> dots(Element svg) {
        List<Element> dots = new ArrayList<>();
        NodeList groups = svg.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.getAttribute("class").equals("group")) {
                NodeList circles = g.getElementsByTagName("circle");
                for (int c = 0; c < circles.getLength(); c++) {
                    dots.add((Element) circles.item(c));
                }
            }
        }
        return dots;
    }

    private static String title(Element dot) {
        return dot.getElementsByTagName("title").item(0).getTextContent();
    }

    /** The fill of the group a dot is drawn in. */
    private static String fill(Element dot) {
        return ((Element) dot.getParentNode()).getAttribute("fill");
    }

    private static Element dot(List<Element> dots, String title) {
        return dots.stream().filter(d -> title(d).equals(title)).findFirst().orElseThrow(() -> new AssertionError(title));
    }

    @Test
    void page_sevenPoints_svgParsesWithOneTitledCirclePerPoint() throws Exception {
        Element svg = svg(page(GENRES, POINTS));

        assertEquals("svg", svg.getTagName());
        assertEquals("900", svg.getAttribute("width"));
        assertEquals("640", svg.getAttribute("height"));
        List<Element> dots = dots(svg);
        assertEquals(POINTS.size(), dots.size());
        assertEquals(POINTS.stream().map(Point::label).sorted().toList(), dots.stream().map(FactorMapTest::title).sorted().toList());
    }

    @Test
    void page_pointsAtTheCorners_mapToThePlotAreaLessTheMargin() throws Exception {
        List<Element> dots = dots(svg(page(GENRES, List.of(new Point(0, 0, 0, "low"), new Point(1, 2, 0, "high")))));

        // plot x 64..690, y 588..16 (up); the range 0..1 (0..2) widened by 5 % on each side.
        assertEquals("92.5", dot(dots, "low").getAttribute("cx"));
        assertEquals("562.0", dot(dots, "low").getAttribute("cy"));
        assertEquals("661.5", dot(dots, "high").getAttribute("cx"));
        assertEquals("42.0", dot(dots, "high").getAttribute("cy"));
    }

    @Test
    void page_groups_eachDrawnInItsPaletteColourNoneLightGrey() throws Exception {
        List<Element> dots = dots(svg(page(GENRES, POINTS)));

        assertEquals("#1f77b4", fill(dot(dots, "Star Wars (1977)")));
        assertEquals("#1f77b4", fill(dot(dots, "Alien (1979)")));
        assertEquals("#ff7f0e", fill(dot(dots, "Clerks (1994)")));
        assertEquals("#2ca02c", fill(dot(dots, "Fargo (1996)")));
        assertEquals(FactorMap.NONE, fill(dot(dots, "Untitled")));
    }

    @Test
    void page_groups_drawnNoneFirstThenLargestFirst() throws Exception {
        List<String> order = dots(svg(page(GENRES, POINTS))).stream().map(FactorMapTest::fill).distinct().toList();

        assertEquals(List.of(FactorMap.NONE, "#1f77b4", "#2ca02c", "#ff7f0e"), order);
    }

    @Test
    void page_fourteenGroups_twelveDistinctColoursThenGrey() throws Exception {
        List<String> groups = new ArrayList<>();
        List<Point> points = new ArrayList<>();
        for (int g = 0; g < 14; g++) {
            groups.add("g" + g);
            points.add(new Point(g, g, g, "p" + g));
        }
        List<Element> dots = dots(svg(page(groups, points)));

        Set<String> colours = new HashSet<>();
        for (int g = 0; g < 12; g++) {
            colours.add(fill(dot(dots, "p" + g)));
        }
        assertEquals(12, colours.size());
        assertFalse(colours.contains(FactorMap.OTHER));
        assertEquals(FactorMap.OTHER, fill(dot(dots, "p12")));
        assertEquals(FactorMap.OTHER, fill(dot(dots, "p13")));
    }

    @Test
    void page_legend_namesEachGroupWithColourAndCount() throws Exception {
        Element svg = svg(page(GENRES, POINTS));

        List<String> entries = new ArrayList<>();
        NodeList gs = svg.getElementsByTagName("g");
        for (int i = 0; i < gs.getLength(); i++) {
            Element g = (Element) gs.item(i);
            if (g.getAttribute("class").equals("entry")) {
                Element swatch = (Element) g.getElementsByTagName("circle").item(0);
                entries.add(swatch.getAttribute("fill") + " " + g.getElementsByTagName("text").item(0).getTextContent());
            }
        }
        assertEquals(List.of("#1f77b4 Action (3)", "#ff7f0e Comedy (1)", "#2ca02c Drama (2)", "#cccccc no group (1)"),
                entries);
    }

    @Test
    void page_nanCoordinates_leftOutAndCounted() throws Exception {
        List<Point> points = new ArrayList<>(POINTS);
        points.add(new Point(Double.NaN, 0.5, 1, "no x"));
        points.add(new Point(0.5, Double.NaN, 1, "no y"));
        points.add(new Point(Double.POSITIVE_INFINITY, 1e300, 1, "far"));
        String page = page(GENRES, points);

        assertEquals(POINTS.size(), dots(svg(page)).size());
        assertFalse(page.contains("NaN"));
        assertFalse(page.contains("no x"));
        assertTrue(page.contains("7 points drawn; 3 without coordinates left out."), page);
        assertTrue(page.contains("Comedy <tspan fill=\"#666666\">(1)</tspan>"), "the legend counts drawn points");
    }

    @Test
    void page_noDrawablePoints_stillAWholeMap() throws Exception {
        Element svg = svg(page(GENRES, List.of(new Point(Double.NaN, Double.NaN, 0, "lost"))));

        assertTrue(dots(svg).isEmpty());
        assertTrue(svg.getElementsByTagName("text").getLength() > 5, "ticks and axis titles");
    }

    @Test
    void page_hostileTexts_escapedEverywhereAndReadBackAsWritten() throws Exception {
        String page = FactorMap.page(HOSTILE, HOSTILE, HOSTILE, HOSTILE, List.of(HOSTILE),
                List.of(new Point(0, 0, 0, HOSTILE), new Point(1, 1, 0, HOSTILE)),
                List.of(new FactorTable(HOSTILE, List.of(HOSTILE), List.of(HOSTILE), List.of(HOSTILE))));

        assertFalse(page.contains("<script"));
        assertFalse(page.contains("\u0001"));
        assertTrue(page.contains("<meta charset=\"utf-8\">"));
        assertTrue(page.contains("<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Misérables&#39; \uFFFD</title>"));
        Element svg = svg(page);
        for (Element dot : dots(svg)) {
            assertEquals(HOSTILE_SHOWN, title(dot));
        }
        assertEquals(HOSTILE_SHOWN, svg.getElementsByTagName("title").item(0).getTextContent());
    }

    @Test
    void page_factorTables_inOrderTopAndBottomSideBySide() {
        String page = FactorMap.page("Map", "", "x", "y", GENRES, POINTS, List.of(
                new FactorTable("Factor 1 — 7.4 % of variance — Sci-Fi (r = 0.39)", List.of("Star Wars (1977)", "Alien (1979)"),
                        List.of("Clerks (1994)"), List.of("Sci-Fi r = 0.39", "Drama r = −0.21")),
                new FactorTable("Factor 2 — 5.0 % of variance", List.of("Fargo (1996)"), List.of("Heat (1995)"), List.of())));

        int first = page.indexOf("<h2>Factor 1 — 7.4 % of variance — Sci-Fi (r = 0.39)</h2>");
        int second = page.indexOf("<h2>Factor 2 — 5.0 % of variance</h2>");
        assertTrue(page.indexOf("</svg>") < first && first < second, "map, then factor 1, then factor 2");
        assertTrue(page.indexOf("<th>Top</th><th>Bottom</th>") > first);
        assertTrue(page.contains("<td class=\"num\">1</td><td>Star Wars (1977)</td><td>Clerks (1994)</td>"), page);
        assertTrue(page.contains("<td class=\"num\">2</td><td>Alien (1979)</td><td></td>"));
        int note = page.indexOf("<p>Drama r = −0.21</p>");
        assertTrue(first < note && note < second);
        assertTrue(page.indexOf("<td>Fargo (1996)</td><td>Heat (1995)</td>") > second);
    }

    @Test
    void page_anyInput_isSelfContained() {
        String page = page(GENRES, POINTS);

        assertTrue(page.startsWith("<!DOCTYPE html>"));
        for (String external : List.of("http://", "https://", "src=", "<link", "<script", "@import", "url(")) {
            assertFalse(page.contains(external), external);
        }
    }

    @Test
    void page_groupPastTheList_throwsNamingThePoint() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> page(GENRES, List.of(new Point(0, 0, 3, "Heat (1995)"))));

        assertTrue(e.getMessage().contains("Heat (1995)") && e.getMessage().contains("group 3"), e.getMessage());
    }

    @Test
    void point_groupBelowMinusOne_throws() {
        assertThrows(IllegalArgumentException.class, () -> new Point(0, 0, -2, "x"));
    }
}
