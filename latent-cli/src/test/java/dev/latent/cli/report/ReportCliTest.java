package dev.latent.cli.report;

import dev.latent.cli.LatentCli;
import dev.latent.data.DataSets;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --report} of {@code latent train} and {@code latent evaluate}, end to end on tiny files. */
class ReportCliTest {
    /** Six users, five movies; the file name is hostile, to show it is escaped in the report. */
    private static final String CSV = "userId,movieId,rating\n"
            + "ann,alien,5\nann,brazil,4\nann,casablanca,1\nbob,alien,4\nbob,casablanca,2\nbob,dune,5\n"
            + "cat,brazil,2\ncat,casablanca,5\ncat,eraserhead,1\ndan,dune,4\ndan,alien,5\ndan,eraserhead,2\n"
            + "eve,casablanca,4\neve,eraserhead,5\neve,brazil,1\nfay,alien,3\nfay,dune,4\nfay,brazil,3\n";

    @TempDir
    Path dir;
    Path csv;
    Path model;
    Path report;

    @BeforeEach
    void writeFixture() throws IOException {
        csv = Files.writeString(dir.resolve("<b>&\"x.csv"), CSV, StandardCharsets.UTF_8);
        model = dir.resolve("m.latent");
        report = dir.resolve("out/report.html");
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LatentCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    private String html() throws IOException {
        return Files.readString(report, StandardCharsets.UTF_8);
    }

    private static void assertSelfContained(String html) {
        for (String external : List.of("http://", "https://", "src=", "<link", "<script")) {
            assertFalse(html.contains(external), external);
        }
        assertTrue(html.length() < 1 << 20);
    }

    @Test
    void train_reportWithoutValidation_oneCurveWithAPointPerEpoch() throws IOException {
        Run r = run("train", "--data", csv.toString(), "--out", model.toString(), "--factors", "4", "--epochs", "12",
                "--report", report.toString());

        assertEquals(0, r.code(), r.err());
        String html = html();
        assertEquals(List.of(12), SvgChartTest.polylinePointCounts(html));
        assertTrue(html.contains("<title>latent train: biased-mf</title>"));
        assertTrue(html.contains("&lt;b&gt;&amp;&quot;x.csv"), "the hostile file name is escaped");
        assertFalse(html.contains("<b>&"));
        assertSelfContained(html);
    }

    @Test
    void train_reportWithEarlyStopping_trainingAndValidationCurvesAndKeptEpoch() throws IOException {
        Run r = run("train", "--data", csv.toString(), "--out", model.toString(), "--factors", "4", "--epochs", "30",
                "--early-stopping", "3", "--validation-fraction", "0.3", "--json", "--report", report.toString());

        assertEquals(0, r.code(), r.err());
        int epochs = Integer.parseInt(field(r.out(), "epochs"));
        int best = Integer.parseInt(field(r.out(), "best_epoch"));
        String html = html();
        assertEquals(List.of(epochs, epochs), SvgChartTest.polylinePointCounts(html));
        assertTrue(html.contains("kept epoch " + best));
        assertTrue(html.contains("validation RMSE"));
    }

    /** The last value of a numeric field: "epochs" is also among the parameters, before the result's own. */
    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\\s*([0-9.]+)").matcher(json);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        assertTrue(last != null, json);
        return last;
    }

    @Test
    void evaluate_foldsReport_oneCurvePerFoldAndBarsPerFold() throws IOException {
        Run r = run("evaluate", "--data", csv.toString(), "--folds", "3", "--factors", "2", "--epochs", "7",
                "--quiet", "--report", report.toString());

        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("Wrote the report"), "--quiet");
        String html = html();
        assertEquals(List.of(7, 7, 7), SvgChartTest.polylinePointCounts(html));
        assertEquals(3, SvgChartTest.count(html, " test: epoch 7, "), "each fold's final test RMSE is a point");
        assertEquals(9, SvgChartTest.count(html, "<rect x="), "three predictors × three folds");
        assertTrue(html.contains("bias-baseline") && html.contains("global-mean"));
        assertSelfContained(html);
    }

    @Test
    void evaluate_rankReport_metricsBesideMostPopular() throws IOException {
        Run r = run("evaluate", "--data", csv.toString(), "--task", "rank", "--algo", "ials", "--factors", "2",
                "--epochs", "3", "--quiet", "--report", report.toString());

        assertEquals(0, r.code(), r.err());
        String html = html();
        assertTrue(html.contains("most-popular") && html.contains("ndcg@10"), html);
        assertEquals(14, SvgChartTest.count(html, "<rect x="), "seven metrics × two rankers");
        assertSelfContained(html);
    }

    @Test
    void train_reportUnderAFile_exitsTwoBeforeTraining() throws IOException {
        Path blocker = Files.writeString(dir.resolve("blocker"), "x");

        Run r = run("train", "--data", csv.toString(), "--out", model.toString(), "--report",
                blocker.resolve("r.html").toString());

        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("latent: cannot write --report " + blocker.resolve("r.html")), r.err());
        assertFalse(Files.exists(model), "nothing was trained");
    }

    @Test
    void train_reportIsTheModelFile_exitsTwo() {
        Run r = run("train", "--data", csv.toString(), "--out", model.toString(), "--report", model.toString());

        assertEquals(2, r.code());
        assertEquals("latent: --report must differ from --out", r.err().strip());
    }

    @Test
    void evaluate_reportIsADirectory_exitsTwo() {
        Run r = run("evaluate", "--data", csv.toString(), "--folds", "3", "--report", dir.toString());

        assertEquals(2, r.code());
        assertTrue(r.err().contains("it is a directory"), r.err());
    }

    @Test
    void evaluate_movieLens100kFiveFolds_reportUnderOneMegabyte() throws IOException {
        Path data = DataSets.find("ml-100k/u.data").orElse(null);
        Assumptions.assumeTrue(data != null || System.getenv("CI") != null, "ml-100k is missing");
        Run r = run("evaluate", "--data", String.valueOf(data), "--folds", "5", "--factors", "16", "--epochs", "10",
                "--quiet", "--report", report.toString());

        assertEquals(0, r.code(), r.err());
        String html = html();
        assertEquals(List.of(10, 10, 10, 10, 10), SvgChartTest.polylinePointCounts(html));
        assertTrue(Files.size(report) < 100_000, "report size " + Files.size(report));
        assertSelfContained(html);
    }
}
