package dev.latent.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code latent tune} end to end on a tiny inline CSV. */
class TuneCommandTest {
    @TempDir
    Path dir;
    Path ratings;

    /** 30 users × 12 items, two taste groups, about two thirds of the cells rated. */
    @BeforeEach
    void writeFixture() throws IOException {
        StringBuilder csv = new StringBuilder();
        for (int u = 0; u < 30; u++) {
            for (int i = 0; i < 12; i++) {
                if ((u * 7 + i * 3) % 3 != 0) {
                    int rating = (u % 2 == i % 2 ? 4 : 2) + (u + i) % 2;
                    csv.append("u").append(u).append(',').append("i").append(i).append(',').append(rating).append('\n');
                }
            }
        }
        ratings = dir.resolve("ratings.csv");
        Files.writeString(ratings, csv.toString(), StandardCharsets.UTF_8);
    }

    private CliRun tune(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("tune", "--data", ratings.toString(), "--folds", "3",
                "--algo", "biased-mf", "--epochs", "20", "--threads", "2"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void tune_gridJson_bestAndTrialsFollowTheKeyContract() {
        CliRun run = tune("--grid", "factors=2,4;lr=0.01,0.05", "--json", "--quiet");

        assertEquals(0, run.code(), run.toString());
        Map<String, Object> json = JsonParser.parseObject(run.out());
        assertEquals(List.of("best", "trials"), List.copyOf(json.keySet()));
        @SuppressWarnings("unchecked")
        Map<String, Object> best = (Map<String, Object>) json.get("best");
        assertEquals(List.of("algo", "factors", "lr", "epochs", "rmse"), List.copyOf(best.keySet()), run.out());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> trials = (List<Map<String, Object>>) json.get("trials");
        assertEquals(4, trials.size());
        double previous = 0;
        for (Map<String, Object> trial : trials) {
            assertEquals(List.of("algo", "factors", "lr", "epochs", "rmse", "std", "seconds", "folds"), List.copyOf(trial.keySet()));
            assertEquals(3, ((List<?>) trial.get("folds")).size());
            double rmse = ((Number) trial.get("rmse")).doubleValue();
            assertTrue(rmse >= previous, "trials are ranked by rmse");
            previous = rmse;
            int epochs = ((Number) trial.get("epochs")).intValue();
            assertTrue(epochs >= 1 && epochs <= 20, "epochs " + epochs);
        }
        assertEquals(trials.getFirst().get("rmse"), best.get("rmse"));
        assertEquals(trials.getFirst().get("factors"), best.get("factors"));
    }

    @Test
    void tune_text_printsTheTableAndAReadyToPasteTrainLine() {
        CliRun run = tune("--grid", "factors=2,4", "--reg", "0.05", "--search", "line", "--quiet");

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("rmse (mean ± std)"), run.out());
        String trainLine = run.out().lines().filter(l -> l.startsWith("./latent train")).findFirst().orElseThrow();
        assertTrue(trainLine.matches("\\./latent train --data \\S+ratings\\.csv --algo biased-mf --reg 0\\.05 --factors [24] "
                + "--epochs \\d+ --out model\\.latent"), trainLine);
    }

    @Test
    void tune_report_drawsTheLandscapeHeatMapAndTheBestTrialsCurves() throws IOException {
        Path page = dir.resolve("tune.html");

        CliRun run = tune("--grid", "factors=2,4;lr=0.01,0.05", "--report", page.toString(), "--quiet");

        assertEquals(0, run.code(), run.toString());
        String html = Files.readString(page);
        assertTrue(html.contains("<svg"), "inline SVG");
        assertTrue(!html.contains("http://") || html.indexOf("http://") == html.indexOf("http://www.w3.org/2000/svg"),
                "nothing fetched");
        // Three folds of the best trial: one training and one validation curve each.
        assertTrue(count(html, "fold 1") >= 1 && count(html, "fold 3") >= 1, html.length() + " bytes");
        assertTrue(html.contains("lr") && html.contains("factors"), "both parameters are drawn");
    }

    @Test
    void tune_badGrid_exitsTwoNamingIt() {
        CliRun unknown = tune("--grid", "factors=2;colour=red");
        assertEquals(2, unknown.code(), unknown.toString());
        assertTrue(unknown.err().contains("unknown parameter 'colour'"), unknown.err());

        CliRun badValue = tune("--grid", "factors=2,abc");
        assertEquals(2, badValue.code(), badValue.toString());
        assertTrue(badValue.err().contains("factors=abc"), badValue.err());

        CliRun outOfRange = tune("--grid", "factors=0,2");
        assertEquals(2, outOfRange.code(), outOfRange.toString());
        assertTrue(outOfRange.err().contains("factors=0") && outOfRange.err().contains("--factors"), outOfRange.err());

        CliRun empty = tune("--grid", "");
        assertEquals(2, empty.code(), empty.toString());
        assertTrue(empty.err().contains("empty"), empty.err());

        CliRun inapplicable = CliRun.of("tune", "--data", ratings.toString(), "--folds", "3", "--algo", "als",
                "--grid", "lr=0.01,0.02");
        assertEquals(2, inapplicable.code(), inapplicable.toString());
        assertTrue(inapplicable.err().contains("lr=0.01") && inapplicable.err().contains("--lr does not apply to als"),
                inapplicable.err());
    }

    @Test
    void tune_journalCutShort_rerunRunsOnlyTheMissingTrials() throws IOException {
        Path journal = dir.resolve("tune.jsonl");
        CliRun first = tune("--grid", "factors=2,3,4;reg=0.02,0.1", "--journal", journal.toString());
        assertEquals(0, first.code(), first.toString());
        assertEquals(6, count(first.err(), "(ran)"));
        List<String> lines = Files.readAllLines(journal);
        assertEquals(7, lines.size());
        Files.write(journal, lines.subList(0, 3));   // the header and two trials: as if killed after two

        CliRun second = tune("--grid", "factors=2,3,4;reg=0.02,0.1", "--journal", journal.toString());

        assertEquals(0, second.code(), second.toString());
        assertEquals(4, count(second.err(), "(ran)"), second.err());
        assertEquals(2, count(second.err(), "(from journal)"), second.err());
        assertTrue(second.out().contains("6 trials (4 ran, 2 from journal)"), second.out());
        assertEquals(tableOf(first.out()), tableOf(second.out()));
        assertEquals(7, Files.readAllLines(journal).size());
    }

    @Test
    void tune_journalOfAnotherRun_exitsTwo() {
        Path journal = dir.resolve("tune.jsonl");
        assertEquals(0, tune("--grid", "factors=2", "--journal", journal.toString(), "--quiet").code());

        CliRun other = tune("--grid", "factors=3", "--journal", journal.toString(), "--quiet");

        assertEquals(2, other.code(), other.toString());
        assertTrue(other.err().contains("belongs to another run: its grid is 'factors=2'"), other.err());
    }

    @Test
    void tune_randomSearch_seededSameTrials() {
        CliRun a = tune("--grid", "factors=2,6;lr=0.005,0.05", "--search", "random", "--trials", "3", "--json", "--quiet");
        CliRun b = tune("--grid", "factors=2,6;lr=0.005,0.05", "--search", "random", "--trials", "3", "--json", "--quiet");

        assertEquals(0, a.code(), a.toString());
        assertEquals(3, ((List<?>) JsonParser.parseObject(a.out()).get("trials")).size());
        assertEquals(withoutSeconds(a.out()), withoutSeconds(b.out()));
    }

    private static String withoutSeconds(String json) {
        return json.replaceAll("\"seconds\": [0-9.eE-]+", "");
    }

    /** The table without its seconds column. */
    private static List<String> tableOf(String out) {
        return out.lines().skip(1).map(l -> l.replaceAll("\\s+\\S+$", "")).toList();
    }

    private static int count(String text, String word) {
        int n = 0;
        for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
            n++;
        }
        return n;
    }
}
