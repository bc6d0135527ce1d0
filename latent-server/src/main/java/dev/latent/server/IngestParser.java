package dev.latent.server;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the body of {@code POST /ingest}: UTF-8 lines {@code user,item[,value[,timestamp]]}, as
 * Oryx takes them. The value defaults to 1; an empty value ({@code user,item,} or
 * {@code user,item,,timestamp}) deletes the preference. Fields are trimmed of spaces; blank lines
 * are skipped; lines end in LF or CRLF. There is no quoting, so ids cannot hold commas.
 *
 * <p>The whole body is read before anything is applied, and the first bad line refuses it all:
 * {@link HttpError} 400 naming the line number and what was wrong with it.
 */
final class IngestParser {
    /** A plain decimal number, so that "NaN", "Infinity" and Java's "1f" are refused. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,19}");

    private IngestParser() {
    }

    static List<Change> parse(byte[] body) {
        String text = utf8(body);
        List<Change> changes = new ArrayList<>();
        int lineNumber = 0;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            lineNumber++;
            String line = text.substring(start, end > start && text.charAt(end - 1) == '\r' ? end - 1 : end);
            start = end + 1;
            if (!line.isBlank()) {
                changes.add(line(line, lineNumber));
            }
        }
        if (changes.isEmpty()) {
            throw HttpError.badRequest("the body has no lines; expected user,item[,value[,timestamp]] per line");
        }
        return changes;
    }

    /** One line; {@code lineNumber} counts from 1 for messages. */
    static Change line(String line, int lineNumber) {
        String[] fields = line.split(",", -1);
        if (fields.length < 2 || fields.length > 4) {
            throw lineError(lineNumber, "expected user,item[,value[,timestamp]] but found " + fields.length
                    + (fields.length == 1 ? " field" : " fields") + " in '" + line + "'");
        }
        String user = fields[0].strip();
        String item = fields[1].strip();
        if (user.isEmpty() || item.isEmpty()) {
            throw lineError(lineNumber, "the " + (user.isEmpty() ? "user" : "item") + " id is empty in '" + line + "'");
        }
        long timestamp = fields.length == 4 ? timestamp(fields[3].strip(), lineNumber) : Change.NO_TIMESTAMP;
        if (fields.length >= 3 && fields[2].isBlank()) {
            return Change.remove(user, item, timestamp);
        }
        float value = fields.length >= 3 ? value(fields[2].strip(), lineNumber) : 1f;
        return Change.set(user, item, value, timestamp);
    }

    /** A value text, as the body of {@code POST /pref} or the third field of an ingest line. */
    static float value(String text, int lineNumber) {
        float value = NUMBER.matcher(text).matches() ? Float.parseFloat(text) : Float.NaN;
        if (!Float.isFinite(value)) {
            String what = "the value must be a finite number but was '" + text + "'";
            throw lineNumber > 0 ? lineError(lineNumber, what) : HttpError.badRequest(what);
        }
        return value;
    }

    private static long timestamp(String text, int lineNumber) {
        if (text.isEmpty()) {
            return Change.NO_TIMESTAMP;
        }
        try {
            if (INTEGER.matcher(text).matches()) {
                long timestamp = Long.parseLong(text);
                if (timestamp != Change.NO_TIMESTAMP) {
                    return timestamp;
                }
            }
        } catch (NumberFormatException tooLarge) {
            // Falls through to the message below.
        }
        throw lineError(lineNumber, "the timestamp must be an integer (seconds since 1970) but was '" + text + "'");
    }

    private static HttpError lineError(int lineNumber, String what) {
        return HttpError.badRequest("line " + lineNumber + ": " + what + "; nothing of this request was applied");
    }

    /** {@code body} decoded; 400 naming the line of the first byte that is not UTF-8. */
    private static String utf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int line = 1;
            for (int k = 0; k < in.position(); k++) {
                line += body[k] == '\n' ? 1 : 0;
            }
            throw HttpError.badRequest("line " + line + ": not UTF-8 text; nothing of this request was applied");
        }
        decoder.flush(out);
        return out.flip().toString();
    }
}
