package dev.latent.data;

import dev.latent.data.ReadOptions.Separator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RatingCacheTest {
    /** Non-ASCII ids, a repeated pair (the later 1 wins), a bad line, items out of order per user. */
    private static final String TSV = "ann\tAlien\t5\nbob\tBrazil\t3.5\nann\tBrazil\t4\nzoë\tAlien\t2\n"
            + "a bad line\nann\tAlien\t1\nbob\tCasablanca\t4.25\nzoë\tÉté\t-0.5\n";
    private static final ReadOptions SKIP_BAD = ReadOptions.defaults().withSkipBad(true);

    @TempDir
    Path dir;
    Path source;
    Path cache;

    @BeforeEach
    void writeSource() throws IOException {
        source = dir.resolve("ratings.tsv");
        Files.writeString(source, TSV, StandardCharsets.UTF_8);
        cache = RatingCache.pathFor(source);
    }

    @Test
    void pathFor_ratingFile_appendsSuffixBesideIt() {
        assertEquals(dir.resolve("ratings.tsv.latentcache"), cache);
    }

    @Test
    void writeThenLoad_parsedFile_sameIndexesArraysAndReport() throws IOException {
        ReadResult<RatingMatrix> parsed = parseAndCache(SKIP_BAD);

        ReadResult<RatingMatrix> loaded = RatingCache.load(cache, "ratings.tsv");

        assertSameMatrix(parsed.ratings(), loaded.ratings());
        assertEquals(List.of("ann", "bob", "zoë"), loaded.ratings().users().ids());
        assertEquals(List.of("Alien", "Brazil", "Casablanca", "Été"), loaded.ratings().items().ids());
        assertEquals(1f, loaded.ratings().get(0, 0));
        ReadReport expected = parsed.report().fromCache("ratings.tsv", cache.toString());
        assertEquals(expected, loaded.report());
        assertEquals(1, loaded.report().badLinesSkipped());
        assertEquals(1, loaded.report().duplicatesReplaced());
        assertEquals(List.of(source + ":5: expected 3 or 4 columns (user, item, rating[, timestamp]) but found 1"),
                loaded.report().skipMessages());
    }

    @Test
    void load_parsedFile_summarySaysWhichCache() throws IOException {
        parseAndCache(SKIP_BAD);

        String summary = RatingCache.load(cache, "ratings.tsv").report().summary();

        assertEquals("ratings.tsv: 6 ratings (3 users × 4 items) from cache " + cache + ", tab-separated, no header, "
                + "UTF-8; 1 bad line skipped, 1 duplicate replaced", summary);
    }

    @Test
    void writeThenLoad_trainPartWithUsersWithoutRatings_keepsEmptyRowsAndFullIndexes() throws IOException {
        RatingMatrix all = new RatingReader(SKIP_BAD).read(source).ratings();
        RatingMatrix part = all.select(new int[] {4, 1});
        ReadResult<RatingMatrix> read = new ReadResult<>(part, new RatingReader(SKIP_BAD).read(source).report());
        RatingCache.write(cache, read, SKIP_BAD, RatingCache.SourceStamp.of(source));

        RatingMatrix loaded = RatingCache.load(cache, "part").ratings();

        assertSameMatrix(part, loaded);
        assertEquals(2, loaded.size());
        assertEquals(0, loaded.userDegree(1));
    }

    @Test
    void loadIfFresh_unchangedSourceAndOptions_loadsFromCache() throws IOException {
        ReadResult<RatingMatrix> parsed = parseAndCache(SKIP_BAD);

        Optional<ReadResult<RatingMatrix>> loaded = RatingCache.loadIfFresh(cache, source, SKIP_BAD);

        assertTrue(loaded.isPresent());
        assertSameMatrix(parsed.ratings(), loaded.get().ratings());
        assertEquals(source.toString(), loaded.get().report().source());
        assertEquals(cache.toString(), loaded.get().report().cache());
    }

    @Test
    void loadIfFresh_sourceRewrittenWithOtherSize_isEmpty() throws IOException {
        parseAndCache(SKIP_BAD);
        Files.writeString(source, TSV + "eve\tAlien\t3\n", StandardCharsets.UTF_8);

        assertTrue(RatingCache.loadIfFresh(cache, source, SKIP_BAD).isEmpty());
    }

    @Test
    void loadIfFresh_sourceModifiedWithSameSize_isEmpty() throws IOException {
        parseAndCache(SKIP_BAD);
        FileTime modified = Files.getLastModifiedTime(source);
        Files.writeString(source, TSV.replace("\t5\n", "\t4\n"), StandardCharsets.UTF_8);
        Files.setLastModifiedTime(source, FileTime.fromMillis(modified.toMillis() + 2000));

        assertTrue(RatingCache.loadIfFresh(cache, source, SKIP_BAD).isEmpty());
    }

    @Test
    void loadIfFresh_otherReadOptions_isEmpty() throws IOException {
        parseAndCache(SKIP_BAD);

        assertTrue(RatingCache.loadIfFresh(cache, source, SKIP_BAD.withSeparator(Separator.TAB)).isEmpty());
        assertTrue(RatingCache.loadIfFresh(cache, source, SKIP_BAD.withCharset(StandardCharsets.UTF_8)).isEmpty());
        assertTrue(RatingCache.loadIfFresh(cache, source, SKIP_BAD.withSkipBad(false)).isEmpty());
    }

    @Test
    void loadIfFresh_missingCache_isEmpty() {
        assertTrue(RatingCache.loadIfFresh(cache, source, SKIP_BAD).isEmpty());
    }

    @Test
    void loadIfFresh_corruptedOrTruncatedCache_isEmpty() throws IOException {
        parseAndCache(SKIP_BAD);
        byte[] bytes = Files.readAllBytes(cache);
        bytes[bytes.length - 10] ^= 1;
        Files.write(cache, bytes);
        assertTrue(RatingCache.loadIfFresh(cache, source, SKIP_BAD).isEmpty());

        Files.write(cache, Arrays.copyOf(bytes, bytes.length / 2));
        assertTrue(RatingCache.loadIfFresh(cache, source, SKIP_BAD).isEmpty());
    }

    @Test
    void load_flippedByteInValues_reportsChecksumMismatchNamingTheFile() throws IOException {
        byte[] bytes = cacheBytes();
        bytes[bytes.length - 6] ^= 0x40;

        assertProblem(bytes, "checksum mismatch: the file is corrupted");
    }

    @Test
    void load_truncatedFile_namesTheSectionItEndsIn() throws IOException {
        byte[] bytes = cacheBytes();

        assertProblem(Arrays.copyOf(bytes, bytes.length - 6),
                "truncated: file ends inside the values (expected 24 more bytes, found 22)");
        assertProblem(Arrays.copyOf(bytes, 5), "truncated: file ends inside the magic bytes (expected 8 bytes, found 5)");
    }

    @Test
    void load_foreignFile_reportsBadMagicBytes() throws IOException {
        assertProblem(TSV.getBytes(StandardCharsets.UTF_8), "not a Latent rating cache (bad magic bytes)");
    }

    @Test
    void load_modelFile_reportsBadMagicBytes() throws IOException {
        assertProblem("LATENTMF\0\0\0\1".getBytes(StandardCharsets.US_ASCII), "not a Latent rating cache (bad magic bytes)");
    }

    @Test
    void load_emptyFile_reportsEmptyFile() throws IOException {
        assertProblem(new byte[0], "empty file");
    }

    @Test
    void load_newerFormatVersion_reportsBothVersions() throws IOException {
        byte[] bytes = cacheBytes();
        ByteBuffer.wrap(bytes).putInt(8, 7);

        assertProblem(bytes, "format version 7 is newer than this Latent reads (1)");
    }

    @Test
    void load_validChecksumOverUnsortedItems_reportsInvalidCache() throws IOException {
        byte[] bytes = cacheBytes();
        // Layout tail: items (6 ints), values (6 floats), checksum. User 0 (ann) rated items 0 and 1: swap them.
        int items = bytes.length - 4 - 6 * 4 - 6 * 4;
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        assertEquals(0, buffer.getInt(items));
        assertEquals(1, buffer.getInt(items + 4));
        buffer.putInt(items, 1).putInt(items + 4, 0);

        assertProblem(withChecksum(bytes), "invalid rating cache: the items of user 0 are not strictly ascending");
    }

    @Test
    void load_validChecksumOverItemOutOfRange_reportsInvalidCache() throws IOException {
        byte[] bytes = cacheBytes();
        int items = bytes.length - 4 - 6 * 4 - 6 * 4;
        ByteBuffer.wrap(bytes).putInt(items + 4, 9);

        assertProblem(withChecksum(bytes),
                "invalid rating cache: item 9 of user 0 is not an item index (there are 4 items)");
    }

    @Test
    void load_bytesAfterTheChecksum_reportsThem() throws IOException {
        byte[] bytes = cacheBytes();

        assertProblem(Arrays.copyOf(bytes, bytes.length + 2), "corrupted: 2 unexpected bytes after the checksum");
    }

    @Test
    void write_overExistingCache_replacesItAndLeavesNoTempFiles() throws IOException {
        Files.writeString(cache, "old");

        parseAndCache(SKIP_BAD);

        assertEquals(6, RatingCache.load(cache, "x").ratings().size());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(source, cache), files.sorted().toList());
        }
    }

    @Test
    void write_idWithUnpairedSurrogate_failsAndKeepsNoFile() throws IOException {
        RatingMatrix matrix = RatingMatrix.builder().add("u\uD800", "i", 1).build();
        ReadResult<RatingMatrix> read = new ReadResult<>(matrix, new RatingReader(SKIP_BAD).read(source).report());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RatingCache.write(cache, read, SKIP_BAD, RatingCache.SourceStamp.of(source)));

        assertTrue(e.getMessage().contains("rating cache (UTF-8) cannot store"), e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(source), files.toList());
        }
    }

    @Test
    void readReport_parsedFromText_hasNoCache() throws IOException {
        ReadReport report = new RatingReader(SKIP_BAD).read(source).report();

        assertNull(report.cache());
        assertTrue(report.summary().startsWith(source + ": 6 ratings (3 users × 4 items), tab-separated"), report.summary());
    }

    private ReadResult<RatingMatrix> parseAndCache(ReadOptions options) throws IOException {
        RatingCache.SourceStamp stamp = RatingCache.SourceStamp.of(source);
        ReadResult<RatingMatrix> parsed = new RatingReader(options).read(source);
        RatingCache.write(cache, parsed, options, stamp);
        return parsed;
    }

    private byte[] cacheBytes() throws IOException {
        parseAndCache(SKIP_BAD);
        byte[] bytes = Files.readAllBytes(cache);
        Files.delete(cache);
        return bytes;
    }

    private static byte[] withChecksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
        return bytes;
    }

    private void assertProblem(byte[] bytes, String problem) throws IOException {
        Files.write(cache, bytes);

        RatingCacheException e = assertThrows(RatingCacheException.class, () -> RatingCache.load(cache, "ratings.tsv"));

        assertEquals(cache + ": " + problem, e.getMessage());
        assertTrue(RatingCache.loadIfFresh(cache, source, SKIP_BAD).isEmpty());
    }

    static void assertSameMatrix(RatingMatrix expected, RatingMatrix actual) {
        assertEquals(expected.users(), actual.users());
        assertEquals(expected.items(), actual.items());
        assertArrayEquals(expected.rowStartArray(), actual.rowStartArray());
        assertArrayEquals(expected.rowItemArray(), actual.rowItemArray());
        assertArrayEquals(expected.rowValueArray(), actual.rowValueArray());
        for (int i = 0; i < expected.itemCount(); i++) {
            assertEquals(expected.itemStart(i), actual.itemStart(i));
            assertEquals(expected.itemEnd(i), actual.itemEnd(i));
        }
        for (int p = 0; p < expected.size(); p++) {
            assertEquals(expected.userAtItemPos(p), actual.userAtItemPos(p));
            assertEquals(expected.valueAtItemPos(p), actual.valueAtItemPos(p));
        }
        assertEquals(expected.mean(), actual.mean());
        assertEquals(expected.min(), actual.min());
        assertEquals(expected.max(), actual.max());
    }
}
