package dev.latent.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimestampsTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static long[] read(Path file, ReadOptions options) throws IOException {
        RatingMatrix matrix = new RatingReader(options).read(file).ratings();
        Timestamps times = Timestamps.read(file, options, matrix).orElseThrow();
        long[] out = new long[times.size()];
        for (int p = 0; p < out.length; p++) {
            out[p] = times.at(p);
        }
        return out;
    }

    @Test
    void read_repeatedPair_keepsTheTimeOfTheLineWhoseValueWon() throws IOException {
        // CSR: u1 {a, b}, u2 {a}. u1's a is rated twice; the matrix keeps line 4's value 2 and its time 400.
        Path file = write("r.tsv", "u1\ta\t4\t100\nu1\tb\t3\t200\nu2\ta\t5\t300\nu1\ta\t2\t400\n");
        RatingMatrix matrix = RatingReader.withDefaults().read(file).ratings();

        Timestamps times = Timestamps.read(file, ReadOptions.defaults(), matrix).orElseThrow();

        assertEquals(2f, matrix.valueAt(0));
        assertEquals(3, times.size());
        assertEquals(400, times.at(0));
        assertEquals(200, times.at(1));
        assertEquals(300, times.at(2));
    }

    @Test
    void read_itemsOutOfLineOrder_alignsToCsrPositions() throws IOException {
        // Items are numbered in first-seen order, c = 0, a = 1, b = 2, and CSR rows are ascending, so
        // u2's b (line 5, time 40) comes after its c (line 6, time 50): u1 (10, 20, 30), u2 (50, 40).
        Path file = write("r.csv", "user,item,rating,time\nu1,c,1,10\nu1,a,2,20\nu1,b,3,30\nu2,b,4,40\nu2,c,5,50\n");

        assertEquals("[10, 20, 30, 50, 40]", java.util.Arrays.toString(read(file, ReadOptions.defaults())));
    }

    @Test
    void read_noFourthColumn_isEmpty() throws IOException {
        Path file = write("r.tsv", "u1\ta\t4\nu2\tb\t3\n");
        RatingMatrix matrix = RatingReader.withDefaults().read(file).ratings();

        assertEquals(Optional.empty(), Timestamps.read(file, ReadOptions.defaults(), matrix));
    }

    @Test
    void read_fractionalTimestamp_failsWithFileAndLine() throws IOException {
        Path file = write("r.tsv", "u1\ta\t4\t100\nu1\tb\t3\t200.5\n");
        RatingMatrix matrix = RatingReader.withDefaults().read(file).ratings();

        RatingFormatException e = assertThrows(RatingFormatException.class,
                () -> Timestamps.read(file, ReadOptions.defaults(), matrix));
        assertEquals(file + ":2: timestamp '200.5' is not a whole number of at most 19 digits", e.getMessage());
        assertEquals(2, e.line());
    }

    @Test
    void read_someLinesWithoutTimestamp_failsWithFileAndLine() throws IOException {
        Path file = write("r.tsv", "u1\ta\t4\t100\n\nu1\tb\t3\n");
        RatingMatrix matrix = RatingReader.withDefaults().read(file).ratings();

        RatingFormatException e = assertThrows(RatingFormatException.class,
                () -> Timestamps.read(file, ReadOptions.defaults(), matrix));
        assertEquals(file + ":3: no timestamp, but line 1 has one", e.getMessage());
    }

    @Test
    void read_skippingBadLines_skipsTheSameLines() throws IOException {
        // Line 2's timestamp is not a number: both passes skip it.
        Path file = write("r.tsv", "u1\ta\t4\t100\nu1\tb\t3\tsoon\nu2\tb\t5\t300\n");
        ReadOptions skip = ReadOptions.defaults().withSkipBad(true);

        assertEquals("[100, 300]", java.util.Arrays.toString(read(file, skip)));
        assertThrows(RatingFormatException.class, () -> RatingReader.withDefaults().read(file));
    }

    @Test
    void read_wholeNumbersInOtherForms_areAccepted() throws IOException {
        Path file = write("r.tsv", "u1\ta\t4\t8.8e8\nu1\tb\t3\t12.0\nu1\tc\t3\t-7\nu1\td\t1\t9223372036854775807\n");

        assertEquals("[880000000, 12, -7, 9223372036854775807]",
                java.util.Arrays.toString(read(file, ReadOptions.defaults())));
    }

    @Test
    void read_gzippedFile_readsLikeThePlainOne() throws IOException {
        Path file = dir.resolve("r.tsv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("u1\ta\t4\t100\nu2\ta\t3\t200\n".getBytes(StandardCharsets.UTF_8));
        }

        assertEquals("[100, 200]", java.util.Arrays.toString(read(file, ReadOptions.defaults())));
    }

    @Test
    void read_matrixOfAnotherFile_throws() throws IOException {
        Path file = write("r.tsv", "u1\ta\t4\t100\nu2\tb\t3\t200\n");
        RatingMatrix other = RatingReader.withDefaults().read(write("o.tsv", "u1\ta\t4\t100\n")).ratings();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Timestamps.read(file, ReadOptions.defaults(), other));
        assertTrue(e.getMessage().contains("rates item 'b' by user 'u2', which the matrix does not hold"), e.getMessage());
    }
}
