package dev.latent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code latent generate}, with and without a test split, end to end. */
class GenerateCommandTest {
    private static final String[] SHAPE = {"--users", "100", "--items", "60", "--ratings", "3000", "--seed", "5"};

    @TempDir
    Path dir;

    @Test
    void generate_testFraction_splitsTheUnsplitFileIntoTwoDisjointParts() throws IOException {
        Path whole = dir.resolve("whole.tsv");
        Path train = dir.resolve("train.tsv");
        Path test = dir.resolve("test.tsv");

        CliRun unsplit = generate("--out", whole.toString());
        CliRun split = generate("--out", train.toString(), "--test-fraction", "0.2", "--test-out", test.toString());

        assertEquals(0, unsplit.code(), unsplit.toString());
        assertEquals(0, split.code(), split.toString());
        assertTrue(split.err().contains("and " + test + " (test fraction 0.2)"), split.toString());
        List<String> trainLines = Files.readAllLines(train);
        List<String> testLines = Files.readAllLines(test);
        assertEquals(3000, trainLines.size() + testLines.size());
        assertEquals(600, testLines.size(), 5 * Math.sqrt(3000 * 0.2 * 0.8));
        List<String> union = new ArrayList<>(trainLines);
        union.addAll(testLines);
        union.sort(GenerateCommandTest::byUserThenItem);
        assertEquals(Files.readAllLines(whole), union);
    }

    @Test
    void generate_testFractionTwice_sameFiles() throws IOException {
        byte[][] first = splitBytes("a");
        byte[][] second = splitBytes("b");

        assertArrayEquals(first[0], second[0]);
        assertArrayEquals(first[1], second[1]);
    }

    @Test
    void generate_testFractionWithoutTestOut_isAUsageError() {
        CliRun run = generate("--out", dir.resolve("x.tsv").toString(), "--test-fraction", "0.1");

        assertEquals(LatentCli.EXIT_USER_ERROR, run.code(), run.toString());
        assertTrue(run.err().contains("--test-fraction and --test-out go together"), run.toString());
    }

    @Test
    void generate_testFractionOutOfRange_namesTheOption() {
        CliRun run = generate("--out", dir.resolve("x.tsv").toString(), "--test-fraction", "1",
                "--test-out", dir.resolve("y.tsv").toString());

        assertEquals(LatentCli.EXIT_USER_ERROR, run.code(), run.toString());
        assertTrue(run.err().contains("--test-fraction must be strictly between 0 and 1 but was 1.0"), run.toString());
    }

    private byte[][] splitBytes(String name) throws IOException {
        Path train = dir.resolve(name + ".train.tsv");
        Path test = dir.resolve(name + ".test.tsv");
        assertEquals(0, generate("--out", train.toString(), "--test-fraction", "0.3", "--test-out", test.toString()).code());
        return new byte[][] {Files.readAllBytes(train), Files.readAllBytes(test)};
    }

    private static CliRun generate(String... extra) {
        String[] args = new String[1 + SHAPE.length + extra.length];
        args[0] = "generate";
        System.arraycopy(SHAPE, 0, args, 1, SHAPE.length);
        System.arraycopy(extra, 0, args, 1 + SHAPE.length, extra.length);
        return CliRun.of(args);
    }

    private static int byUserThenItem(String a, String b) {
        String[] x = a.split("\t");
        String[] y = b.split("\t");
        int users = Integer.compare(Integer.parseInt(x[0]), Integer.parseInt(y[0]));
        return users != 0 ? users : Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
    }
}
