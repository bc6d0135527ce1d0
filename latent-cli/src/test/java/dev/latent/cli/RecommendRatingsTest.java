package dev.latent.cli;

import dev.latent.io.ModelFiles;
import dev.latent.model.FactorModel;
import dev.latent.recommend.FoldIn;
import dev.latent.recommend.FoldedUser;
import dev.latent.recommend.Recommender;
import dev.latent.recommend.ScoredItem;

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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code latent recommend --ratings}: a new user folded into a saved model, end to end. */
class RecommendRatingsTest {
    /** Six users, five movies. */
    private static final String CSV = "userId,movieId,rating,timestamp\n"
            + "ann,alien,5,1\nann,brazil,4,2\nann,casablanca,1,3\n"
            + "bob,alien,4,4\nbob,casablanca,2,5\nbob,dune,5,6\n"
            + "cat,brazil,2,7\ncat,casablanca,5,8\ncat,eraserhead,1,9\n"
            + "dan,dune,4,10\ndan,alien,5,11\ndan,eraserhead,2,12\n"
            + "eve,casablanca,4,13\neve,eraserhead,5,14\neve,brazil,1,15\n"
            + "fay,alien,3,16\nfay,dune,4,17\nfay,brazil,3,18\n";

    @TempDir
    Path dir;
    Path model;

    @BeforeEach
    void trainModel() throws IOException {
        Path csv = dir.resolve("ratings.csv");
        Files.writeString(csv, CSV, StandardCharsets.UTF_8);
        model = dir.resolve("m.latent");
        CliRun run = CliRun.of("train", "--data", csv.toString(), "--out", model.toString(), "--factors", "4",
                "--epochs", "20");
        assertEquals(0, run.code(), run.toString());
    }

    private CliRun recommend(String... extra) {
        String[] base = {"recommend", "--model", model.toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(args);
    }

    @Test
    void recommend_ratingsJson_sameShapeAsUserWithNullUserAndGivenItemsSkipped() {
        CliRun run = recommend("--ratings", "alien=5, brazil=4,casablanca=1", "--n", "10", "--json");

        assertEquals(0, run.code(), run.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) JsonParser.parse(run.out().strip());
        assertEquals(List.of("user", "items"), List.copyOf(json.keySet()));
        assertNull(json.get("user"));
        List<?> items = (List<?>) json.get("items");
        List<?> ids = items.stream().map(item -> ((Map<?, ?>) item).get("id")).toList();
        assertEquals(2, ids.size(), run.out());
        assertTrue(ids.containsAll(List.of("dune", "eraserhead")), run.out());
        assertTrue(run.out().startsWith("{\"user\": null, \"items\": [{\"id\": "), run.out());
    }

    @Test
    void recommend_ratings_matchesTheLibrarysFoldIn() throws IOException {
        CliRun run = recommend("--ratings", "dune=5,alien=2", "--n", "3");

        FactorModel loaded = ModelFiles.load(model);
        FoldedUser user = new FoldIn(loaded).foldIn(
                new int[] {loaded.items().indexOf("dune"), loaded.items().indexOf("alien")}, new float[] {5, 2});
        List<ScoredItem> expected = new Recommender(loaded).recommend(user, 3);
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().startsWith("Top 3 for a new user folded in from 2 ratings"), run.out());
        String[] lines = run.out().strip().split("\n");
        assertEquals(4, lines.length, run.out());
        for (int k = 0; k < 3; k++) {
            assertEquals(String.format("%3d. %-20s %.4f", k + 1, expected.get(k).id(), expected.get(k).score()),
                    lines[k + 1].stripTrailing());
        }
        assertFalse(run.out().contains(" dune ") || run.out().contains(" alien "), run.out());
    }

    @Test
    void recommend_unknownItems_exitsTwoNamingAllOfThem() {
        CliRun run = recommend("--ratings", "alien=5,zardoz=3,brazil=4,tron=1");

        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().startsWith("latent: unknown items 'zardoz', 'tron' in --ratings: the model has no item"
                + " with these ids (it knows 5 items)"), run.toString());
    }

    @Test
    void recommend_malformedPair_exitsTwoNamingIt() {
        for (String bad : List.of("alien=5,brazil", "alien=five", "=5", "alien=5,,brazil=4", "alien=NaN")) {
            CliRun run = recommend("--ratings", bad);

            assertEquals(2, run.code(), bad + ": " + run);
            assertTrue(run.err().startsWith("latent: malformed --ratings pair '"), bad + ": " + run);
        }
        assertTrue(recommend("--ratings", "alien=5,brazil").err().contains("pair 'brazil'"));
    }

    @Test
    void recommend_emptyRatings_exitsTwo() {
        CliRun run = recommend("--ratings", " ");

        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().startsWith("latent: --ratings is empty"), run.toString());
    }

    @Test
    void recommend_repeatedItem_exitsTwoNamingIt() {
        CliRun run = recommend("--ratings", "alien=5,alien=3");

        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().startsWith("latent: item 'alien' is given more than once in --ratings"), run.toString());
    }

    @Test
    void recommend_userAndRatingsTogetherOrNeither_isAUsageError() {
        CliRun both = recommend("--user", "ann", "--ratings", "alien=5");
        CliRun neither = recommend();

        assertEquals(2, both.code(), both.toString());
        assertTrue(both.err().contains("mutually exclusive"), both.toString());
        assertEquals(2, neither.code(), neither.toString());
        assertTrue(neither.err().contains("--user") && neither.err().contains("--ratings"), neither.toString());
    }

    @Test
    void recommend_user_stillWorks() {
        CliRun run = recommend("--user", "ann", "--json");

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().startsWith("{\"user\": \"ann\", \"items\": ["), run.out());
    }
}
