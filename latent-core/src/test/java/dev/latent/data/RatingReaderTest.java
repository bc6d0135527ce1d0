package dev.latent.data;

import dev.latent.data.ReadOptions.Header;
import dev.latent.data.ReadOptions.Separator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RatingReaderTest {
    private static final String COLUMNS = "expected 3 or 4 columns (user, item, rating[, timestamp]) but found ";

    @Test
    void read_movieLens100kTabLines_keepsIdsInFirstSeenOrderAndValues() throws IOException {
        ReadResult<RatingMatrix> result = read("196\t242\t3\t881250949\n186\t302\t3\t891717742\n"
                + "22\t377\t1\t878887116\n196\t377\t4\t880000000\n");

        RatingMatrix m = result.ratings();
        assertEquals(List.of("196", "186", "22"), m.users().ids());
        assertEquals(List.of("242", "302", "377"), m.items().ids());
        assertEquals(4, m.size());
        assertEquals(4f, m.get(m.users().indexOf("196"), m.items().indexOf("377")));
        assertEquals(1f, m.get(m.users().indexOf("22"), m.items().indexOf("377")));
        ReadReport report = result.report();
        assertEquals(Separator.TAB, report.separator());
        assertFalse(report.headerFound());
        assertEquals(StandardCharsets.UTF_8, report.charset());
        assertEquals(4, report.linesRead());
        assertEquals(4, report.ratingsKept());
    }

    @Test
    void read_movieLens1mDoubleColonLines_detectsDoubleColon() throws IOException {
        ReadResult<RatingMatrix> result = read("1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978300000\n");

        assertEquals(Separator.DOUBLE_COLON, result.report().separator());
        assertEquals(List.of("1", "2"), result.ratings().users().ids());
        assertEquals(List.of("1193", "661"), result.ratings().items().ids());
        assertEquals(3f, result.ratings().get(0, 1));
    }

    @Test
    void read_csvWithHeaderAndCrlf_skipsHeaderAndKeepsHalfStars() throws IOException {
        ReadResult<RatingMatrix> result = read("userId,movieId,rating,timestamp\r\n1,1,4.0,964982703\r\n"
                + "1,3,3.5,964981247\r\n2,1,0.5,964982224\r\n");

        RatingMatrix m = result.ratings();
        assertEquals(Separator.COMMA, result.report().separator());
        assertTrue(result.report().headerFound());
        assertEquals(List.of("1", "2"), m.users().ids());
        assertEquals(List.of("1", "3"), m.items().ids());
        assertEquals(4.0f, m.get(0, 0));
        assertEquals(3.5f, m.get(0, 1));
        assertEquals(0.5f, m.get(1, 0));
        assertEquals(4, result.report().linesRead());
        assertEquals(3, result.report().ratingsKept());
    }

    @Test
    void read_lastFmHeaderWithTabs_takesFirstLineAsHeader() throws IOException {
        ReadResult<RatingMatrix> result = read("userID\tartistID\tweight\r\n2\t51\t13883\r\n2\t52\t11690\r\n");

        assertTrue(result.report().headerFound());
        assertEquals(Separator.TAB, result.report().separator());
        assertEquals(13883f, result.ratings().get(0, 0));
        assertEquals(2, result.ratings().size());
    }

    @Test
    void read_runsOfSpaces_detectsWhitespace() throws IOException {
        ReadResult<RatingMatrix> result = read("  1   10  4.5  \n2 10 3\n");

        assertEquals(Separator.WHITESPACE, result.report().separator());
        assertEquals(List.of("1", "2"), result.ratings().users().ids());
        assertEquals(4.5f, result.ratings().get(0, 0));
        assertEquals(3f, result.ratings().get(1, 0));
    }

    @Test
    void read_semicolonsWithDecimalComma_prefersTheSeparatorGivingThreeColumns() {
        RatingReader reader = new RatingReader(ReadOptions.defaults().withHeader(Header.ABSENT));

        RatingFormatException e = assertThrows(RatingFormatException.class,
                () -> reader.read("eu.csv", stream("1;2;3,5\n")));

        assertEquals("eu.csv:1: rating '3,5' is not a number", e.getMessage());
    }

    @Test
    void read_stringIdsWithSpaces_keepsThemTrimmed() throws IOException {
        ReadResult<RatingMatrix> result = read("alice, The Matrix ,5\n bob ,Amélie,4\n");

        assertEquals(List.of("alice", "bob"), result.ratings().users().ids());
        assertEquals(List.of("The Matrix", "Amélie"), result.ratings().items().ids());
    }

    @Test
    void read_latin1Bytes_decodesAsLatin1() throws IOException {
        byte[] bytes = "u1\tcaf\u00e9\t4\nu2\tcaf\u00e9\t5\n".getBytes(StandardCharsets.ISO_8859_1);

        ReadResult<RatingMatrix> result = read("latin1.tsv", bytes);

        assertEquals(List.of("café"), result.ratings().items().ids());
        assertEquals(StandardCharsets.ISO_8859_1, result.report().charset());
        assertEquals(2, result.ratings().size());
    }

    @Test
    void read_utf8Bytes_decodesAsUtf8() throws IOException {
        byte[] bytes = "u1\tcaf\u00e9\t4\nu2\tcaf\u00e9\t5\n".getBytes(StandardCharsets.UTF_8);

        ReadResult<RatingMatrix> result = read("utf8.tsv", bytes);

        assertEquals(List.of("café"), result.ratings().items().ids());
        assertEquals(StandardCharsets.UTF_8, result.report().charset());
    }

    @Test
    void read_validUtf8IdBeforeLatin1Id_decodesTheWholeFileAsLatin1() throws IOException {
        // "Ã©" in ISO-8859-1 is C3 A9, which is also valid UTF-8 (for "é"); the later E9 is not.
        byte[] bytes = "u1,\u00c3\u00a9,4\nu2,caf\u00e9,5\n".getBytes(StandardCharsets.ISO_8859_1);

        ReadResult<RatingMatrix> result = read("mixed.csv", bytes);

        assertEquals(List.of("Ã©", "café"), result.ratings().items().ids());
        assertEquals(StandardCharsets.ISO_8859_1, result.report().charset());
    }

    @Test
    void read_explicitUtf8WithLatin1Bytes_failsNamingLineAndId() {
        byte[] bytes = "u1,tea,4\nu2,caf\u00e9,5\n".getBytes(StandardCharsets.ISO_8859_1);
        RatingReader reader = new RatingReader(ReadOptions.defaults().withCharset(StandardCharsets.UTF_8));

        RatingFormatException e = assertThrows(RatingFormatException.class,
                () -> reader.read("strict.csv", new ByteArrayInputStream(bytes)));

        assertEquals("strict.csv:2: item id 'caf\ufffd' is not valid UTF-8", e.getMessage());
    }

    @Test
    void read_utf8ByteOrderMark_dropsIt() throws IOException {
        byte[] text = "1,2,3\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[text.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(text, 0, bytes, 3, text.length);

        ReadResult<RatingMatrix> result = read("bom.csv", bytes);

        assertEquals(List.of("1"), result.ratings().users().ids());
        assertEquals(StandardCharsets.UTF_8, result.report().charset());
    }

    @Test
    void read_gzippedFile_gunzipsByName(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ratings.csv.gz");
        Files.write(file, gzip("1,10,4\n2,10,5\n".getBytes(StandardCharsets.UTF_8)));

        ReadResult<RatingMatrix> result = RatingReader.withDefaults().read(file);

        assertEquals(2, result.ratings().size());
        assertEquals(5f, result.ratings().get(1, 0));
        assertEquals(file.toString(), result.report().source());
    }

    @Test
    void read_gzippedStream_leavesCallersStreamOpen() throws IOException {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(gzip("1,10,4\n".getBytes(StandardCharsets.UTF_8))) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        RatingReader.withDefaults().read("ratings.csv.gz", in);

        assertFalse(closed[0]);
    }

    @Test
    void read_corruptGzip_failsForWholeFile() {
        RatingFormatException e = assertThrows(RatingFormatException.class,
                () -> read("ratings.csv.gz", "1,10,4\n".getBytes(StandardCharsets.UTF_8)));

        assertEquals(0, e.line());
        assertTrue(e.reason().startsWith("corrupt gzip data"), e.reason());
    }

    @Test
    void read_repeatedPair_keepsLastValueAndCountsReplaced() throws IOException {
        ReadResult<RatingMatrix> result = read("1,1,3\n1,2,4\n1,1,5\n1,1,2\n");

        assertEquals(2f, result.ratings().get(0, 0));
        assertEquals(2, result.ratings().size());
        assertEquals(2, result.report().duplicatesReplaced());
        assertEquals(2, result.report().ratingsKept());
    }

    @Test
    void read_blankLinesAndMissingFinalNewline_ignoresBlanksAndCountsAllLines() throws IOException {
        ReadResult<RatingMatrix> result = read("\n1,1,3\n\n \t \r\n2,2,4");

        assertEquals(2, result.ratings().size());
        assertEquals(4f, result.ratings().get(1, 1));
        assertEquals(5, result.report().linesRead());
    }

    @Test
    void read_linesAcrossBufferBoundaries_readsEveryLine() throws IOException {
        StringBuilder text = new StringBuilder();
        double sum = 0;
        for (int k = 0; k < 20_000; k++) {
            text.append("user").append(k % 977).append(',').append("item").append(k).append(',')
                    .append(k % 5 + 1).append(".5\r\n");
            sum += k % 5 + 1.5;
        }

        RatingMatrix m = read(text.toString()).ratings();

        assertEquals(20_000, m.size());
        assertEquals(977, m.userCount());
        assertEquals(sum / 20_000, m.mean(), 1e-9);
        assertEquals(2.5f, m.get(m.users().indexOf("user1"), m.items().indexOf("item19541")));
    }

    @Test
    void read_lineLongerThanTheBuffer_readsIt() throws IOException {
        String longId = "x".repeat(200_000);

        RatingMatrix m = read("1,a,1\n2," + longId + ",2\n").ratings();

        assertEquals(longId, m.items().idAt(1));
    }

    @Test
    void read_lineLongerThanTheLimit_fails() {
        RatingFormatException e = readFails("1,1,1\n" + "x".repeat(RatingScanner.MAX_LINE_BYTES + 1));

        assertEquals("test.txt:2: line is longer than 1048576 bytes; is this a rating file?", e.getMessage());
    }

    @Test
    void read_tooFewColumns_failsNamingLine() {
        RatingFormatException e = readFails("1,1,3\n1,2\n");

        assertEquals("test.txt:2: " + COLUMNS + "2", e.getMessage());
        assertEquals("test.txt", e.source());
        assertEquals(2, e.line());
        assertEquals(COLUMNS + "2", e.reason());
    }

    @Test
    void read_tooManyColumns_failsCountingAllColumns() {
        assertEquals("test.txt:2: " + COLUMNS + "6", readFails("1,1,3\n1,2,3,4,5,6\n").getMessage());
    }

    @Test
    void read_lineWithoutAnySeparator_failsWithOneColumn() {
        assertEquals("test.txt:1: " + COLUMNS + "1", readFails("hello\n1,2,3\n").getMessage());
    }

    @Test
    void read_blankLinesBeforeBadLine_countsThemInLineNumber() {
        assertEquals(3, readFails("\n\n1,2\n").line());
    }

    @Test
    void read_nonNumericRating_failsNamingLineAndValue() {
        RatingFormatException e = readFails("1\t1\t3\n2\t1\tabc\n");

        assertEquals("test.txt:2: rating 'abc' is not a number", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "inf", "1e39"})
    void read_nonFiniteRating_failsAsNotFinite(String rating) {
        RatingFormatException e = readFails("1,1," + rating + "\n");

        assertEquals("test.txt:1: rating '" + rating + "' is not finite", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3", "e5", "1e", "--1", "5f", "0x10", ".", "1,5"})
    void read_malformedNumberAsRating_failsAsNotANumber(String rating) {
        RatingFormatException e = readFails("1;1;1\n1;2;" + rating + "\n");

        assertEquals("test.txt:2: rating '" + rating + "' is not a number", e.getMessage());
    }

    @Test
    void read_emptyRating_failsAsNotANumber() {
        assertEquals("test.txt:2: rating '' is not a number", readFails("1,1,1\n1,2,\n").getMessage());
    }

    @Test
    void read_nonNumericTimestamp_fails() {
        assertEquals("test.txt:2: timestamp 'yesterday' is not a number",
                readFails("1,1,1,123\n1,2,4,yesterday\n").getMessage());
    }

    @Test
    void read_emptyUserId_fails() {
        assertEquals("test.txt:2: empty user id", readFails("1::1::1\n::2::4\n").getMessage());
    }

    @Test
    void read_emptyItemId_fails() {
        assertEquals("test.txt:1: empty item id", readFails("1, ,1\n").getMessage());
    }

    @Test
    void read_emptyFile_failsForWholeFile() {
        RatingFormatException e = readFails("");

        assertEquals("test.txt: no ratings in file (it is empty)", e.getMessage());
        assertEquals(0, e.line());
    }

    @Test
    void read_onlyBlankLines_failsForWholeFile() {
        assertEquals("test.txt: no ratings in file (it has only blank lines)", readFails("\n  \r\n").getMessage());
    }

    @Test
    void read_onlyHeader_failsForWholeFile() {
        assertEquals("test.txt: no ratings in file (it has only a header)",
                readFails("userId,movieId,rating\n").getMessage());
    }

    @Test
    void read_headerPresent_skipsFirstLineEvenWhenNumeric() throws IOException {
        RatingReader reader = new RatingReader(ReadOptions.defaults().withHeader(Header.PRESENT));

        ReadResult<RatingMatrix> result = reader.read("h.csv", stream("\n1,1,1\n2,2,2\n"));

        assertEquals(List.of("2"), result.ratings().users().ids());
        assertTrue(result.report().headerFound());
    }

    @Test
    void read_headerAbsent_failsOnHeaderLine() {
        RatingReader reader = new RatingReader(ReadOptions.defaults().withHeader(Header.ABSENT));

        RatingFormatException e = assertThrows(RatingFormatException.class,
                () -> reader.read("h.csv", stream("userId,movieId,rating\n1,1,1\n")));

        assertEquals("h.csv:1: rating 'rating' is not a number", e.getMessage());
    }

    @Test
    void read_explicitSeparator_doesNotDetect() {
        RatingReader reader = new RatingReader(ReadOptions.defaults().withSeparator(Separator.COMMA));

        RatingFormatException e = assertThrows(RatingFormatException.class,
                () -> reader.read("t.tsv", stream("1\t2\t3\n")));

        assertEquals("t.tsv:1: " + COLUMNS + "1", e.getMessage());
    }

    @Test
    void read_explicitWhitespace_splitsOnTabsAndSpaces() throws IOException {
        RatingReader reader = new RatingReader(ReadOptions.defaults().withSeparator(Separator.WHITESPACE));

        ReadResult<RatingMatrix> result = reader.read("t.txt", stream("1\t 2 \t3\n"));

        assertEquals(List.of("2"), result.ratings().items().ids());
        assertEquals(3f, result.ratings().get(0, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "3.5", "0.5", "-2.25", "+4", ".5", "5.", "0.1", "4.35", "0.3", "16777216",
            "16777217", "123456789", "1234567891", "0.123456789", "0.0000001", "1e3", "2.5E-3", "7e+2", "-0",
            "0000000001", "3.14159265358979", "1e-45", "3.4028235e38", "1.91605737", "9962.74767", "3447756.90"})
    void read_decimalRating_equalsFloatParseFloat(String rating) throws IOException {
        float value = read("1,1," + rating + "\n").ratings().get(0, 0);

        assertEquals(Float.parseFloat(rating), value);
    }

    @Test
    void read_skipBad_countsSkipsAndKeepsMessages() throws IOException {
        RatingReader reader = new RatingReader(ReadOptions.defaults().withSkipBad(true));

        ReadResult<RatingMatrix> result = reader.read("bad.csv",
                stream("1,1,4\n1,2\n2,2,abc\n2,3,5\n3,3,NaN\n"));

        ReadReport report = result.report();
        assertEquals(2, result.ratings().size());
        assertEquals(3, report.badLinesSkipped());
        assertEquals(List.of("bad.csv:2: " + COLUMNS + "2", "bad.csv:3: rating 'abc' is not a number",
                "bad.csv:5: rating 'NaN' is not finite"), report.skipMessages());
        assertEquals(List.of("1", "2"), result.ratings().users().ids());
    }

    @Test
    void read_skipBadWithManyBadLines_keepsTenMessages() throws IOException {
        RatingReader reader = new RatingReader(ReadOptions.defaults().withSkipBad(true));

        ReadResult<RatingMatrix> result = reader.read("bad.csv", stream("1,1,1\n" + "x,y\n".repeat(12)));

        assertEquals(12, result.report().badLinesSkipped());
        assertEquals(10, result.report().skipMessages().size());
        assertEquals("bad.csv:11: " + COLUMNS + "2", result.report().skipMessages().get(9));
    }

    @Test
    void read_skipBadWithNoGoodLine_failsForWholeFile() {
        RatingReader reader = new RatingReader(ReadOptions.defaults().withSkipBad(true));

        RatingFormatException e = assertThrows(RatingFormatException.class,
                () -> reader.read("bad.csv", stream("1,2\n1,1,x\n")));

        assertEquals("bad.csv: no ratings in file: all 2 rating lines are bad; line 1: " + COLUMNS + "2",
                e.getMessage());
    }

    @Test
    void read_smallFile_summarisesOnOneLine() throws IOException {
        ReadReport report = read("u,i,r\n1,1,4\n1,2,3\n2,1,5\n1,1,2\n").report();

        assertEquals("test.txt: 3 ratings (2 users × 2 items), comma-separated, with header, UTF-8; "
                + "0 bad lines skipped, 1 duplicate replaced", report.summary());
    }

    @Test
    void readAgainst_unknownIds_mapsThemToMinusOneAndCounts() throws IOException {
        RatingMatrix train = read("a,x,1\nb,y,2\n").ratings();

        ReadResult<RatingList> result = RatingReader.withDefaults().readAgainst("test.csv",
                stream("a,y,3\nc,x,4\na,z,5\nc,w,1\n"), train.users(), train.items());

        RatingList list = result.ratings();
        assertEquals(new RatingList(new int[] {0, -1, 0, -1}, new int[] {1, 0, -1, -1},
                new float[] {3, 4, 5, 1}), list);
        ReadReport report = result.report();
        assertEquals(2, report.unknownUsers());
        assertEquals(2, report.unknownItems());
        assertEquals(2, report.userCount());
        assertEquals(4, report.itemCount());
        assertEquals("test.csv: 4 ratings (2 users × 4 items), comma-separated, no header, UTF-8; "
                + "0 bad lines skipped, 0 duplicates replaced; 2 with unknown user, 2 with unknown item",
                report.summary());
    }

    @Test
    void readAgainst_repeatedPairs_keepsLastLineInLineOrderAndCounts() throws IOException {
        RatingMatrix train = read("a,x,1\nb,y,2\n").ratings();

        ReadResult<RatingList> result = RatingReader.withDefaults().readAgainst("test.csv",
                stream("a,x,1\nb,y,2\nc,w,3\na,x,5\nc,w,4\n"), train.users(), train.items());

        assertEquals(new RatingList(new int[] {1, 0, -1}, new int[] {1, 0, -1}, new float[] {2, 5, 4}),
                result.ratings());
        assertEquals(2, result.report().duplicatesReplaced());
        assertEquals(1, result.report().unknownUsers());
    }

    @Test
    void readAgainst_latin1File_matchesTrainingIdsReadAsUtf8() throws IOException {
        RatingMatrix train = read("u1,café,4\n").ratings();

        ReadResult<RatingList> result = RatingReader.withDefaults().readAgainst("test.csv",
                new ByteArrayInputStream("u1,caf\u00e9,5\n".getBytes(StandardCharsets.ISO_8859_1)),
                train.users(), train.items());

        assertEquals(new RatingList(new int[] {0}, new int[] {0}, new float[] {5}), result.ratings());
    }

    @Test
    void readAgainst_emptyFile_fails() throws IOException {
        RatingMatrix train = read("a,x,1\n").ratings();

        RatingFormatException e = assertThrows(RatingFormatException.class, () -> RatingReader.withDefaults()
                .readAgainst("test.csv", stream(""), train.users(), train.items()));

        assertEquals("test.csv: no ratings in file (it is empty)", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"auto, AUTO", "tab, TAB", "comma, COMMA", "semicolon, SEMICOLON", "::, DOUBLE_COLON",
            "whitespace, WHITESPACE", "TAB, TAB"})
    void separatorParse_knownName_returnsSeparator(String text, Separator expected) {
        assertEquals(expected, Separator.parse(text));
    }

    @Test
    void separatorParse_unknownName_listsAllowedNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Separator.parse("pipe"));

        assertEquals("unknown separator 'pipe'; expected one of auto, tab, comma, semicolon, ::, whitespace",
                e.getMessage());
    }

    @Test
    void readOptions_charsetNotEncodingAsciiAsBytes_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReadOptions.defaults().withCharset(StandardCharsets.UTF_16));

        assertTrue(e.getMessage().startsWith("charset UTF-16 is not supported"), e.getMessage());
    }

    @Test
    void ratingFormatException_wholeFile_omitsLineFromMessage() {
        assertEquals("f.csv: empty", new RatingFormatException("f.csv", 0, "empty").getMessage());
        assertEquals("f.csv:7: bad", new RatingFormatException("f.csv", 7, "bad").getMessage());
    }

    private static ReadResult<RatingMatrix> read(String text) throws IOException {
        return RatingReader.withDefaults().read("test.txt", stream(text));
    }

    private static ReadResult<RatingMatrix> read(String sourceName, byte[] bytes) throws IOException {
        return RatingReader.withDefaults().read(sourceName, new ByteArrayInputStream(bytes));
    }

    private static RatingFormatException readFails(String text) {
        return assertThrows(RatingFormatException.class, () -> read(text));
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
