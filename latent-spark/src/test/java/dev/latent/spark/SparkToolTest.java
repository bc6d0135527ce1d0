package dev.latent.spark;

import dev.latent.io.ModelFiles;
import dev.latent.model.FactorModel;
import dev.latent.recommend.Recommender;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SparkTool end to end on a tiny rating file; the tool borrows this class's {@code local[2]} session. */
class SparkToolTest {
    private static SparkSession spark;

    @TempDir
    Path dir;

    private final ToolRun tool = new ToolRun();

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start(SparkToolTest.class);
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void trainExportImport_tinyCsv_modelSurvivesTheRoundTrip() throws IOException {
        Path model = dir.resolve("model.lmf");
        Path als = dir.resolve("als");
        Path back = dir.resolve("back.lmf");

        assertEquals(0, tool.run("train", "--data", ToolRun.tinyRatings(dir).toString(), "--out", model.toString(), "--factors", "4",
                "--epochs", "5", "--lr", "0.05", "--reg", "0.05", "--seed", "9", "--strata", "2"), tool.errors());
        assertEquals(0, tool.run("export", "--model", model.toString(), "--format", "spark-als", "--out", als.toString()), tool.errors());
        assertEquals(0, tool.run("import", "--format=spark-als", "--model-dir=" + als, "--out", back.toString()), tool.errors());

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
    void train_fileUris_readAndWriteThroughHadoop() throws IOException {
        String data = ToolRun.tinyRatings(dir).toUri().toString();
        String model = dir.resolve("uri/model.lmf").toUri().toString();
        Path als = dir.resolve("uri-als");

        assertEquals(0, tool.run("train", "--data", data, "--out", model, "--factors", "3", "--epochs", "2"), tool.errors());
        assertEquals(0, tool.run("export", "--model", model, "--format", "spark-als", "--out", als.toString()), tool.errors());

        assertEquals(8, ModelFiles.load(dir.resolve("uri/model.lmf")).users().size());
        assertTrue(Files.isDirectory(als.resolve("metadata")));
    }

    @Test
    void run_unknownCommand_exitsTwoWithOneLine() {
        assertEquals(SparkTool.USAGE, tool.run("fit"));
        assertTrue(tool.errors().startsWith("error: unknown command 'fit'"), tool.errors());
        assertEquals(1, tool.errors().strip().lines().count());
    }

    @Test
    void run_missingOption_exitsTwo() {
        assertEquals(SparkTool.USAGE, tool.run("export", "--format", "spark-als", "--out", "x"));
        assertEquals("error: missing option --model", tool.errors().strip());
    }

    @Test
    void run_unknownFormat_exitsTwo() {
        assertEquals(SparkTool.USAGE, tool.run("import", "--format", "mllib", "--model-dir", "d", "--out", "m"));
        assertEquals("error: unknown format 'mllib'; the only format is spark-als", tool.errors().strip());
    }

    @Test
    void run_badNumber_exitsTwo() throws IOException {
        assertEquals(SparkTool.USAGE, tool.run("train", "--data", ToolRun.tinyRatings(dir).toString(), "--out", "m", "--epochs", "many"));
        assertEquals("error: --epochs must be an integer but was 'many'", tool.errors().strip());
    }

    @Test
    void run_unknownSchedule_exitsTwoNamingIt() throws IOException {
        assertEquals(SparkTool.USAGE, tool.run("train", "--data", ToolRun.tinyRatings(dir).toString(), "--out", "m", "--schedule", "cosine"));
        assertTrue(tool.errors().startsWith("error: --schedule: ") && tool.errors().contains("cosine"), tool.errors());
    }

    @Test
    void run_invalidConfig_exitsTwoNamingTheParameter() throws IOException {
        assertEquals(SparkTool.USAGE, tool.run("train", "--data", ToolRun.tinyRatings(dir).toString(), "--out", "m", "--factors", "0"));
        assertTrue(tool.errors().contains("factors") && tool.errors().contains("0"), tool.errors());
    }

    @Test
    void run_missingModelFile_exitsTwo() {
        assertEquals(SparkTool.USAGE, tool.run("export", "--model", dir.resolve("none.lmf").toString(), "--format", "spark-als",
                "--out", dir.resolve("als").toString()));
        assertEquals(1, tool.errors().strip().lines().count(), tool.errors());
    }

    @Test
    void run_importFromNoModel_exitsTwoNamingTheDirectory() throws IOException {
        Path missing = dir.resolve("none");
        Path empty = Files.createDirectories(dir.resolve("empty"));

        assertEquals(SparkTool.USAGE, tool.run("import", "--format", "spark-als", "--model-dir", missing.toString(), "--out", "m"));
        assertEquals("error: no Spark ALS model at " + missing + ": it does not exist", tool.errors().strip());
        assertEquals(SparkTool.USAGE, tool.run("import", "--format", "spark-als", "--model-dir", empty.toString(), "--out", "m"));
        assertTrue(tool.errors().strip().endsWith("no Spark ALS model at " + empty + ": it has no metadata/ directory"), tool.errors());
    }

    @Test
    void run_optionWithoutValue_exitsTwo() {
        assertEquals(SparkTool.USAGE, tool.run("import", "--format"));
        assertEquals("error: option --format needs a value", tool.errors().strip());
    }
}
