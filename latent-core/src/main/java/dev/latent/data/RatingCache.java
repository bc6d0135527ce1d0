package dev.latent.data;

import dev.latent.io.binary.AtomicFiles;
import dev.latent.io.binary.BinaryInput;
import dev.latent.io.binary.BinaryOutput;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A binary copy of a parsed rating file, so that a large file is parsed once: the
 * {@link RatingMatrix} exactly (both id indexes, the CSR arrays), the {@link ReadReport} of the
 * parse, and what identifies the text it came from — the source's size and modification time and
 * the {@link ReadOptions} it was read with.
 *
 * <p>Layout (big-endian, strings as an int byte length and UTF-8 bytes): the magic bytes
 * {@code LATENTRC}, the format version (int); the source's size and modification time in
 * nanoseconds since the epoch (two longs); the read options: separator, header and charset names
 * (strings; an empty charset name means detected) and skip-bad (int 0/1); the parse report: lines
 * read (long), bad lines skipped (long), skip messages (int count, strings), duplicates replaced
 * (long), the separator used, header found (int 0/1), the charset used; the user and the item index,
 * each its kind, a count and the ids in index order; the CSR row offsets ({@code users + 1} ints),
 * items and values ({@code offsets[users]} ints, then as many floats); a CRC32C of everything
 * before it (int). The CSC view is rebuilt on loading.
 *
 * <p>Writing is atomic (temporary file, then rename). Loading goes through megabyte buffers,
 * checks every length against the file before allocating, the checksum and then the matrix's
 * invariants, and fails with a {@link RatingCacheException} naming the file; {@link #loadIfFresh}
 * instead ignores a cache that does not match its source or cannot be read, so that a stale or
 * damaged cache is never trusted.
 */
public final class RatingCache {
    /** The format version this class writes, and the newest it reads. */
    public static final int FORMAT_VERSION = 1;
    /** What {@link #pathFor} appends to the source's file name. */
    public static final String SUFFIX = ".latentcache";

    private static final byte[] MAGIC = "LATENTRC".getBytes(StandardCharsets.US_ASCII);
    private static final String FILE_KIND = "rating cache";
    private static final int MIN_STRING_BYTES = Integer.BYTES;

    private RatingCache() {
    }

    /**
     * What identifies the text a cache was made from: its size and last-modified time. A source
     * rewritten in place almost always changes one of them.
     *
     * @param size              bytes
     * @param lastModifiedNanos nanoseconds since the epoch, at the file system's resolution
     */
    public record SourceStamp(long size, long lastModifiedNanos) {

        /** The stamp of {@code file} as it is now. */
        public static SourceStamp of(Path file) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new SourceStamp(attributes.size(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        }
    }

    /** The cache file beside {@code source}: its name with {@link #SUFFIX} appended. */
    public static Path pathFor(Path source) {
        Path name = source.getFileName();
        if (name == null) {
            throw new IllegalArgumentException(source + " is not a file name");
        }
        return source.resolveSibling(name + SUFFIX);
    }

    /**
     * Writes a parsed file's ratings and report atomically to {@code cacheFile}, stamped with the
     * source's {@code stamp} (taken before parsing, so that a change during the parse makes the
     * cache stale) and the {@code options} it was read with.
     *
     * @throws IllegalArgumentException when an id holds an unpaired surrogate, which UTF-8 cannot
     *                                  store (ids the reader decodes never do)
     */
    public static void write(Path cacheFile, ReadResult<RatingMatrix> read, ReadOptions options, SourceStamp stamp)
            throws IOException {
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(stamp, "stamp");
        AtomicFiles.replace(cacheFile, FILE_KIND, channel -> write(new BinaryOutput(channel, FILE_KIND), read, options, stamp));
    }

    /**
     * Loads a cache whatever its source looks like now; the report names {@code sourceName} as
     * its source and the cache file as where the ratings came from.
     *
     * @throws RatingCacheException when the file is not a rating cache, is of a newer format
     *                              version, is truncated or corrupted
     */
    public static ReadResult<RatingMatrix> load(Path cacheFile, String sourceName) throws IOException {
        Objects.requireNonNull(sourceName, "sourceName");
        return read(cacheFile, sourceName, null, null);
    }

    /**
     * The cache's ratings when it was made from {@code source} as it is now (same size and
     * modification time) with the same {@code options}; empty when the cache is missing, stale,
     * was read with other options, or cannot be read for any reason (then it is not trusted, and
     * writing a new one replaces it).
     */
    public static Optional<ReadResult<RatingMatrix>> loadIfFresh(Path cacheFile, Path source, ReadOptions options) {
        Objects.requireNonNull(options, "options");
        try {
            SourceStamp stamp = SourceStamp.of(source);
            return Optional.ofNullable(read(cacheFile, source.toString(), stamp, options));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static void write(BinaryOutput out, ReadResult<RatingMatrix> read, ReadOptions options, SourceStamp stamp)
            throws IOException {
        RatingMatrix matrix = read.ratings();
        ReadReport report = read.report();
        out.writeBytes(MAGIC);
        out.writeInt(FORMAT_VERSION);
        out.writeLong(stamp.size());
        out.writeLong(stamp.lastModifiedNanos());
        out.writeString(options.separator().displayName(), "separator");
        out.writeString(options.header().name(), "header");
        out.writeString(options.charset() == null ? "" : options.charset().name(), "charset");
        out.writeInt(options.skipBad() ? 1 : 0);
        out.writeLong(report.linesRead());
        out.writeLong(report.badLinesSkipped());
        out.writeInt(report.skipMessages().size());
        for (String message : report.skipMessages()) {
            out.writeString(message, "skip message");
        }
        out.writeLong(report.duplicatesReplaced());
        out.writeString(report.separator().displayName(), "separator");
        out.writeInt(report.headerFound() ? 1 : 0);
        out.writeString(report.charset().name(), "charset");
        writeIds(out, matrix.users());
        writeIds(out, matrix.items());
        out.writeInts(IntBuffer.wrap(matrix.rowStartArray()));
        out.writeInts(IntBuffer.wrap(matrix.rowItemArray()));
        out.writeFloats(FloatBuffer.wrap(matrix.rowValueArray()));
        out.finish();
    }

    private static void writeIds(BinaryOutput out, IdIndex ids) throws IOException {
        out.writeString(ids.kind(), "id kind");
        out.writeStrings(ids.ids(), ids.kind() + " id");
    }

    /**
     * Reads the cache; with an {@code expected} stamp and options, stops after the header and
     * returns null unless they match.
     */
    private static ReadResult<RatingMatrix> read(Path cacheFile, String sourceName, SourceStamp expected,
                                                 ReadOptions expectedOptions) throws IOException {
        try (FileChannel channel = FileChannel.open(cacheFile, StandardOpenOption.READ)) {
            BinaryInput in = new BinaryInput(cacheFile, channel, RatingCacheException::new);
            in.readMagic(MAGIC, "Latent rating cache");
            in.readVersion(FORMAT_VERSION);
            // Version 1 is the only layout so far; a later version branches on the version here.
            SourceStamp stamp = new SourceStamp(in.readLong("source stamp"), in.readLong("source stamp"));
            String separatorName = in.readString("read options");
            String headerName = in.readString("read options");
            String charsetName = in.readString("read options");
            int skipBad = in.readInt("read options");
            ReadOptions options;
            try {
                options = new ReadOptions(ReadOptions.Separator.parse(separatorName),
                        ReadOptions.Header.valueOf(headerName),
                        charsetName.isEmpty() ? null : Charset.forName(charsetName), flag(skipBad, "skip-bad"));
            } catch (IllegalArgumentException e) {
                throw in.problem("corrupted or unsupported read options: " + e.getMessage(), e);
            }
            if (expected != null && !(expected.equals(stamp) && expectedOptions.equals(options))) {
                return null;
            }
            long linesRead = in.readLong("parse report");
            long badLines = in.readLong("parse report");
            int messageCount = in.readCount("skip messages", MIN_STRING_BYTES);
            List<String> messages = new ArrayList<>(Math.min(messageCount, ReadReport.MAX_SKIP_MESSAGES));
            for (int k = 0; k < messageCount; k++) {
                messages.add(in.readString("skip messages"));
            }
            long duplicates = in.readLong("parse report");
            String separatorUsed = in.readString("parse report");
            int headerFound = in.readInt("parse report");
            String charsetUsed = in.readString("parse report");
            String userKind = in.readString("user ids");
            String[] userIds = in.readStrings("user ids");
            String itemKind = in.readString("item ids");
            String[] itemIds = in.readStrings("item ids");
            int[] rowStart = in.readInts(userIds.length + 1L, "row offsets");
            int ratings = rowStart[userIds.length];
            if (ratings < 0) {
                throw in.problem("corrupted: negative count " + ratings + " at the end of the row offsets");
            }
            int[] rowItems = in.readInts(ratings, "items");
            float[] rowValues = in.readFloats(ratings, "values");
            in.readChecksumAndEnd();

            // The bytes are as written; what remains to check are the matrix's own invariants.
            try {
                RatingMatrix matrix = RatingMatrix.fromCsr(IdIndex.of(userKind, Arrays.asList(userIds)),
                        IdIndex.of(itemKind, Arrays.asList(itemIds)), rowStart, rowItems, rowValues);
                ReadReport report = new ReadReport(sourceName, linesRead, matrix.size(), badLines, messages,
                        duplicates, 0, 0, matrix.userCount(), matrix.itemCount(),
                        ReadOptions.Separator.parse(separatorUsed), flag(headerFound, "header found"),
                        Charset.forName(charsetUsed), cacheFile.toString());
                if (report.separator() == ReadOptions.Separator.AUTO) {
                    throw new IllegalArgumentException("the separator used is 'auto'");
                }
                return new ReadResult<>(matrix, report);
            } catch (IllegalArgumentException e) {
                throw in.problem("invalid rating cache: " + e.getMessage(), e);
            }
        } catch (NoSuchFileException missing) {
            if (expected != null) {
                return null;
            }
            throw missing;
        }
    }

    private static boolean flag(int value, String what) {
        if (value != 0 && value != 1) {
            throw new IllegalArgumentException(what + " flag is " + value + " instead of 0 or 1");
        }
        return value == 1;
    }
}
