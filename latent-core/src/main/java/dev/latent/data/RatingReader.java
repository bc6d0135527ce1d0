package dev.latent.data;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads delimited rating files, such as MovieLens and Last.fm ones, into a {@link RatingMatrix}
 * with fresh id indexes or, against the fixed indexes of a trained model, into a {@link RatingList}.
 *
 * <p>Format. One rating per line: user id, item id, rating, and an optional timestamp that must be
 * a number and is otherwise ignored here ({@link Timestamps} reads it in a second pass). Ids are
 * any text, trimmed of surrounding spaces and tabs; the rating is a finite decimal number. Unless
 * {@link ReadOptions} fixes them, the reader detects
 * <ul>
 * <li>the separator, from the first non-blank line: the first of {@code ::}, tab, comma, semicolon
 *     and runs of spaces that splits it into 3 or 4 columns (so {@code 1;2;3,5} is
 *     semicolon-separated), else the first that occurs; the whole file then uses it;</li>
 * <li>a header: the first non-blank line when its rating column is not a number, as in
 *     {@code userId,movieId,rating,timestamp};</li>
 * <li>the charset: UTF-8 when every id is valid UTF-8, else ISO-8859-1 for all of them.</li>
 * </ul>
 * Lines end in LF or CRLF, the last one perhaps in neither; blank lines are ignored and a UTF-8
 * byte-order mark is dropped. A source whose name ends in {@code .gz} is gunzipped on the fly. The
 * file is streamed once; memory holds the ratings and each distinct id once, never the text.
 *
 * <p>Errors. A bad line throws a {@link RatingFormatException} naming the source, the line number
 * and what is wrong; with {@link ReadOptions#skipBad()} it is counted in the {@link ReadReport}
 * and skipped instead. A source without a single rating is an error either way. A (user, item) pair
 * rated on several lines keeps the value of the last one; the report counts the replaced ones.
 *
 * <p>A reader holds only its options and can be shared between threads.
 */
public final class RatingReader {
    private static final int GZIP_BUFFER_BYTES = 1 << 16;

    private final ReadOptions options;

    public RatingReader(ReadOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** A reader that detects separator, header and charset and fails on the first bad line. */
    public static RatingReader withDefaults() {
        return new RatingReader(ReadOptions.defaults());
    }

    public ReadOptions options() {
        return options;
    }

    /**
     * Reads {@code file} into a matrix whose indexes hold its ids in first-seen order. An
     * uncompressed file of 32 MiB or more is read by one thread per processor (at most 8), cut
     * into ranges at line ends, with the same result.
     */
    public ReadResult<RatingMatrix> read(Path file) throws IOException {
        int parts = Math.min(ParallelRead.MAX_PARTS, Runtime.getRuntime().availableProcessors());
        if (parts > 1 && !isGzipped(file.toString()) && Files.isRegularFile(file)
                && Files.size(file) >= ParallelRead.MIN_BYTES) {
            ReadResult<RatingMatrix> result = ParallelRead.read(file, options, parts);
            if (result != null) {
                return result;
            }
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.toString(), in);
        }
    }

    /**
     * Reads {@code in} to its end, without closing it, into a matrix whose indexes hold its ids in
     * first-seen order; {@code sourceName} names it in messages and says whether it is gzipped.
     */
    public ReadResult<RatingMatrix> read(String sourceName, InputStream in) throws IOException {
        RatingMatrix.Builder builder = RatingMatrix.builder();
        // The scanner numbers ids in first-seen order and so does the builder's index after the
        // decoded ids are interned below in that order: the numbers can go to the builder directly.
        RatingScanner scanner = scan(sourceName, in, (user, item, value) -> builder.add(user, item, value));
        Charset charset = scanner.charset();
        for (String id : decode(scanner.users(), "user", charset, sourceName)) {
            builder.userIndex().intern(id);
        }
        for (String id : decode(scanner.items(), "item", charset, sourceName)) {
            builder.itemIndex().intern(id);
        }
        RatingMatrix matrix = builder.build();
        return new ReadResult<>(matrix, scanner.report(matrix.size(), builder.duplicateCount(), 0, 0));
    }

    /**
     * Reads {@code file} mapping its ids through fixed indexes, as when reading a test file for a
     * trained model. An id the index does not hold becomes -1 and is counted in the report. The
     * ratings keep the order of their lines.
     */
    public ReadResult<RatingList> readAgainst(Path file, IdIndex users, IdIndex items) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return readAgainst(file.toString(), in, users, items);
        }
    }

    /** Like {@link #readAgainst(Path, IdIndex, IdIndex)}, from a stream that is read to its end but not closed. */
    public ReadResult<RatingList> readAgainst(String sourceName, InputStream in, IdIndex users, IdIndex items)
            throws IOException {
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(items, "items");
        Triples scanned = new Triples();
        RatingScanner scanner = scan(sourceName, in, scanned::add);
        Charset charset = scanner.charset();
        int[] userMap = indicesIn(users, decode(scanner.users(), "user", charset, sourceName));
        int[] itemMap = indicesIn(items, decode(scanner.items(), "item", charset, sourceName));
        boolean[] replaced = replacedByLaterLine(scanned, scanner.users().size());
        int duplicates = 0;
        for (boolean r : replaced) {
            duplicates += r ? 1 : 0;
        }
        int kept = scanned.size - duplicates;
        int[] outUsers = new int[kept];
        int[] outItems = new int[kept];
        float[] outValues = new float[kept];
        long unknownUsers = 0;
        long unknownItems = 0;
        int out = 0;
        for (int k = 0; k < scanned.size; k++) {
            if (replaced[k]) {
                continue;
            }
            outUsers[out] = userMap[scanned.users[k]];
            outItems[out] = itemMap[scanned.items[k]];
            outValues[out] = scanned.values[k];
            unknownUsers += outUsers[out] < 0 ? 1 : 0;
            unknownItems += outItems[out] < 0 ? 1 : 0;
            out++;
        }
        return new ReadResult<>(new RatingList(outUsers, outItems, outValues),
                scanner.report(kept, duplicates, unknownUsers, unknownItems));
    }

    private RatingScanner scan(String sourceName, InputStream in, RatingScanner.Sink sink) throws IOException {
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(in, "in");
        return scan(sourceName, in, new RatingScanner(sourceName, options, sink));
    }

    /**
     * Runs {@code scanner}, made with this reader's options, over {@code in}, gunzipping it when
     * {@code sourceName} says so; for {@link Timestamps}, whose sink asks the scanner about each line.
     */
    static RatingScanner scan(String sourceName, InputStream in, RatingScanner scanner) throws IOException {
        if (!isGzipped(sourceName)) {
            scanner.scan(in);
            return scanner;
        }
        try (InputStream gunzipped = new GZIPInputStream(new KeepOpen(in), GZIP_BUFFER_BYTES)) {
            scanner.scan(gunzipped);
        } catch (ZipException | EOFException e) {
            throw new RatingFormatException(sourceName, 0, "corrupt gzip data (" + e.getMessage() + ")", e);
        }
        return scanner;
    }

    private static boolean isGzipped(String sourceName) {
        return sourceName.regionMatches(true, sourceName.length() - 3, ".gz", 0, 3);
    }

    /**
     * The scanned ids as text, in scanner order. Distinct bytes give distinct text in ISO-8859-1
     * and in (validated) UTF-8; other charsets may map two byte sequences to one text, which is an
     * error rather than a silent merge of two ids.
     */
    static String[] decode(ByteIdTable table, String kind, Charset charset, String source)
            throws RatingFormatException {
        String[] ids = new String[table.size()];
        for (int id = 0; id < ids.length; id++) {
            ids[id] = table.decode(id, charset);
        }
        if (!charset.equals(StandardCharsets.UTF_8) && !charset.equals(StandardCharsets.ISO_8859_1)) {
            Set<String> seen = new HashSet<>();
            for (String id : ids) {
                if (!seen.add(id)) {
                    throw new RatingFormatException(source, 0,
                            "two different " + kind + " ids both read as '" + id + "' in " + charset.name());
                }
            }
        }
        return ids;
    }

    private static int[] indicesIn(IdIndex index, String[] ids) {
        int[] map = new int[ids.length];
        for (int k = 0; k < ids.length; k++) {
            map[k] = index.tryIndexOf(ids[k]);
        }
        return map;
    }

    /**
     * Marks each rating whose (user, item) pair comes again on a later line. Ratings are grouped by
     * user with a counting sort, then each user's are sorted by (item, line), which puts the
     * repeats of an item side by side with the last one last.
     */
    private static boolean[] replacedByLaterLine(Triples ratings, int userCount) {
        int size = ratings.size;
        int[] starts = new int[userCount + 1];
        for (int k = 0; k < size; k++) {
            starts[ratings.users[k] + 1]++;
        }
        for (int u = 0; u < userCount; u++) {
            starts[u + 1] += starts[u];
        }
        int[] byUser = new int[size];
        int[] fill = Arrays.copyOf(starts, userCount);
        for (int k = 0; k < size; k++) {
            byUser[fill[ratings.users[k]]++] = k;
        }
        boolean[] replaced = new boolean[size];
        long[] keys = new long[0];
        for (int u = 0; u < userCount; u++) {
            int from = starts[u];
            int length = starts[u + 1] - from;
            if (keys.length < length) {
                keys = new long[Math.max(length, 2 * keys.length)];
            }
            for (int k = 0; k < length; k++) {
                int line = byUser[from + k];
                keys[k] = (long) ratings.items[line] << 32 | line;
            }
            Arrays.sort(keys, 0, length);
            for (int k = 0; k + 1 < length; k++) {
                if (keys[k] >>> 32 == keys[k + 1] >>> 32) {
                    replaced[(int) keys[k]] = true;
                }
            }
        }
        return replaced;
    }

    /** Scanned ratings in line order, as scanner numbers; grows like an ArrayList. */
    private static final class Triples {
        int[] users = new int[1024];
        int[] items = new int[1024];
        float[] values = new float[1024];
        int size;

        void add(int user, int item, float value) {
            if (size == users.length) {
                int grown = size + (size >> 1);
                users = Arrays.copyOf(users, grown);
                items = Arrays.copyOf(items, grown);
                values = Arrays.copyOf(values, grown);
            }
            users[size] = user;
            items[size] = item;
            values[size] = value;
            size++;
        }
    }

    /** Lets the gzip stream be closed, freeing its inflater, without closing the caller's stream. */
    private static final class KeepOpen extends FilterInputStream {
        KeepOpen(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
