package dev.latent.cli.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlReportTest {
    private static final String HOSTILE = "<b>&\"'\u0001";

    @TempDir
    Path dir;

    @Test
    void render_hostileTexts_areEscapedEverywhere() {
        String html = new HtmlReport(HOSTILE, HOSTILE).section(HOSTILE).paragraph(HOSTILE)
                .table(List.of(HOSTILE), List.of(List.of(HOSTILE))).facts(Map.of(HOSTILE, HOSTILE)).render();

        assertFalse(html.contains("<b>"));
        assertFalse(html.contains("\u0001"));
        assertTrue(html.contains("<title>&lt;b&gt;&amp;&quot;&#39;\uFFFD</title>"));
        assertEquals(9, SvgChartTest.count(html, "&lt;b&gt;&amp;&quot;&#39;\uFFFD"));
    }

    @Test
    void render_page_isSelfContained() {
        String html = new HtmlReport("t", "").chart(SvgChart.bars("b", "x", "y", List.of("a"),
                Map.of("g", new double[]{1}))).render();

        assertTrue(html.startsWith("<!DOCTYPE html>"));
        for (String external : List.of("http://", "https://", "src=", "<link", "<script", "@import", "url(")) {
            assertFalse(html.contains(external), external);
        }
    }

    @Test
    void table_numbersRightAligned_textNot() {
        String html = new HtmlReport("t", "").table(List.of("name", "rmse"),
                List.of(List.of("biased-mf", "0.9084 ± 0.0063"))).render();

        assertTrue(html.contains("<td>biased-mf</td><td class=\"num\">0.9084 ± 0.0063</td>"), html);
    }

    @Test
    void write_newFile_holdsThePageAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("sub/report.html");
        HtmlReport report = new HtmlReport("t", "s");

        report.write(file);

        assertEquals(report.render(), Files.readString(file, StandardCharsets.UTF_8));
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void write_parentIsAFile_failsLeavingNothing() throws IOException {
        Path blocker = Files.writeString(dir.resolve("blocker"), "x");

        assertThrows(IOException.class, () -> new HtmlReport("t", "").write(blocker.resolve("r.html")));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(blocker), files.toList());
        }
    }

    @Test
    void requireWritable_directory_namesOptionAndReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HtmlReport.requireWritable(dir, "--report"));
        assertEquals("cannot write --report " + dir + ": it is a directory", e.getMessage());
    }

    @Test
    void requireWritable_parentIsAFile_failsAndLeavesNoProbe() throws IOException {
        Path blocker = Files.writeString(dir.resolve("blocker"), "x");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HtmlReport.requireWritable(blocker.resolve("r.html"), "--report"));
        assertTrue(e.getMessage().startsWith("cannot write --report " + blocker.resolve("r.html") + ": "), e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(blocker), files.toList());
        }
    }

    @Test
    void requireWritable_newDirectory_createsItAndLeavesNoProbe() throws IOException {
        Path file = dir.resolve("a/b/r.html");

        HtmlReport.requireWritable(file, "--report");

        try (var files = Files.list(file.getParent())) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void compact_numbers_shortAndLocaleFree() {
        assertEquals("0.005", Text.compact(0.005));
        assertEquals("128", Text.compact(128));
        assertEquals("0.02", Text.compact(0.02f));
        assertEquals("1e-05", Text.compact(1e-5));
        assertEquals("0.9084", Text.fixed(0.90841, 4));
        assertEquals("–", Text.fixed(Double.NaN, 4));
    }
}
