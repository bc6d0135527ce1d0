package dev.latent.data;

import dev.latent.data.ReadOptions.Header;
import dev.latent.data.ReadOptions.Separator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Reading in ranges gives exactly what reading front to back gives, or gives up. */
class ParallelReadTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 7})
    void read_headerCrlfBlankLinesAndRepeatsAcrossRanges_sameAsSequential(int parts) throws IOException {
        String text = "\uFEFFuserId,movieId,rating,timestamp\r\n\r\n"
                + "zoë,Été,4,1\r\nann,alien,5,2\r\nbob,alien,3,3\r\n\r\n"
                + "ann,brazil,2,4\r\ncat,dune,1,5\r\nzoë,alien,2.5,6\r\n"
                + "dan,été,4,7\r\nann,alien,1,8\r\neve,brazil,3,9\r\n"
                + "bob,dune,4,10\r\nfay,alien,5,11\r\nann,dune,3,12";

        assertSameAsSequential(text, ReadOptions.defaults(), parts);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 5})
    void read_latin1IdOnlyInALaterRange_wholeFileIsLatin1(int parts) throws IOException {
        byte[] head = "u1\ti1\t4\nu2\ti2\t3\nu3\ti1\t2\nu4\ti3\t5\nu5\ti2\t1\n".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "g\u00e9rard\ti1\t4\nu1\ti4\t2\n".getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(head);
        bytes.write(tail);

        ReadResult<RatingMatrix> parallel = assertSameAsSequential(bytes.toByteArray(), ReadOptions.defaults(), parts);

        assertEquals(StandardCharsets.ISO_8859_1, parallel.report().charset());
        assertEquals("gérard", parallel.ratings().users().idAt(5));
    }

    @Test
    void read_doubleColonWithHeaderPresent_sameAsSequential() throws IOException {
        String text = "\n\nuser::item::rating\n1::10::5\n2::10::4\n1::20::3\n3::30::2\n2::20::1\n4::10::3\n";

        assertSameAsSequential(text, ReadOptions.defaults().withHeader(Header.PRESENT), 3);
    }

    @Test
    void read_whitespaceSeparatedGivenSeparator_sameAsSequential() throws IOException {
        String text = "  1   10  5\n2 10 4 99\n\t1 20 3\n3 30  2  \n2 20 1\n4 10 3\n5 50 5\n";

        assertSameAsSequential(text, ReadOptions.defaults().withSeparator(Separator.WHITESPACE), 4);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 8})
    void read_thousandsOfScrambledLines_sameAsSequential(int parts) throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        StringBuilder text = new StringBuilder();
        for (int k = 0; k < 20_000; k++) {
            text.append('u').append(random.nextInt(700)).append('\t').append('i').append(random.nextInt(300))
                    .append('\t').append(random.nextInt(1, 11) / 2.0).append('\n');
        }

        ReadResult<RatingMatrix> parallel = assertSameAsSequential(text.toString(), ReadOptions.defaults(), parts);

        assertEquals(20_000, parallel.ratings().size() + parallel.report().duplicatesReplaced());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ml-100k/u.data", "hetrec2011-lastfm-2k/user_artists.dat"})
    void read_realDataset_sameAsSequential(String dataset) throws IOException {
        byte[] bytes = Files.readAllBytes(SharedData.require(dataset));

        assertSameAsSequential(bytes, ReadOptions.defaults(), 2);
        assertSameAsSequential(bytes, ReadOptions.defaults(), 8);
    }

    @Test
    void read_badLineInALaterRange_givesUpSoTheCallerReportsItExactly() throws IOException {
        Path file = write("u1\ti1\t4\nu2\ti2\t3\nu3\ti1\t2\nu4\ti3\tfive\nu5\ti2\t1\n".getBytes(StandardCharsets.UTF_8));

        assertNull(ParallelRead.read(file, ReadOptions.defaults(), 3));
        assertNull(ParallelRead.read(file, ReadOptions.defaults().withSkipBad(true), 3));
    }

    @Test
    void read_noRatings_givesUp() throws IOException {
        Path file = write("user,item,rating\n\n\n\n\n\n".getBytes(StandardCharsets.UTF_8));

        assertNull(ParallelRead.read(file, ReadOptions.defaults(), 3));
    }

    private ReadResult<RatingMatrix> assertSameAsSequential(String text, ReadOptions options, int parts)
            throws IOException {
        return assertSameAsSequential(text.getBytes(StandardCharsets.UTF_8), options, parts);
    }

    private ReadResult<RatingMatrix> assertSameAsSequential(byte[] bytes, ReadOptions options, int parts)
            throws IOException {
        Path file = write(bytes);
        ReadResult<RatingMatrix> sequential;
        try (InputStream in = Files.newInputStream(file)) {
            sequential = new RatingReader(options).read(file.toString(), in);
        }

        ReadResult<RatingMatrix> parallel = ParallelRead.read(file, options, parts);

        assertNotNull(parallel, "gave up");
        RatingCacheTest.assertSameMatrix(sequential.ratings(), parallel.ratings());
        assertEquals(sequential.report(), parallel.report());
        return parallel;
    }

    private Path write(byte[] bytes) throws IOException {
        Path file = dir.resolve("ratings.txt");
        Files.write(file, bytes);
        return file;
    }
}
