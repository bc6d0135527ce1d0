package dev.latent.synth;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Hand-formats {@code user\titem\trating\n} lines as ASCII into a large byte buffer and hands
 * full buffers to an output stream; ratings are given in thousandths, so that the decimal text is
 * exact. Digits come two at a time from int division by 100 (a multiply and a shift once
 * compiled) and a table; the user's part of the line is formatted once per user. Not thread-safe; does not close the stream.
 */
final class TsvRatingWriter {
    /** Two 10-digit ids, a rating (sign, up to 19 digits, point, 3 decimals), two tabs and a newline. */
    private static final int MAX_LINE = 10 + 1 + 10 + 1 + (1 + 19 + 1 + 3) + 1;

    /** Tens and ones digit of 0..99, so that each division by 100 yields two digits. */
    private static final byte[] TENS = new byte[100];
    private static final byte[] ONES = new byte[100];

    static {
        for (int k = 0; k < 100; k++) {
            TENS[k] = (byte) ('0' + k / 10);
            ONES[k] = (byte) ('0' + k % 10);
        }
    }

    private final OutputStream out;
    private final byte[] buffer;
    private int size;
    private final byte[] userPrefix = new byte[11];
    private int userPrefixLength;

    TsvRatingWriter(OutputStream out, int bufferSize) {
        this.out = out;
        this.buffer = new byte[Math.max(bufferSize, 2 * MAX_LINE)];
    }

    /** Sets the user id of the lines that follow. */
    void user(int userId) {
        int p = appendInt(userPrefix, 0, userId);
        userPrefix[p] = '\t';
        userPrefixLength = p + 1;
    }

    /** Appends one line for the current user; the rating is {@code millis / 1000} with three decimals. */
    void line(int itemId, long millis) throws IOException {
        if (size > buffer.length - MAX_LINE) {
            drain();
        }
        byte[] buf = buffer;
        int p = size;
        for (int k = 0; k < userPrefixLength; k++) {
            buf[p++] = userPrefix[k];
        }
        p = appendInt(buf, p, itemId);
        buf[p++] = '\t';
        p = appendMillis(buf, p, millis);
        buf[p++] = '\n';
        size = p;
    }

    /** Writes out what is buffered and flushes the stream. */
    void flush() throws IOException {
        drain();
        out.flush();
    }

    private void drain() throws IOException {
        out.write(buffer, 0, size);
        size = 0;
    }

    /** Writes the decimal digits of a non-negative {@code value} at {@code p}; returns the end. */
    static int appendInt(byte[] buf, int p, int value) {
        int end = p + digits(value);
        int rest = value;
        int q = end;
        while (rest >= 100) {
            int next = rest / 100;
            int pair = rest - 100 * next;
            buf[--q] = ONES[pair];
            buf[--q] = TENS[pair];
            rest = next;
        }
        if (rest >= 10) {
            buf[--q] = ONES[rest];
            buf[--q] = TENS[rest];
        } else {
            buf[--q] = (byte) ('0' + rest);
        }
        return end;
    }

    private static int digits(int value) {
        int digits = 1;
        for (int bound = 10; digits < 10 && value >= bound; bound *= 10) {
            digits++;
        }
        return digits;
    }

    /** Writes {@code millis / 1000} as {@code [-]W.FFF} at {@code p}; returns the end. */
    static int appendMillis(byte[] buf, int p, long millis) {
        if (millis < 0) {
            buf[p++] = '-';
        }
        // |millis| ≤ 2^63: the whole part fits a long, negated; split it so the int path does the work.
        long whole = Math.abs(millis / 1000);
        int fraction = (int) Math.abs(millis % 1000);
        if (whole > Integer.MAX_VALUE) {
            p = appendInt(buf, p, (int) (whole / 1_000_000_000));
            p = appendPadded9(buf, p, (int) (whole % 1_000_000_000));
        } else {
            p = appendInt(buf, p, (int) whole);
        }
        int hundreds = fraction / 100;
        int pair = fraction - 100 * hundreds;
        buf[p] = '.';
        buf[p + 1] = (byte) ('0' + hundreds);
        buf[p + 2] = TENS[pair];
        buf[p + 3] = ONES[pair];
        return p + 4;
    }

    private static int appendPadded9(byte[] buf, int p, int value) {
        int rest = value;
        for (int q = p + 8; q >= p; q--) {
            buf[q] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        return p + 9;
    }
}
