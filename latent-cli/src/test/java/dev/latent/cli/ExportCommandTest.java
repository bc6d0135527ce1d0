package dev.latent.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportCommandTest {
    @TempDir
    Path dir;
    Path model;

    @BeforeEach
    void trainModel() throws IOException {
        Path csv = Files.writeString(dir.resolve("ratings.csv"), "user,item,rating\nann,alien,5\nann,brazil,4\n"
                + "bob,alien,4\nbob,casablanca,2\ncat,brazil,2\ncat,casablanca,5\n", StandardCharsets.UTF_8);
        model = dir.resolve("m.latent");
        CliRun run = CliRun.of("train", "--data", csv.toString(), "--out", model.toString(), "--factors", "3", "--epochs", "5");
        assertEquals(0, run.code(), run.toString());
    }

    @Test
    void export_tsv_writesUsersItemsAndDescription() throws IOException {
        Path out = dir.resolve("export");
        CliRun run = CliRun.of("export", "--model", model.toString(), "--format", "tsv", "--out", out.toString());

        assertEquals(0, run.code(), run.toString());
        assertEquals("Exported " + model + " (biased-mf, 3 users, 3 items, rank 3) as tsv to " + out + "\n", run.out());
        List<String> users = Files.readAllLines(out.resolve("users.tsv"));
        assertEquals("id\tbias\tf0\tf1\tf2", users.get(0));
        assertEquals(4, users.size());
        assertTrue(users.get(1).startsWith("ann\t"), users.get(1));
        assertTrue(Files.readString(out.resolve("model.json")).contains("\"algorithm\": \"biased-mf\""));
    }

    @Test
    void export_mistakes_exitTwoNamingThem() throws IOException {
        Path taken = Files.createDirectories(dir.resolve("taken"));
        CliRun exists = CliRun.of("export", "--model", model.toString(), "--format", "npy", "--out", taken.toString());
        CliRun format = CliRun.of("export", "--model", model.toString(), "--format", "csv", "--out", dir.resolve("x").toString());
        CliRun spark = CliRun.of("export", "--model", model.toString(), "--format", "spark-als", "--out", dir.resolve("y").toString());

        assertEquals(2, exists.code(), exists.toString());
        assertEquals("latent: --out " + taken + " already exists; choose a new directory\n", exists.err());
        assertEquals(2, format.code(), format.toString());
        assertEquals("latent: --format: unknown export format 'csv'; known: tsv, npy\n", format.err());
        assertEquals(2, spark.code(), spark.toString());
        assertTrue(spark.err().startsWith("latent: --format spark-als needs Spark: run it through the ./latent launcher"),
                spark.err());
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void import_withoutTheLauncher_exitsTwoSayingItRunsOnSpark() {
        CliRun run = CliRun.of("import", "--format", "spark-als", "--model-dir", dir.toString(), "--out",
                dir.resolve("imported.latent").toString());

        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().startsWith("latent: import runs on Spark: run it through the ./latent launcher"), run.err());
        assertFalse(Files.exists(dir.resolve("imported.latent")));
    }
}
