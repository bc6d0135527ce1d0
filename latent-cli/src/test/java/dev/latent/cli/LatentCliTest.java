package dev.latent.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** End-to-end runs of the CLI on tiny files, as a new user would try it. */
class LatentCliTest {
    /** Six users, five movies; "ann" has not rated "dune" or "eraserhead". */
    private static final String CSV = "userId,movieId,rating,timestamp\r\n"
            + "ann,alien,5,1\r\nann,brazil,4,2\r\nann,casablanca,1,3\r\n"
            + "bob,alien,4,4\r\nbob,casablanca,2,5\r\nbob,dune,5,6\r\n"
            + "cat,brazil,2,7\r\ncat,casablanca,5,8\r\ncat,eraserhead,1,9\r\n"
            + "dan,dune,4,10\r\ndan,alien,5,11\r\ndan,eraserhead,2,12\r\n"
            + "eve,casablanca,4,13\r\neve,eraserhead,5,14\r\neve,brazil,1,15\r\n"
            + "fay,alien,3,16\r\nfay,dune,4,17\r\nfay,brazil,3,18\r\n";

    @TempDir
    Path dir;
    Path csv;
    Path model;

    @BeforeEach
    void writeFixture() throws IOException {
        csv = write("ratings.csv", CSV);
        model = dir.resolve("m.latent");
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private CliRun train(Path data, String... extra) {
        String[] base = {"train", "--data", data.toString(), "--out", model.toString(), "--factors", "4", "--epochs", "20"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(args);
    }

    @Test
    void train_csvWithHeaderAndCrlf_writesModelAndReportsPerEpoch() {
        CliRun run = train(csv);

        assertEquals(0, run.code(), run.toString());
        assertTrue(Files.isRegularFile(model));
        assertTrue(run.err().contains("18 ratings"), run.toString());
        assertTrue(run.err().contains("epoch 20/20"), run.toString());
        assertTrue(run.out().contains("Trained biased-mf"), run.toString());
    }

    @Test
    void train_earlyStopping_holdsOutValidationAndReportsKeptEpoch() throws IOException {
        Path synthetic = dir.resolve("synthetic.tsv");
        assertEquals(0, CliRun.of("generate", "--users", "200", "--items", "100", "--ratings", "4000", "--out",
                synthetic.toString()).code());

        CliRun run = CliRun.of("train", "--data", synthetic.toString(), "--out", model.toString(), "--epochs", "300",
                "--lr", "0.05", "--reg", "0", "--early-stopping", "3", "--json");

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.err().contains("Early stopping: 400 ratings held out for validation"), run.toString());
        assertTrue(run.err().contains("validation RMSE"), run.toString());
        Matcher epochs = Pattern.compile("\"epochs\": (\\d+), \"best_epoch\": (\\d+)").matcher(run.out());
        assertTrue(epochs.find(), run.out());
        int ran = Integer.parseInt(epochs.group(1));
        int best = Integer.parseInt(epochs.group(2));
        assertTrue(ran < 300, "stopped early: " + run.out());
        assertEquals(ran - 3, best, run.out());
        assertTrue(run.out().contains("\"ratings\": 3600"), run.out());
    }

    @Test
    void train_validationFractionOutOfRange_namesTheOption() {
        CliRun run = CliRun.of("train", "--data", csv.toString(), "--out", model.toString(), "--early-stopping", "2",
                "--validation-fraction", "1.5");

        assertEquals(2, run.code(), run.toString());
        assertEquals("latent: --validation-fraction must be strictly between 0 and 1 but was 1.5", run.err().strip());
    }

    @Test
    void train_doubleColonFile_loadsWithoutOptions() throws IOException {
        Path ml1m = write("ratings.dat", "1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978300275\n2::3408::4::978300275\n");

        CliRun run = train(ml1m, "--json");

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("\"ratings\": 4"), run.toString());
        assertTrue(run.out().contains("\"users\": 2"), run.toString());
    }

    @Test
    void train_brokenLine_failsNamingFileAndLine() throws IOException {
        Path broken = write("broken.csv", "u1,i1,4\nu1,i2\nu2,i1,3\n");

        CliRun run = train(broken);

        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().startsWith("latent: "), run.toString());
        assertTrue(run.err().contains("broken.csv:2: "), run.toString());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run);
        assertFalse(Files.exists(model));
    }

    @Test
    void train_brokenLineWithSkipBad_skipsAndReportsCount() throws IOException {
        Path broken = write("broken.csv", "u1,i1,4\nu1,i2\nu2,i1,x\nu2,i2,3\n");

        CliRun run = train(broken, "--skip-bad", "--json");

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("\"skipped_lines\": 2"), run.toString());
        assertTrue(run.err().contains("skipped " + broken + ":2: "), run.toString());
        assertTrue(run.err().contains("skipped " + broken + ":3: rating 'x' is not a number"), run.toString());
        assertTrue(run.out().contains("\"ratings\": 2"), run.toString());
    }

    @Test
    void train_emptyFile_failsWithClearMessage() throws IOException {
        Path empty = write("empty.csv", "");

        CliRun run = train(empty);

        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().contains("empty.csv"), run.toString());
        assertTrue(run.err().contains("empty"), run.toString());
    }

    @Test
    void train_missingFile_failsWithClearMessage() {
        CliRun run = train(dir.resolve("nope.csv"));

        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().contains("nope.csv"), run.toString());
    }

    @Test
    void train_invalidFactors_namesParameterAndValue() {
        CliRun run = CliRun.of("train", "--data", csv.toString(), "--out", model.toString(), "--factors", "0");

        assertEquals(2, run.code(), run.toString());
        assertEquals("latent: invalid --factors: factors must be positive but was 0", run.err().strip());
    }

    @Test
    void train_unknownAlgorithm_listsTheKnownOnes() {
        CliRun run = CliRun.of("train", "--data", csv.toString(), "--out", model.toString(), "--algo", "svd++");

        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().contains("unknown --algo 'svd++'; choose one of biased-mf, funk-svd"), run.toString());
    }

    @Test
    void recommend_json_listsUnseenItemsOnly() {
        assertEquals(0, train(csv).code());

        CliRun run = CliRun.of("recommend", "--model", model.toString(), "--user", "ann", "--n", "10", "--json");

        assertEquals(0, run.code(), run.toString());
        String json = run.out().strip();
        assertTrue(json.startsWith("{\"user\": \"ann\", \"items\": [{\"id\": "), json);
        assertTrue(json.contains("\"dune\"") && json.contains("\"eraserhead\""), json);
        assertFalse(json.contains("\"alien\"") || json.contains("\"brazil\"") || json.contains("\"casablanca\""), json);
        assertEquals(2, count(Pattern.compile("\"score\": -?[0-9.E-]+"), json), json);
    }

    @Test
    void recommend_unknownUser_exitsTwoWithMessage() {
        assertEquals(0, train(csv).code());

        CliRun run = CliRun.of("recommend", "--model", model.toString(), "--user", "zed");

        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().startsWith("latent: unknown user 'zed'"), run.toString());
    }

    @Test
    void similar_json_excludesTheItemItself() {
        assertEquals(0, train(csv).code());

        CliRun run = CliRun.of("similar", "--model", model.toString(), "--item", "alien", "--n", "3", "--json");

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().startsWith("{\"item\": \"alien\", \"items\": ["), run.out());
        assertEquals(3, count(Pattern.compile("\"id\": "), run.out()), run.out());
        assertFalse(run.out().contains("\"id\": \"alien\""), run.out());
    }

    @Test
    void predict_unknownItem_exitsTwo() {
        assertEquals(0, train(csv).code());

        CliRun ok = CliRun.of("predict", "--model", model.toString(), "--user", "ann", "--item", "dune", "--json");
        CliRun unknown = CliRun.of("predict", "--model", model.toString(), "--user", "ann", "--item", "zardoz");

        assertEquals(0, ok.code(), ok.toString());
        Matcher m = Pattern.compile("\"prediction\": ([0-9.]+)").matcher(ok.out());
        assertTrue(m.find(), ok.out());
        double prediction = Double.parseDouble(m.group(1));
        assertTrue(prediction >= 1 && prediction <= 5, ok.out());
        assertEquals(2, unknown.code(), unknown.toString());
        assertTrue(unknown.err().contains("unknown item 'zardoz'"), unknown.toString());
    }

    @Test
    void evaluate_trainTestPair_jsonHasContractKeys() throws IOException {
        Path test = write("test.tsv", "ann\tdune\t4\nbob\tbrazil\t3\nnewcomer\talien\t4\n");

        CliRun run = CliRun.of("evaluate", "--train", csv.toString(), "--test", test.toString(), "--factors", "4",
                "--epochs", "10", "--json");

        assertEquals(0, run.code(), run.toString());
        for (String key : new String[] {"\"rmse\": ", "\"mae\": ", "\"rmse_std\": 0.0", "\"folds\": 1", "\"global-mean\"", "\"bias-baseline\""}) {
            assertTrue(run.out().contains(key), key + " in " + run.out());
        }
        assertTrue(run.out().contains("\"unknown_test_ratings\": 1"), run.out());
    }

    @Test
    void evaluate_folds_reportsMeanAndStdOverFolds() {
        CliRun run = CliRun.of("evaluate", "--data", csv.toString(), "--folds", "3", "--factors", "4", "--epochs", "10",
                "--json", "--quiet");

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("\"folds\": 3"), run.out());
        assertEquals(3, count(Pattern.compile("\"fold\": [123],"), run.out()), run.out());
        assertTrue(run.err().isBlank() || !run.err().contains("epoch"), run.toString());
    }

    @Test
    void evaluate_savedModel_onTestFile() throws IOException {
        assertEquals(0, train(csv).code());
        Path test = write("test.tsv", "ann\tdune\t4\nbob\tbrazil\t3\n");

        CliRun run = CliRun.of("evaluate", "--model", model.toString(), "--test", test.toString(), "--json");

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("\"folds\": 1"), run.out());
    }

    @Test
    void evaluate_conflictingModes_explainsWhatIsNeeded() {
        CliRun run = CliRun.of("evaluate", "--data", csv.toString());

        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().contains("--data needs exactly one of --folds K or --holdout X"), run.toString());
    }

    @Test
    void load_corruptedModel_exitsTwoWithoutStackTrace() throws IOException {
        assertEquals(0, train(csv).code());
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(model, bytes);

        CliRun run = CliRun.of("recommend", "--model", model.toString(), "--user", "ann");

        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().startsWith("latent: "), run.toString());
        assertTrue(run.err().contains("m.latent"), run.toString());
        assertFalse(run.err().contains("\tat "), run.toString());
    }

    @Test
    void generate_thenTrain_roundTrips() {
        Path synthetic = dir.resolve("new/folder/synthetic.tsv");

        CliRun gen = CliRun.of("generate", "--users", "50", "--items", "40", "--ratings", "600", "--seed", "3",
                "--out", synthetic.toString());
        CliRun run = train(synthetic, "--json");

        assertEquals(0, gen.code(), gen.toString());
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("\"ratings\": 600"), run.out());
    }

    @Test
    void demo_onGivenFile_showsEvaluationAndRecommendations() {
        CliRun run = CliRun.of("demo", "--data", csv.toString(), "--factors", "4", "--epochs", "5");

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("bias-baseline"), run.out());
        assertTrue(run.out().contains("Top 10 for user ann"), run.out());
        assertTrue(run.out().contains("Most similar to item"), run.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "evaluate", "recommend", "similar", "predict", "generate", "convert", "demo", "dataset"})
    void help_everySubcommand_printsUsage(String command) {
        CliRun run = CliRun.of(command, "--help");

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().startsWith("Usage: latent " + command), run.out());
    }

    private static int count(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
