package dev.latent.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code latent convert} and the rating cache that train and evaluate use, end to end on a tiny file. */
class ConvertCommandTest {
    private static final String TSV = "ann\talien\t5\nann\tbrazil\t4\nbob\talien\t4\nbob\tdune\t5\n"
            + "cat\tbrazil\t2\ncat\tdune\t1\ndan\talien\t3\ndan\tbrazil\t3\n";

    @TempDir
    Path dir;
    Path data;
    Path cache;
    Path model;

    @BeforeEach
    void writeFixture() throws IOException {
        data = dir.resolve("ratings.tsv");
        Files.writeString(data, TSV, StandardCharsets.UTF_8);
        cache = dir.resolve("ratings.tsv.latentcache");
        model = dir.resolve("m.latent");
    }

    @Test
    void convert_tinyFile_writesCacheAndReportsRatingsSecondsAndSpeed() {
        CliRun run = CliRun.of("convert", "--data", data.toString());

        assertEquals(0, run.code(), run.toString());
        assertTrue(Files.isRegularFile(cache));
        assertTrue(run.out().matches("Parsed 8 ratings \\(4 users × 3 items\\) from \\S+ in \\d+\\.\\d s \\(\\d+ MB/s\\); "
                + "wrote \\S+ratings.tsv.latentcache \\(\\d+ MB\\) in \\d+\\.\\d s\\R"), run.out());
        assertTrue(run.err().contains("8 ratings (4 users × 3 items), tab-separated"), run.toString());
    }

    @Test
    void convert_json_printsOneObjectWithCounts() {
        Path out = dir.resolve("elsewhere.bin");

        CliRun run = CliRun.of("convert", "--data", data.toString(), "--out", out.toString(), "--json");

        assertEquals(0, run.code(), run.toString());
        assertTrue(Files.isRegularFile(out));
        assertFalse(Files.exists(cache));
        assertTrue(run.out().startsWith("{\"source\": "), run.out());
        assertTrue(run.out().contains("\"cache\": \"" + out + "\", \"ratings\": 8, \"users\": 4, \"items\": 3, \"bytes\": "
                + TSV.length() + ", \"parse_seconds\": "), run.out());
        assertTrue(run.out().contains("\"parse_mb_per_s\": "), run.out());
        assertEquals(1, run.out().lines().count(), run.out());
    }

    @Test
    void train_afterConvert_loadsTheCacheInsteadOfParsing() {
        assertEquals(0, CliRun.of("convert", "--data", data.toString()).code());

        CliRun run = train();

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.err().contains(data + ": 8 ratings (4 users × 3 items) from cache " + cache + ", tab-separated"),
                run.toString());
    }

    @Test
    void train_smallFile_writesNoCacheUnlessAsked() {
        assertEquals(0, train().code());
        assertFalse(Files.exists(cache));

        CliRun run = train("--cache");

        assertEquals(0, run.code(), run.toString());
        assertTrue(Files.isRegularFile(cache));
        assertTrue(run.err().contains("Cached the parsed ratings in " + cache), run.toString());
        assertTrue(train().err().contains("from cache"));
    }

    @Test
    void train_sourceChangedAfterCaching_parsesAgainAndRewritesTheCache() throws IOException {
        assertEquals(0, train("--cache").code());
        Files.writeString(data, TSV + "eve\tdune\t4\n", StandardCharsets.UTF_8);

        CliRun changed = train("--cache");
        CliRun again = train();

        assertEquals(0, changed.code(), changed.toString());
        assertTrue(changed.err().contains(data + ": 9 ratings (5 users × 3 items), tab-separated"), changed.toString());
        assertTrue(again.err().contains(data + ": 9 ratings (5 users × 3 items) from cache"), again.toString());
    }

    @Test
    void train_sourceTouchedAfterCaching_doesNotTrustTheCache() throws IOException {
        assertEquals(0, train("--cache").code());
        Files.setLastModifiedTime(data, FileTime.fromMillis(Files.getLastModifiedTime(data).toMillis() + 5000));

        CliRun run = train();

        assertEquals(0, run.code(), run.toString());
        assertFalse(run.err().contains("from cache"), run.toString());
    }

    @Test
    void train_otherFormatOptions_doesNotUseTheCache() {
        assertEquals(0, train("--cache").code());

        CliRun run = train("--skip-bad");

        assertEquals(0, run.code(), run.toString());
        assertFalse(run.err().contains("from cache"), run.toString());
    }

    @Test
    void train_corruptedCache_isIgnoredAndRewritten() throws IOException {
        assertEquals(0, train("--cache").code());
        byte[] bytes = Files.readAllBytes(cache);
        bytes[bytes.length - 7] ^= 1;
        Files.write(cache, bytes);

        CliRun ignored = train("--cache");
        CliRun loaded = train();

        assertEquals(0, ignored.code(), ignored.toString());
        assertFalse(ignored.err().contains("from cache"), ignored.toString());
        assertTrue(loaded.err().contains("from cache"), loaded.toString());
    }

    @Test
    void train_noCache_neitherReadsNorWritesIt() {
        assertEquals(0, CliRun.of("convert", "--data", data.toString()).code());

        CliRun run = train("--no-cache");

        assertEquals(0, run.code(), run.toString());
        assertFalse(run.err().contains("from cache"), run.toString());
    }

    @Test
    void train_cacheAndNoCache_isAUsageError() {
        CliRun run = train("--cache", "--no-cache");

        assertEquals(LatentCli.EXIT_USER_ERROR, run.code(), run.toString());
        assertTrue(run.err().contains("--cache and --no-cache exclude each other"), run.toString());
    }

    @Test
    void train_cacheNotWritable_continuesWithOneLineOnStderr() throws IOException {
        Files.createDirectory(cache); // a directory where the cache file would go: the rename must fail

        CliRun run = train("--cache");

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.err().contains("latent: could not write the rating cache " + cache), run.toString());
        assertTrue(run.out().contains("Trained"), run.toString());
    }

    @Test
    void evaluate_trainFileAndDataFile_useTheCache() {
        assertEquals(0, CliRun.of("convert", "--data", data.toString()).code());

        CliRun pair = CliRun.of("evaluate", "--train", data.toString(), "--test", data.toString(), "--factors", "2",
                "--epochs", "2", "--quiet");
        CliRun folds = CliRun.of("evaluate", "--data", data.toString(), "--holdout", "0.25", "--factors", "2",
                "--epochs", "2", "--quiet");

        assertEquals(0, pair.code(), pair.toString());
        assertTrue(pair.err().contains("8 ratings (4 users × 3 items) from cache"), pair.toString());
        assertEquals(0, folds.code(), folds.toString());
        assertTrue(folds.err().contains("8 ratings (4 users × 3 items) from cache"), folds.toString());
    }

    @Test
    void convert_missingFile_failsWithClearMessage() {
        CliRun run = CliRun.of("convert", "--data", dir.resolve("nope.tsv").toString());

        assertEquals(LatentCli.EXIT_USER_ERROR, run.code(), run.toString());
        assertTrue(run.err().contains("no such file"), run.toString());
    }

    private CliRun train(String... extra) {
        String[] base = {"train", "--data", data.toString(), "--out", model.toString(), "--factors", "2", "--epochs", "2",
                "--quiet"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(args);
    }
}
