package dev.latent.data;

import dev.latent.data.ReadOptions.Header;
import dev.latent.data.ReadOptions.Separator;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One pass over the bytes of a delimited rating file, handing each good rating to a {@link Sink}
 * as (user, item) numbers of its own id tables. One instance per read; not thread-safe.
 *
 * <p>Design. The scanner works on bytes, never decoding a line: separators, digits and line ends
 * are ASCII, and in the charsets {@link ReadOptions} admits no byte of a non-ASCII character is an
 * ASCII byte. Lines and columns are found by comparing bytes, numbers are parsed from bytes, and
 * ids are interned as raw bytes ({@link ByteIdTable}) to be decoded once each after the last line.
 * That is also how the charset is detected without a second pass or buffering the file: ids are
 * taken as UTF-8 until one is not valid UTF-8, and then all of them are decoded as ISO-8859-1
 * (which gives the same text for pure ASCII ids).
 */
final class RatingScanner {

    /** Receives a good rating; {@code user} and {@code item} number ids in {@link #users()} and {@link #items()}. */
    interface Sink {
        void accept(int user, int item, float value);
    }

    /** Lines longer than this are not rating lines; refusing them keeps a binary file from filling the heap. */
    static final int MAX_LINE_BYTES = 1 << 20;
    private static final int BUFFER_BYTES = 1 << 16;
    private static final int MAX_COLUMNS = 4;
    private static final int MAX_QUOTED_CHARS = 40;
    private static final String COLUMNS_EXPECTED = "expected 3 or 4 columns (user, item, rating[, timestamp]) but found ";
    private static final Separator[] DETECTION_ORDER = {
            Separator.DOUBLE_COLON, Separator.TAB, Separator.COMMA, Separator.SEMICOLON, Separator.WHITESPACE};
    private static final float[] POWERS_OF_TEN = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f};

    private final String source;
    private final ReadOptions options;
    private final Sink sink;
    private final ByteIdTable users = new ByteIdTable();
    private final ByteIdTable items = new ByteIdTable();
    private final int[] starts = new int[MAX_COLUMNS];
    private final int[] ends = new int[MAX_COLUMNS];
    private final List<String> skipMessages = new ArrayList<>();
    /** The line being handed to the sink and its column count, for {@link #hasTimestamp()} and {@link #timestamp()}. */
    private byte[] lineBytes;
    private int lineColumns;

    /** Validates new non-ASCII ids; null once every byte sequence is acceptable (ISO-8859-1). */
    private CharsetDecoder strict;
    private boolean utf8 = true;
    private Separator separator;
    private boolean firstLineSeen;
    private boolean headerFound;
    private long line;
    private long dataLines;
    private long ratings;
    private long badLines;
    private long firstBadLine;
    private String firstBadReason;

    RatingScanner(String source, ReadOptions options, Sink sink) {
        this.source = source;
        this.options = options;
        this.sink = sink;
        Charset charset = options.charset() == null ? StandardCharsets.UTF_8 : options.charset();
        this.strict = charset.equals(StandardCharsets.ISO_8859_1) ? null : charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.separator = options.separator() == Separator.AUTO ? null : options.separator();
    }

    /** Reads {@code in} to its end (without closing it), then checks that it held a rating. */
    void scan(InputStream in) throws IOException {
        scanPart(in, true);
        requireRatings();
    }

    /**
     * Reads {@code in} to its end (without closing it) as a run of whole lines of a file, its
     * start when {@code fileStart} (a byte-order mark is then dropped), and does not require a
     * rating; see {@link ParallelRead}.
     */
    void scanPart(InputStream in, boolean fileStart) throws IOException {
        byte[] buf = new byte[BUFFER_BYTES];
        int end = 0;
        boolean eof = false;
        while (end < 3 && !eof) {
            int n = in.read(buf, end, buf.length - end);
            eof = n < 0;
            end += Math.max(n, 0);
        }
        boolean bom = fileStart && end >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF;
        int start = bom && (options.charset() == null || options.charset().equals(StandardCharsets.UTF_8)) ? 3 : 0;
        int searched = start;
        while (true) {
            int newline = indexOfNewline(buf, searched, end);
            if (newline >= 0) {
                line(buf, start, newline);
                start = newline + 1;
                searched = start;
                continue;
            }
            if (eof) {
                if (start < end) {
                    line(buf, start, end);
                }
                break;
            }
            if (end - start > MAX_LINE_BYTES) {
                throw lineTooLong(line + 1);
            }
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            } else if (end == buf.length) {
                buf = Arrays.copyOf(buf, 2 * buf.length);
            }
            searched = end;
            int n = in.read(buf, end, buf.length - end);
            eof = n < 0;
            end += Math.max(n, 0);
        }
    }

    ByteIdTable users() {
        return users;
    }

    ByteIdTable items() {
        return items;
    }

    /** The charset to decode the ids with: the given one, else UTF-8 unless an id was not valid UTF-8. */
    Charset charset() {
        if (options.charset() != null) {
            return options.charset();
        }
        return utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
    }

    /** The separator in use: given, or detected from the first rating line; null before that line. */
    Separator separator() {
        return separator;
    }

    boolean headerFound() {
        return headerFound;
    }

    /** Physical lines read so far. */
    long lines() {
        return line;
    }

    /** Good ratings handed to the sink so far. */
    long ratings() {
        return ratings;
    }

    /** Asked by a sink while it runs: whether the line it was handed has a fourth column, a timestamp. */
    boolean hasTimestamp() {
        return lineColumns == 4;
    }

    /**
     * Asked by a sink while it runs: the timestamp of the line it was handed, which the scanner has
     * checked is a number, as a whole number such as seconds since the epoch.
     *
     * @throws NumberFormatException when it has a fraction or does not fit a long, naming the text
     */
    long timestamp() {
        if (lineBytes == null || lineColumns != 4) {
            throw new IllegalStateException("no line with a timestamp is being handed over");
        }
        return parseWholeNumber(lineBytes, starts[3], ends[3]);
    }

    /**
     * The value of a decimal number (see {@link #isNumber}) that is whole and fits a long, such
     * as {@code 881250949}, {@code -5}, {@code 8.8e8} or {@code 12.0}.
     */
    static long parseWholeNumber(byte[] b, int from, int to) {
        // The usual plain digits, at most 18 so that they cannot overflow; anything else the slow way.
        int p = from;
        boolean negative = p < to && b[p] == '-';
        if (p < to && (negative || b[p] == '+')) {
            p++;
        }
        if (p < to && to - p <= 18) {
            long value = 0;
            int q = p;
            while (q < to && isDigit(b[q])) {
                value = 10 * value + (b[q] - '0');
                q++;
            }
            if (q == to) {
                return negative ? -value : value;
            }
        }
        String text = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        try {
            return new BigDecimal(text.startsWith("+") ? text.substring(1) : text).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new NumberFormatException("'" + quote(b, from, to) + "' is not a whole number of at most 19 digits");
        }
    }

    ReadReport report(long kept, long duplicates, long unknownUsers, long unknownItems) {
        return new ReadReport(source, line, kept, badLines, skipMessages, duplicates, unknownUsers, unknownItems,
                users.size(), items.size(), separator, headerFound, charset());
    }

    private void line(byte[] b, int from, int to) throws RatingFormatException {
        line++;
        if (to - from > MAX_LINE_BYTES) {
            throw lineTooLong(line);
        }
        if (to > from && b[to - 1] == '\r') {
            to--;
        }
        if (isBlank(b, from, to)) {
            return;
        }
        boolean mayBeHeader = false;
        if (!firstLineSeen) {
            firstLineSeen = true;
            if (options.header() == Header.PRESENT) {
                headerFound = true;
                return;
            }
            mayBeHeader = options.header() == Header.AUTO;
        }
        if (separator == null) {
            separator = detect(b, from, to);
        }
        int columns = separator == null ? 1 : split(b, from, to, separator);
        if (mayBeHeader && (columns == 3 || columns == 4) && !isNumber(b, starts[2], ends[2])
                && !isNonFiniteWord(b, starts[2], ends[2])) {
            headerFound = true;
            return;
        }
        dataLines++;
        if (columns != 3 && columns != 4) {
            bad(COLUMNS_EXPECTED + columns);
            return;
        }
        if (starts[0] == ends[0]) {
            bad("empty user id");
            return;
        }
        if (starts[1] == ends[1]) {
            bad("empty item id");
            return;
        }
        float value = parseNumber(b, starts[2], ends[2]);
        if (!Float.isFinite(value)) {
            boolean number = !Float.isNaN(value) || isNonFiniteWord(b, starts[2], ends[2]);
            bad("rating '" + quote(b, starts[2], ends[2]) + (number ? "' is not finite" : "' is not a number"));
            return;
        }
        if (columns == 4 && !isNumber(b, starts[3], ends[3])) {
            bad("timestamp '" + quote(b, starts[3], ends[3]) + "' is not a number");
            return;
        }
        int user = users.find(b, starts[0], ends[0]);
        int item = items.find(b, starts[1], ends[1]);
        if ((user < 0 && !decodable(b, starts[0], ends[0], "user"))
                || (item < 0 && !decodable(b, starts[1], ends[1], "item"))) {
            return;
        }
        if (user < 0) {
            user = users.add(b, starts[0], ends[0]);
        }
        if (item < 0) {
            item = items.add(b, starts[1], ends[1]);
        }
        ratings++;
        lineBytes = b;
        lineColumns = columns;
        sink.accept(user, item, value);
        lineBytes = null;
    }

    private RatingFormatException lineTooLong(long number) {
        return new RatingFormatException(source, number,
                "line is longer than " + MAX_LINE_BYTES + " bytes; is this a rating file?");
    }

    private void bad(String reason) throws RatingFormatException {
        if (!options.skipBad()) {
            throw new RatingFormatException(source, line, reason);
        }
        if (badLines == 0) {
            firstBadLine = line;
            firstBadReason = reason;
        }
        badLines++;
        if (skipMessages.size() < ReadReport.MAX_SKIP_MESSAGES) {
            skipMessages.add(RatingFormatException.message(source, line, reason));
        }
    }

    private void requireRatings() throws RatingFormatException {
        if (ratings > 0) {
            return;
        }
        String reason;
        if (line == 0) {
            reason = "no ratings in file (it is empty)";
        } else if (!firstLineSeen) {
            reason = "no ratings in file (it has only blank lines)";
        } else if (dataLines == 0) {
            reason = "no ratings in file (it has only a header)";
        } else {
            reason = "no ratings in file: all " + dataLines + (dataLines == 1 ? " rating line is" : " rating lines are")
                    + " bad; line " + firstBadLine + ": " + firstBadReason;
        }
        throw new RatingFormatException(source, 0, reason);
    }

    /**
     * Checks a new id against the charset. With an explicit charset an id that does not decode
     * makes the line bad; when detecting, it switches the whole file to ISO-8859-1.
     */
    private boolean decodable(byte[] b, int from, int to, String kind) throws RatingFormatException {
        if (strict == null || isAscii(b, from, to)) {
            return true;
        }
        try {
            strict.decode(ByteBuffer.wrap(b, from, to - from));
            return true;
        } catch (CharacterCodingException e) {
            if (options.charset() == null) {
                utf8 = false;
                strict = null;
                return true;
            }
            bad(kind + " id '" + quote(b, from, to) + "' is not valid " + options.charset().name());
            return false;
        }
    }

    /**
     * The first separator in {@link #DETECTION_ORDER} that splits the line into 3 or 4 columns;
     * else the first that occurs at all (the line is then bad); null when none occurs.
     */
    private Separator detect(byte[] b, int from, int to) {
        Separator present = null;
        for (Separator candidate : DETECTION_ORDER) {
            int columns = split(b, from, to, candidate);
            if (columns == 3 || columns == 4) {
                return candidate;
            }
            if (columns > 1 && present == null) {
                present = candidate;
            }
        }
        return present;
    }

    /** Counts the columns of the line, keeping the trimmed bounds of the first four in starts/ends. */
    private int split(byte[] b, int from, int to, Separator by) {
        return switch (by) {
            case TAB -> splitOn(b, from, to, (byte) '\t');
            case COMMA -> splitOn(b, from, to, (byte) ',');
            case SEMICOLON -> splitOn(b, from, to, (byte) ';');
            case DOUBLE_COLON -> splitOnDoubleColon(b, from, to);
            case WHITESPACE -> splitOnBlanks(b, from, to);
            case AUTO -> throw new IllegalArgumentException("AUTO is not a separator");
        };
    }

    private int splitOn(byte[] b, int from, int to, byte separatorByte) {
        int columns = 0;
        int start = from;
        for (int p = from; p < to; p++) {
            if (b[p] == separatorByte) {
                column(columns++, b, start, p);
                start = p + 1;
            }
        }
        column(columns++, b, start, to);
        return columns;
    }

    private int splitOnDoubleColon(byte[] b, int from, int to) {
        int columns = 0;
        int start = from;
        for (int p = from; p + 1 < to; p++) {
            if (b[p] == ':' && b[p + 1] == ':') {
                column(columns++, b, start, p);
                start = p + 2;
                p++;
            }
        }
        column(columns++, b, start, to);
        return columns;
    }

    private int splitOnBlanks(byte[] b, int from, int to) {
        int columns = 0;
        int p = from;
        while (true) {
            while (p < to && isBlank(b[p])) {
                p++;
            }
            if (p == to) {
                return columns;
            }
            int start = p;
            while (p < to && !isBlank(b[p])) {
                p++;
            }
            column(columns++, b, start, p);
        }
    }

    private void column(int index, byte[] b, int from, int to) {
        if (index >= MAX_COLUMNS) {
            return;
        }
        while (from < to && isBlank(b[from])) {
            from++;
        }
        while (to > from && isBlank(b[to - 1])) {
            to--;
        }
        starts[index] = from;
        ends[index] = to;
    }

    /**
     * The value of a decimal number (see {@link #isNumber}), rounded to the nearest float exactly
     * as {@link Float#parseFloat} does; NaN when the text is not one.
     */
    static float parseNumber(byte[] b, int from, int to) {
        // Clinger's fast path for the usual "4", "3.5": a mantissa of at most 9 digits and below
        // 2^24, and 10^k for k <= 9, are exact floats, so one float division rounds correctly.
        // Anything else (an exponent, more digits, a non-number) goes the slow way.
        int p = from;
        boolean negative = p < to && b[p] == '-';
        if (p < to && (negative || b[p] == '+')) {
            p++;
        }
        int mantissa = 0;
        int digits = 0;
        int fractionDigits = 0;
        boolean point = false;
        for (; p < to; p++) {
            byte c = b[p];
            if (isDigit(c) && digits < 9) {
                mantissa = 10 * mantissa + (c - '0');
                digits++;
                fractionDigits += point ? 1 : 0;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                return parseSlowly(b, from, to);
            }
        }
        if (digits == 0 || mantissa > 1 << 24) {
            return parseSlowly(b, from, to);
        }
        float value = mantissa / POWERS_OF_TEN[fractionDigits];
        return negative ? -value : value;
    }

    private static float parseSlowly(byte[] b, int from, int to) {
        if (!isNumber(b, from, to)) {
            return Float.NaN;
        }
        return Float.parseFloat(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
    }

    /**
     * Whether the text is a decimal number: an optional sign, digits with an optional point (a digit
     * on at least one side), and an optional exponent {@code e}/{@code E} with optional sign and digits.
     */
    static boolean isNumber(byte[] b, int from, int to) {
        int p = from;
        if (p < to && (b[p] == '+' || b[p] == '-')) {
            p++;
        }
        int digits = 0;
        while (p < to && isDigit(b[p])) {
            p++;
            digits++;
        }
        if (p < to && b[p] == '.') {
            p++;
            while (p < to && isDigit(b[p])) {
                p++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (p < to && (b[p] == 'e' || b[p] == 'E')) {
            p++;
            if (p < to && (b[p] == '+' || b[p] == '-')) {
                p++;
            }
            int exponentDigits = 0;
            while (p < to && isDigit(b[p])) {
                p++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return p == to;
    }

    /** Whether the text names a non-finite number: NaN, Infinity or Inf, any case, optionally signed. */
    private static boolean isNonFiniteWord(byte[] b, int from, int to) {
        if (to - from > 10) {
            return false;
        }
        String word = new String(b, from, to - from, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (word.startsWith("+") || word.startsWith("-")) {
            word = word.substring(1);
        }
        return word.equals("nan") || word.equals("infinity") || word.equals("inf");
    }

    /** The text for a message, shortened when long. */
    private static String quote(byte[] b, int from, int to) {
        String text = new String(b, from, to - from, StandardCharsets.UTF_8);
        return text.length() <= MAX_QUOTED_CHARS ? text : text.substring(0, MAX_QUOTED_CHARS) + "…";
    }

    private static int indexOfNewline(byte[] b, int from, int to) {
        for (int p = from; p < to; p++) {
            if (b[p] == '\n') {
                return p;
            }
        }
        return -1;
    }

    private static boolean isBlank(byte[] b, int from, int to) {
        for (int p = from; p < to; p++) {
            if (!isBlank(b[p])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(byte[] b, int from, int to) {
        for (int p = from; p < to; p++) {
            if (b[p] < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(byte c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
