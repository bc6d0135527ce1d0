package dev.latent.spark;

import dev.latent.io.ModelFiles;
import dev.latent.model.FactorModel;
import dev.latent.recommend.Recommender;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SparkTool end to end on a tiny rating file; the tool borrows this class's {@code local[2]} session. */
class SparkToolTest {
    private static SparkSession spark;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder().master("local[2]").appName("SparkToolTest")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    private int run(String... args) {
        return SparkTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path ratings() throws IOException {
        StringBuilder text = new StringBuilder("userId,movieId,rating\n");
        for (int u = 1; u <= 8; u++) {
            for (int i = 1; i <= 6; i++) {
                if ((u + i) % 3 != 0) {
                    text.append("u").append(u).append(',').append(i * 10).append(',').append(1 + (u * i) % 5).append('\n');
                }
            }
        }
        return Files.writeString(dir.resolve("ratings.csv"), text);
    }

    @Test
    void trainExportImport_tinyCsv_modelSurvivesTheRoundTrip() throws IOException {
        Path model = dir.resolve("model.lmf");
        Path als = dir.resolve("als");
        Path back = dir.resolve("back.lmf");

        assertEquals(0, run("train", "--data", ratings().toString(), "--out", model.toString(), "--factors", "4",
                "--epochs", "5", "--lr", "0.05", "--reg", "0.05", "--seed", "9", "--strata", "2"), errors());
        assertEquals(0, run("export", "--model", model.toString(), "--format", "spark-als", "--out", als.toString()), errors());
        assertEquals(0, run("import", "--format=spark-als", "--model-dir=" + als, "--out", back.toString()), errors());

        FactorModel trained = ModelFiles.load(model);
        assertEquals(DsgdTrainer.ALGORITHM, trained.algorithm());
        assertEquals("dsgd", trained.parameters().get("trainer"));
        assertEquals("2", trained.parameters().get(DsgdConfig.STRATA_PARAMETER));
        assertEquals(9L, trained.seed());
        assertEquals(4, trained.rank());
        assertEquals(8, trained.users().size());
        FactorModel imported = ModelFiles.load(back);
        assertEquals(SparkAlsFormat.ALGORITHM, imported.algorithm());
        assertEquals(trained.users(), imported.users());
        assertEquals(trained.items(), imported.items());
        for (int u = 0; u < trained.users().size(); u++) {
            for (int i = 0; i < trained.items().size(); i++) {
                float expected = trained.score(u, i);
                assertEquals(expected, imported.score(u, i), 1e-5 * Math.max(1, Math.abs(expected)));
            }
        }
        assertTrue(Files.isRegularFile(als.resolve("latent-ids/users.tsv")));
        // Without seen lists every item is a candidate: the whole catalogue comes back.
        assertEquals(trained.items().size(), new Recommender(imported).recommend(0, 1000).size());
    }

    @Test
    void run_unknownCommand_exitsTwoWithOneLine() {
        assertEquals(SparkTool.USAGE, run("fit"));
        assertTrue(errors().startsWith("error: unknown command 'fit'"), errors());
        assertEquals(1, errors().strip().lines().count());
    }

    @Test
    void run_missingOption_exitsTwo() {
        assertEquals(SparkTool.USAGE, run("export", "--format", "spark-als", "--out", "x"));
        assertEquals("error: missing option --model", errors().strip());
    }

    @Test
    void run_unknownFormat_exitsTwo() {
        assertEquals(SparkTool.USAGE, run("import", "--format", "mllib", "--model-dir", "d", "--out", "m"));
        assertEquals("error: unknown format 'mllib'; the only format is spark-als", errors().strip());
    }

    @Test
    void run_badNumber_exitsTwo() throws IOException {
        assertEquals(SparkTool.USAGE, run("train", "--data", ratings().toString(), "--out", "m", "--epochs", "many"));
        assertEquals("error: --epochs must be an integer but was 'many'", errors().strip());
    }

    @Test
    void run_unknownSchedule_exitsTwoNamingIt() throws IOException {
        assertEquals(SparkTool.USAGE, run("train", "--data", ratings().toString(), "--out", "m", "--schedule", "cosine"));
        assertTrue(errors().startsWith("error: --schedule: ") && errors().contains("cosine"), errors());
    }

    @Test
    void run_invalidConfig_exitsTwoNamingTheParameter() throws IOException {
        assertEquals(SparkTool.USAGE, run("train", "--data", ratings().toString(), "--out", "m", "--factors", "0"));
        assertTrue(errors().contains("factors") && errors().contains("0"), errors());
    }

    @Test
    void run_missingModelFile_exitsTwo() {
        assertEquals(SparkTool.USAGE, run("export", "--model", dir.resolve("none.lmf").toString(), "--format", "spark-als",
                "--out", dir.resolve("als").toString()));
        assertEquals(1, errors().strip().lines().count(), errors());
    }

    @Test
    void run_importFromNoModel_exitsTwoNamingTheDirectory() throws IOException {
        Path missing = dir.resolve("none");
        Path empty = Files.createDirectories(dir.resolve("empty"));

        assertEquals(SparkTool.USAGE, run("import", "--format", "spark-als", "--model-dir", missing.toString(), "--out", "m"));
        assertEquals("error: no Spark ALS model at " + missing + ": it does not exist", errors().strip());
        assertEquals(SparkTool.USAGE, run("import", "--format", "spark-als", "--model-dir", empty.toString(), "--out", "m"));
        assertTrue(errors().strip().endsWith("no Spark ALS model at " + empty + ": it has no metadata/ directory"), errors());
    }

    @Test
    void run_optionWithoutValue_exitsTwo() {
        assertEquals(SparkTool.USAGE, run("import", "--format"));
        assertEquals("error: option --format needs a value", errors().strip());
    }
}
