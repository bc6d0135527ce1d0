package dev.latent.data;

import java.io.IOException;

/**
 * A rating file that cannot be read as ratings: a bad line (unless the reader skips bad lines) or
 * a problem with the file as a whole, such as having no ratings at all. The message is
 * {@code "<source>:<line>: <reason>"}, or {@code "<source>: <reason>"} for the whole file.
 */
public final class RatingFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long line;
    private final String reason;

    /** A problem at {@code line} (1-based), or with the whole file when {@code line} is 0. */
    public RatingFormatException(String source, long line, String reason) {
        this(source, line, reason, null);
    }

    public RatingFormatException(String source, long line, String reason, Throwable cause) {
        super(message(source, line, reason), cause);
        if (line < 0) {
            throw new IllegalArgumentException("line must be non-negative but was " + line);
        }
        this.source = source;
        this.line = line;
        this.reason = reason;
    }

    static String message(String source, long line, String reason) {
        return line == 0 ? source + ": " + reason : source + ":" + line + ": " + reason;
    }

    /** The file or stream name the reader was given. */
    public String source() {
        return source;
    }

    /** The 1-based line number, or 0 when the problem concerns the whole file. */
    public long line() {
        return line;
    }

    /** What is wrong, without the source and line. */
    public String reason() {
        return reason;
    }
}
