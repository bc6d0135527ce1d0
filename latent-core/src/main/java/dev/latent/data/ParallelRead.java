package dev.latent.data;

import dev.latent.data.ReadOptions.Header;
import dev.latent.data.ReadOptions.Separator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads an uncompressed rating file with several threads into exactly the matrix and report that
 * reading it front to back gives.
 *
 * <p>Design. The file is cut into byte ranges at line ends, one scanner each. The first rating
 * line fixes the separator (and decides the header) for the whole file, so it is found first: lines
 * from the file's head go to a probe scanner until it has a separator and has seen that line. The
 * first range holds at least those lines and is read with the reader's options; the others with
 * the separator fixed, no header, and no byte-order mark to drop. Each range numbers its ids in
 * its own first-seen order; the merge renumbers them range by range into the first range's id
 * tables, which gives the first-seen order of the whole file, and appends each range's ratings to
 * one builder in range order, so the builder sees them in line order as a single scanner would
 * hand them over. Only the charset detection is combined: UTF-8 unless some range met an id that
 * is not. The line number of a bad line depends on every range before it; rather than patch
 * messages, a bad line anywhere, any other format problem, or a file without a rating makes
 * {@link #read} give up, and the caller reads the file sequentially, which reports it exactly.
 */
final class ParallelRead {
    /** Files smaller than this are read by one thread: 32 MiB, about 2 million ratings. */
    static final long MIN_BYTES = 32L << 20;
    /** At most this many ranges, whatever the processor count. */
    static final int MAX_PARTS = 8;
    /** How many lines at the head of the file may come before the separator is known. */
    private static final int MAX_PROBE_LINES = 100;

    private ParallelRead() {
    }

    /**
     * Reads {@code file} in up to {@code parts} ranges; null when it must be read sequentially
     * instead (a bad line, no rating, no line end where one is needed).
     */
    static ReadResult<RatingMatrix> read(Path file, ReadOptions options, int parts) throws IOException {
        String source = file.toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            Head head = head(channel, source, options);
            if (head == null) {
                return null;
            }
            long[] bounds = bounds(channel, size, head.end(), parts);
            if (bounds == null) {
                return null;
            }
            Part[] scanned = scanParts(channel, source, options.withSeparator(head.separator()), bounds);
            return scanned == null ? null : merge(source, options, scanned);
        }
    }

    /** The separator of the file, and where the line that fixed it ends. */
    private record Head(Separator separator, long end) {
    }

    /**
     * Feeds the file's first lines to a probe scanner up to the one that fixes the separator;
     * null when that takes too long or one of those lines is bad.
     */
    private static Head head(FileChannel channel, String source, ReadOptions options) throws IOException {
        byte[] head = new byte[(int) Math.min(channel.size(), 2L * RatingScanner.MAX_LINE_BYTES)];
        int length = readFully(channel, 0, head);
        int end = 0;
        for (int lines = 0; lines < MAX_PROBE_LINES; lines++) {
            int newline = indexOf(head, (byte) '\n', end, length);
            if (newline < 0) {
                return null;
            }
            end = newline + 1;
            RatingScanner probe = new RatingScanner(source, options.withSkipBad(false), (user, item, value) -> { });
            try {
                probe.scanPart(new ByteArrayInputStream(head, 0, end), true);
            } catch (RatingFormatException bad) {
                return null;
            }
            if (probe.separator() != null && (probe.ratings() > 0 || probe.headerFound())) {
                return new Head(probe.separator(), end);
            }
        }
        return null;
    }

    /**
     * Range boundaries: 0, then up to {@code parts - 1} line starts near equal fractions of the
     * file (none before {@code headEnd}), then the size; null when there is no line end within a
     * line's length of where a cut should go.
     */
    private static long[] bounds(FileChannel channel, long size, long headEnd, int parts) throws IOException {
        byte[] window = new byte[RatingScanner.MAX_LINE_BYTES + 2];
        List<Long> bounds = new ArrayList<>(List.of(0L));
        for (int k = 1; k < parts; k++) {
            long guess = Math.max(headEnd, size / parts * k);
            if (guess >= size) {
                break;
            }
            long cut = lineStart(channel, guess - 1, window);
            if (cut < 0) {
                return null;
            }
            if (cut > bounds.getLast() && cut < size) {
                bounds.add(cut);
            }
        }
        bounds.add(size);
        return bounds.stream().mapToLong(Long::longValue).toArray();
    }

    /** The position just past the first line end at or after {@code from}; -1 when none is that near. */
    private static long lineStart(FileChannel channel, long from, byte[] window) throws IOException {
        int length = readFully(channel, from, window);
        int newline = indexOf(window, (byte) '\n', 0, length);
        return newline < 0 ? -1 : from + newline + 1;
    }

    /** One range's scanner and the ratings it found, numbered in its own id tables. */
    private record Part(RatingScanner scanner, RatingMatrix.Builder ratings) {
    }

    /** Scans every range on its own thread; null when one of them meets a format problem. */
    private static Part[] scanParts(FileChannel channel, String source, ReadOptions options, long[] bounds)
            throws IOException {
        int count = bounds.length - 1;
        int threads = Math.min(count, Runtime.getRuntime().availableProcessors());
        List<Future<Part>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "latent-read");
            thread.setDaemon(true);
            return thread;
        })) {
            for (int k = 0; k < count; k++) {
                boolean first = k == 0;
                long from = bounds[k];
                long to = bounds[k + 1];
                ReadOptions partOptions = first ? options.withSkipBad(false)
                        : options.withSkipBad(false).withHeader(Header.ABSENT);
                futures.add(pool.submit(() -> {
                    RatingMatrix.Builder ratings = RatingMatrix.builder();
                    RatingScanner scanner = new RatingScanner(source, partOptions, ratings::add);
                    scanner.scanPart(new RangeInput(channel, from, to), first);
                    return new Part(scanner, ratings);
                }));
            }
            Part[] parts = new Part[count];
            boolean formatProblem = false;
            for (int k = 0; k < count; k++) {
                try {
                    parts[k] = futures.get(k).get();
                } catch (ExecutionException e) {
                    switch (e.getCause()) {
                        case RatingFormatException _ -> formatProblem = true;
                        case IOException io -> throw io;
                        case RuntimeException runtime -> throw runtime;
                        case Error error -> throw error;
                        default -> throw new IllegalStateException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while reading " + source, e);
                }
            }
            return formatProblem ? null : parts;
        }
    }

    private static ReadResult<RatingMatrix> merge(String source, ReadOptions options, Part[] parts)
            throws RatingFormatException {
        RatingScanner first = parts[0].scanner();
        ByteIdTable users = first.users();
        ByteIdTable items = first.items();
        RatingMatrix.Builder builder = RatingMatrix.builder();
        builder.append(parts[0].ratings(), null, null);
        long lines = first.lines();
        long ratings = first.ratings();
        boolean utf8 = first.charset().equals(StandardCharsets.UTF_8);
        for (int k = 1; k < parts.length; k++) {
            RatingScanner scanner = parts[k].scanner();
            builder.append(parts[k].ratings(), renumber(users, scanner.users()), renumber(items, scanner.items()));
            lines += scanner.lines();
            ratings += scanner.ratings();
            utf8 &= scanner.charset().equals(StandardCharsets.UTF_8);
        }
        if (ratings == 0) {
            return null;
        }
        Charset charset = options.charset() != null ? options.charset()
                : utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        for (String id : RatingReader.decode(users, "user", charset, source)) {
            builder.userIndex().intern(id);
        }
        for (String id : RatingReader.decode(items, "item", charset, source)) {
            builder.itemIndex().intern(id);
        }
        RatingMatrix matrix = builder.build();
        Separator separator = first.separator();
        ReadReport report = new ReadReport(source, lines, matrix.size(), 0, List.of(), builder.duplicateCount(), 0, 0,
                users.size(), items.size(), separator, first.headerFound(), charset);
        return new ReadResult<>(matrix, report);
    }

    /** The number in {@code into} of each id of {@code part}, numbering those it does not know yet. */
    private static int[] renumber(ByteIdTable into, ByteIdTable part) {
        int[] map = new int[part.size()];
        for (int id = 0; id < map.length; id++) {
            map[id] = into.intern(part, id);
        }
        return map;
    }

    private static int readFully(FileChannel channel, long position, byte[] into) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(into);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                break;
            }
        }
        return buffer.position();
    }

    private static int indexOf(byte[] b, byte value, int from, int to) {
        for (int p = from; p < to; p++) {
            if (b[p] == value) {
                return p;
            }
        }
        return -1;
    }

    /** The bytes {@code from .. to} of a channel, by positional reads that threads may share. */
    private static final class RangeInput extends InputStream {
        private final FileChannel channel;
        private final long end;
        private long position;

        RangeInput(FileChannel channel, long from, long to) {
            this.channel = channel;
            this.position = from;
            this.end = to;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position >= end) {
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xFF;
        }
    }
}
