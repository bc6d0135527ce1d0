package dev.latent.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The time of every rating of a {@link RatingMatrix}, aligned to its CSR positions: {@code at(p)}
 * is when the rating at position {@code p} was made, in the file's unit (seconds since the epoch
 * for MovieLens). What time-aware splitters order by.
 *
 * <p>{@link RatingReader} checks the optional fourth column but keeps no timestamps, so that
 * matrices stay at 8 bytes a rating. {@link #read} gets them by a second pass over the same file
 * with the reader's own scanner, so lines, separators, headers and bad lines are recognised
 * exactly as the first pass did. A (user, item) pair rated on several lines keeps the timestamp of
 * the last line, whose value the matrix kept.
 */
public final class Timestamps {
    private final long[] times;

    private Timestamps(long[] times) {
        this.times = times;
    }

    /** Timestamps given directly, one per CSR position of the matrix they belong to; the array is copied. */
    public static Timestamps of(long... times) {
        return new Timestamps(times.clone());
    }

    /**
     * The timestamps of {@code matrix}, read from the file it was read from with the same options;
     * empty when the file's lines have no fourth column.
     *
     * @throws RatingFormatException naming the file and line when a timestamp is not a whole number
     *                               or only some lines have one
     * @throws IllegalArgumentException when the file's ratings are not those of {@code matrix}
     */
    public static Optional<Timestamps> read(Path file, ReadOptions options, RatingMatrix matrix) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.toString(), in, options, matrix);
        }
    }

    /** As {@link #read(Path, ReadOptions, RatingMatrix)}, from a stream read to its end but not closed. */
    public static Optional<Timestamps> read(String sourceName, InputStream in, ReadOptions options, RatingMatrix matrix)
            throws IOException {
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(matrix, "matrix");
        Lines lines = new Lines(sourceName);
        RatingScanner scanner = new RatingScanner(sourceName, options, lines);
        lines.scanner = scanner;
        try {
            RatingReader.scan(sourceName, in, scanner);
        } catch (BadLine bad) {
            throw bad.exception;
        }
        if (lines.firstWithTime == 0) {
            return Optional.empty();
        }
        String[] userIds = RatingReader.decode(scanner.users(), "user", scanner.charset(), sourceName);
        String[] itemIds = RatingReader.decode(scanner.items(), "item", scanner.charset(), sourceName);
        return Optional.of(align(sourceName, lines, userIds, itemIds, matrix));
    }

    /** Puts each line's timestamp at its rating's CSR position; later lines overwrite earlier ones. */
    private static Timestamps align(String source, Lines lines, String[] userIds, String[] itemIds, RatingMatrix matrix) {
        int[] userMap = indicesIn(matrix.users(), userIds);
        int[] itemMap = indicesIn(matrix.items(), itemIds);
        long[] times = new long[matrix.size()];
        boolean[] set = new boolean[matrix.size()];
        int[] rowItems = matrix.rowItemArray();
        int filled = 0;
        for (int k = 0; k < lines.size; k++) {
            int user = userMap[lines.users[k]];
            int item = itemMap[lines.items[k]];
            int p = user < 0 || item < 0 ? -1
                    : Arrays.binarySearch(rowItems, matrix.userStart(user), matrix.userEnd(user), item);
            if (p < 0) {
                throw new IllegalArgumentException(source + " rates item '" + itemIds[lines.items[k]] + "' by user '"
                        + userIds[lines.users[k]] + "', which the matrix does not hold; read the timestamps from the"
                        + " file and with the options the matrix was read with");
            }
            times[p] = lines.times[k];
            if (!set[p]) {
                set[p] = true;
                filled++;
            }
        }
        if (filled != matrix.size()) {
            throw new IllegalArgumentException("the matrix has " + (matrix.size() - filled) + " ratings that "
                    + source + " does not; read the timestamps from the file the matrix was read from");
        }
        return new Timestamps(times);
    }

    private static int[] indicesIn(IdIndex index, String[] ids) {
        int[] map = new int[ids.length];
        for (int k = 0; k < ids.length; k++) {
            map[k] = index.tryIndexOf(ids[k]);
        }
        return map;
    }

    /** How many ratings there are timestamps for. */
    public int size() {
        return times.length;
    }

    /** The timestamp of the rating at CSR position {@code position}. */
    public long at(int position) {
        return times[position];
    }

    @Override
    public String toString() {
        return "Timestamps[" + times.length + " ratings]";
    }

    /** Collects (user, item, timestamp) per rating line, in scanner numbers and line order. */
    private static final class Lines implements RatingScanner.Sink {
        private final String source;
        RatingScanner scanner;
        int[] users = new int[1024];
        int[] items = new int[1024];
        long[] times = new long[1024];
        int size;
        /** The first rating line with a fourth column and the first without one; 0 for none yet. */
        long firstWithTime;
        long firstWithoutTime;

        Lines(String source) {
            this.source = source;
        }

        @Override
        public void accept(int user, int item, float value) {
            long line = scanner.lines();
            if (!scanner.hasTimestamp()) {
                if (firstWithTime != 0) {
                    throw new BadLine(source, line, "no timestamp, but line " + firstWithTime + " has one");
                }
                firstWithoutTime = firstWithoutTime == 0 ? line : firstWithoutTime;
                return;
            }
            if (firstWithoutTime != 0) {
                throw new BadLine(source, line, "a timestamp, but line " + firstWithoutTime + " has none");
            }
            firstWithTime = firstWithTime == 0 ? line : firstWithTime;
            long time;
            try {
                time = scanner.timestamp();
            } catch (NumberFormatException e) {
                throw new BadLine(source, line, "timestamp " + e.getMessage());
            }
            if (size == users.length) {
                int grown = size + (size >> 1);
                users = Arrays.copyOf(users, grown);
                items = Arrays.copyOf(items, grown);
                times = Arrays.copyOf(times, grown);
            }
            users[size] = user;
            items[size] = item;
            times[size] = time;
            size++;
        }
    }

    /** Carries a {@link RatingFormatException} out of the sink, which may not throw checked exceptions. */
    private static final class BadLine extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient RatingFormatException exception;

        BadLine(String source, long line, String reason) {
            super(null, null, false, false);
            this.exception = new RatingFormatException(source, line, reason);
        }
    }
}
