package dev.latent.data;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How {@link RatingReader} reads a delimited rating file; {@link #defaults()} detects everything.
 *
 * @param separator what splits the columns; {@link Separator#AUTO} detects it from the first line
 * @param header    whether the first non-blank line names the columns; {@link Header#AUTO} detects it
 * @param charset   how ids are decoded; null detects UTF-8, falling back to ISO-8859-1. An explicit
 *                  charset must encode ASCII as single bytes (UTF-8, ISO-8859-1, windows-1252, ...)
 *                  because columns are split on ASCII separators before decoding.
 * @param skipBad   count and skip bad lines instead of failing on the first one
 */
public record ReadOptions(Separator separator, Header header, Charset charset, boolean skipBad) {

    public ReadOptions {
        Objects.requireNonNull(separator, "separator");
        Objects.requireNonNull(header, "header");
        if (charset != null && !encodesAsciiAsBytes(charset)) {
            throw new IllegalArgumentException("charset " + charset.name() + " is not supported: the reader splits"
                    + " columns on ASCII bytes, so the charset must encode ASCII as single bytes (e.g. UTF-8, ISO-8859-1)");
        }
    }

    /** Detect the separator, the header and the charset; fail on the first bad line. */
    public static ReadOptions defaults() {
        return new ReadOptions(Separator.AUTO, Header.AUTO, null, false);
    }

    public ReadOptions withSeparator(Separator value) {
        return new ReadOptions(value, header, charset, skipBad);
    }

    public ReadOptions withHeader(Header value) {
        return new ReadOptions(separator, value, charset, skipBad);
    }

    /** An explicit charset, or null to detect it. */
    public ReadOptions withCharset(Charset value) {
        return new ReadOptions(separator, header, value, skipBad);
    }

    public ReadOptions withSkipBad(boolean value) {
        return new ReadOptions(separator, header, charset, value);
    }

    private static boolean encodesAsciiAsBytes(Charset charset) {
        if (!charset.canEncode()) {
            return false;
        }
        String probe = "\t\r\n :;,.+-0123456789eE";
        return Arrays.equals(probe.getBytes(charset), probe.getBytes(StandardCharsets.US_ASCII));
    }

    /** What splits the columns of a line. */
    public enum Separator {
        /** Detect from the first line: {@code ::}, else tab, else comma, else semicolon, else spaces. */
        AUTO("auto"),
        TAB("tab"),
        COMMA("comma"),
        SEMICOLON("semicolon"),
        /** The two characters {@code ::}, as in MovieLens 1M and 10M. */
        DOUBLE_COLON("::"),
        /** Runs of spaces and tabs; leading and trailing ones are ignored. */
        WHITESPACE("whitespace");

        private final String displayName;

        Separator(String displayName) {
            this.displayName = displayName;
        }

        /** The name {@link #parse} accepts and reports show: "tab", "::", ... */
        public String displayName() {
            return displayName;
        }

        /** The separator named {@code text}, ignoring case: auto, tab, comma, semicolon, :: or whitespace. */
        public static Separator parse(String text) {
            Objects.requireNonNull(text, "text");
            for (Separator separator : values()) {
                if (separator.displayName.equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return separator;
                }
            }
            throw new IllegalArgumentException("unknown separator '" + text + "'; expected one of "
                    + Arrays.stream(values()).map(Separator::displayName).collect(Collectors.joining(", ")));
        }
    }

    /** Whether the first non-blank line is a header naming the columns. */
    public enum Header {
        /** A header when its rating column is not a number, as in {@code userId,movieId,rating,timestamp}. */
        AUTO,
        /** The first non-blank line is skipped unread. */
        PRESENT,
        /** Every line is a rating. */
        ABSENT
    }
}
