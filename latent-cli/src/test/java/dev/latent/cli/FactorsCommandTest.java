package dev.latent.cli;

import dev.latent.io.ModelFiles;
import dev.latent.model.FactorModel;

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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code latent factors}, {@code recommend --explain} and {@code --items} titles, end to end on a small catalogue. */
class FactorsCommandTest {
    /** Six users, five movies. */
    private static final String CSV = "userId,movieId,rating,timestamp\n"
            + "ann,alien,5,1\nann,brazil,4,2\nann,casablanca,1,3\n"
            + "bob,alien,4,4\nbob,casablanca,2,5\nbob,dune,5,6\n"
            + "cat,brazil,2,7\ncat,casablanca,5,8\ncat,eraserhead,1,9\n"
            + "dan,dune,4,10\ndan,alien,5,11\ndan,eraserhead,2,12\n"
            + "eve,casablanca,4,13\neve,eraserhead,5,14\neve,brazil,1,15\n"
            + "fay,alien,3,16\nfay,dune,4,17\nfay,brazil,3,18\n";
    private static final String MOVIES = "movieId,title,genres\n"
            + "alien,Alien (1979),Horror|Sci-Fi\n"
            + "brazil,Brazil (1985),Comedy|Sci-Fi\n"
            + "casablanca,Casablanca (1942),Drama|Romance\n"
            + "dune,Dune (1984),Sci-Fi\n"
            + "eraserhead,\"Eraserhead, the <film> & more\",Horror\n";

    @TempDir
    Path dir;
    Path model;
    Path movies;

    @BeforeEach
    void trainModel() throws IOException {
        Path csv = dir.resolve("ratings.csv");
        Files.writeString(csv, CSV, StandardCharsets.UTF_8);
        movies = Files.writeString(dir.resolve("movies.csv"), MOVIES, StandardCharsets.UTF_8);
        model = dir.resolve("m.latent");
        CliRun run = CliRun.of("train", "--data", csv.toString(), "--out", model.toString(), "--factors", "4",
                "--epochs", "20");
        assertEquals(0, run.code(), run.toString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(CliRun run) {
        assertEquals(0, run.code(), run.toString());
        return (Map<String, Object>) JsonParser.parse(run.out().strip());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    @Test
    void factors_json_hasTheIssuesShapeWithTitlesAndGenres() {
        Map<String, Object> json = json(CliRun.of("factors", "--model", model.toString(), "--items", movies.toString(),
                "--top", "2", "--min-ratings", "0", "--json"));

        List<Map<String, Object>> factors = list(json.get("factors"));
        assertEquals(4, factors.size());
        double shares = 0;
        for (int f = 0; f < factors.size(); f++) {
            Map<String, Object> factor = factors.get(f);
            assertEquals(f, ((Number) factor.get("index")).intValue());
            assertTrue(factor.keySet().containsAll(List.of("index", "variance_share", "top", "bottom", "genres")),
                    factor.toString());
            shares += number(factor.get("variance_share"));
            List<Map<String, Object>> top = list(factor.get("top"));
            List<Map<String, Object>> bottom = list(factor.get("bottom"));
            assertEquals(2, top.size());
            assertEquals(2, bottom.size());
            assertEquals(List.of("id", "title", "loading"), List.copyOf(top.get(0).keySet()));
            assertTrue(number(top.get(0).get("loading")) >= number(top.get(1).get("loading")));
            assertTrue(number(top.get(1).get("loading")) >= number(bottom.get(1).get("loading")));
            List<Map<String, Object>> genres = list(factor.get("genres"));
            assertEquals(5, genres.size(), "Horror, Sci-Fi, Comedy, Drama, Romance");
            assertEquals(List.of("genre", "correlation"), List.copyOf(genres.get(0).keySet()));
        }
        assertEquals(1.0, shares, 1e-6);
        assertEquals("varimax", json.get("rotation"));
        String alienTitle = factors.stream().flatMap(f -> list(f.get("top")).stream())
                .filter(item -> item.get("id").equals("alien")).map(item -> (String) item.get("title"))
                .findFirst().orElse("Alien (1979)");
        assertEquals("Alien (1979)", alienTitle);
    }

    @Test
    void factors_rotateNone_showsTheTrainedLoadings() throws IOException {
        FactorModel trained = ModelFiles.load(model);
        Map<String, Object> json = json(CliRun.of("factors", "--model", model.toString(), "--rotate", "none",
                "--top", "1", "--min-ratings", "0", "--json"));

        for (Map<String, Object> factor : list(json.get("factors"))) {
            int f = ((Number) factor.get("index")).intValue();
            Map<String, Object> top = list(factor.get("top")).get(0);
            int item = trained.items().indexOf((String) top.get("id"));
            assertEquals(trained.itemFactors().get(item * trained.rank() + f), number(top.get("loading")), 1e-6);
        }
        assertEquals("none", json.get("rotation"));
    }

    @Test
    void factors_saveRotated_predictsEveryScoreAsTheOriginal() throws IOException {
        Path rotated = dir.resolve("rotated.latent");
        CliRun run = CliRun.of("factors", "--model", model.toString(), "--save-rotated", rotated.toString());
        assertEquals(0, run.code(), run.toString());

        FactorModel a = ModelFiles.load(model);
        FactorModel b = ModelFiles.load(rotated);
        for (int u = 0; u < a.users().size(); u++) {
            for (int i = 0; i < a.items().size(); i++) {
                assertEquals(a.score(u, i), b.score(u, i), 1e-4, "user " + u + ", item " + i);
            }
        }
    }

    @Test
    void factors_text_namesFactorsAndTitles() {
        CliRun run = CliRun.of("factors", "--model", model.toString(), "--items", movies.toString(), "--top", "2",
                "--min-ratings", "0", "--limit", "2");

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("Factor 0: "), run.out());
        assertTrue(run.out().contains("Factor 1: "), run.out());
        assertFalse(run.out().contains("Factor 2: "), run.out());
        assertTrue(run.out().contains("correlation with genres: "), run.out());
        assertTrue(run.out().contains("(1979)") || run.out().contains("(1985)") || run.out().contains("(1942)"), run.out());
    }

    @Test
    void factors_report_writesAMapWithEscapedTitles() throws IOException {
        Path page = dir.resolve("out/factors.html");
        CliRun run = CliRun.of("factors", "--model", model.toString(), "--items", movies.toString(), "--report",
                page.toString());

        assertEquals(0, run.code(), run.toString());
        String html = Files.readString(page);
        assertTrue(html.contains("<svg"), html);
        assertTrue(html.contains("Casablanca (1942)"), html);
        assertTrue(html.contains("Eraserhead, the &lt;film&gt; &amp; more"), html);
        assertFalse(html.contains("<film>"), html);
    }

    @Test
    void factors_mistakes_exitTwoNamingThemButMissingMetadataOnlyWarns() {
        CliRun rotate = CliRun.of("factors", "--model", model.toString(), "--rotate", "promax");
        CliRun missing = CliRun.of("factors", "--model", model.toString(), "--items", dir.resolve("none.csv").toString());
        CliRun top = CliRun.of("factors", "--model", model.toString(), "--top", "0");

        assertEquals(2, rotate.code(), rotate.toString());
        assertEquals("latent: --rotate must be varimax or none but was 'promax'\n", rotate.err());
        assertEquals(0, missing.code(), missing.toString());
        assertTrue(missing.err().contains("latent: --items " + dir.resolve("none.csv") + ": no such file; showing item ids only\n"),
                missing.err());
        assertEquals(2, top.code(), top.toString());
        assertEquals("latent: --top must be positive but was 0\n", top.err());
    }

    @Test
    void recommendExplain_json_termsAddUpToTheScore() {
        for (String rotation : List.of("varimax", "none")) {
            Map<String, Object> json = json(CliRun.of("recommend", "--model", model.toString(), "--user", "ann",
                    "--items", movies.toString(), "--explain", "--rotate", rotation, "--json"));

            List<Map<String, Object>> items = list(json.get("items"));
            assertEquals(2, items.size(), json.toString());
            for (Map<String, Object> item : items) {
                @SuppressWarnings("unchecked")
                Map<String, Object> explain = (Map<String, Object>) item.get("explain");
                double sum = number(explain.get("global_mean")) + number(explain.get("user_bias"))
                        + number(explain.get("item_bias")) + number(explain.get("other_factors"));
                for (Map<String, Object> factor : list(explain.get("factors"))) {
                    sum += number(factor.get("contribution"));
                    assertTrue(factor.containsKey("label"), factor.toString());
                }
                assertEquals(number(item.get("score")), sum, 1e-4, rotation + " " + item);
                assertEquals(3, list(explain.get("because")).size(), "ann rated three movies");
                assertTrue(item.get("title") instanceof String, item.toString());
            }
        }
    }

    @Test
    void recommendExplain_newUser_termsAddUpToTheScore() {
        Map<String, Object> json = json(CliRun.of("recommend", "--model", model.toString(), "--ratings",
                "alien=5,dune=4", "--explain", "--json"));

        for (Map<String, Object> item : list(json.get("items"))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> explain = (Map<String, Object>) item.get("explain");
            double sum = number(explain.get("global_mean")) + number(explain.get("user_bias"))
                    + number(explain.get("item_bias")) + number(explain.get("other_factors"));
            for (Map<String, Object> factor : list(explain.get("factors"))) {
                sum += number(factor.get("contribution"));
            }
            assertEquals(number(item.get("score")), sum, 1e-4, item.toString());
            List<Object> because = list(explain.get("because")).stream().map(b -> b.get("id")).map(Object.class::cast).toList();
            assertEquals(2, because.size());
            assertTrue(because.containsAll(List.of("alien", "dune")), because.toString());
        }
    }

    @Test
    void recommendExplain_text_showsTermsAndBecause() {
        CliRun run = CliRun.of("recommend", "--model", model.toString(), "--user", "ann", "--items", movies.toString(),
                "--explain");

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains(" mean "), run.out());
        assertTrue(run.out().contains("other factors"), run.out());
        assertTrue(run.out().contains("because you rated "), run.out());
        assertTrue(run.out().contains("Dune (1984)") || run.out().contains("Eraserhead"), run.out());
    }

    @Test
    void similar_withItems_showsTitles() {
        CliRun run = CliRun.of("similar", "--model", model.toString(), "--item", "alien", "--items", movies.toString(),
                "--n", "2");
        Map<String, Object> json = json(CliRun.of("similar", "--model", model.toString(), "--item", "alien",
                "--items", movies.toString(), "--n", "4", "--json"));

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().startsWith("Most similar to item alien \"Alien (1979)\""), run.out());
        for (Map<String, Object> item : list(json.get("items"))) {
            assertTrue(item.get("title") instanceof String, item.toString());
        }
    }
}
