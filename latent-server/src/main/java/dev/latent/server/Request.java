package dev.latent.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * One request as the endpoints read it: the path segments after the endpoint's own path,
 * percent-decoded as UTF-8 ({@code +} stays a plus), the query parameters ({@code +} is a space),
 * and the model being served when the request arrived.
 *
 * <p>Every accessor that checks its input throws {@link HttpError} with status 400 naming the
 * parameter and the value.
 */
final class Request {
    private final List<String> rawSegments;
    private final Map<String, String> query;
    private final ServerState state;
    /** The model this request uses, once read. */
    private ServingModel model;
    private final int maxResults;
    private final Body body;

    private Request(List<String> rawSegments, Map<String, String> query, ServerState state, int maxResults, Body body) {
        this.rawSegments = rawSegments;
        this.query = query;
        this.state = state;
        this.maxResults = maxResults;
        this.body = body;
    }

    /**
     * Where a request's body comes from, read at most once by {@link #body()}.
     *
     * @param declaredLength the Content-Length, or -1 when not given (chunked)
     * @param encoding       the Content-Encoding, or null
     * @param limit          the most bytes the body may have, before and after gunzipping
     */
    record Body(InputStream in, long declaredLength, String encoding, long limit) {
        static final Body NONE = new Body(InputStream.nullInputStream(), 0, null, 0);
    }

    /**
     * Splits {@code rawPath} below {@code endpointPath}; empty when the path is the endpoint's own
     * or has one trailing slash.
     *
     * @throws HttpError 404 when the path is not below {@code endpointPath} (as {@code /recommendX} is
     *                   not below {@code /recommend}), 400 when a segment is empty or badly encoded
     */
    static Request of(String endpointPath, String rawPath, String rawQuery, ServerState state, int maxResults) {
        return of(endpointPath, rawPath, rawQuery, state, maxResults, Body.NONE);
    }

    /** As {@link #of(String, String, String, ServerState, int)}, with a body to read. */
    static Request of(String endpointPath, String rawPath, String rawQuery, ServerState state, int maxResults,
                      Body body) {
        String rest = rawPath.substring(Math.min(endpointPath.length(), rawPath.length()));
        if (!rawPath.startsWith(endpointPath) || !rest.isEmpty() && rest.charAt(0) != '/') {
            throw HttpError.notFound("no such endpoint: " + rawPath);
        }
        List<String> segments = new ArrayList<>();
        if (rest.length() > 1) {
            String[] parts = rest.substring(1).split("/", -1);
            int count = parts[parts.length - 1].isEmpty() ? parts.length - 1 : parts.length;
            for (int k = 0; k < count; k++) {
                if (parts[k].isEmpty()) {
                    throw HttpError.badRequest("empty path segment in " + rawPath);
                }
                decode(parts[k], false);
                segments.add(parts[k]);
            }
        }
        return new Request(List.copyOf(segments), parseQuery(rawQuery), state, maxResults, body);
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), true);
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1), true);
            if (query.putIfAbsent(name, value) != null) {
                throw HttpError.badRequest("query parameter " + name + " is given more than once");
            }
        }
        return query;
    }

    /** Percent-decodes {@code raw} as UTF-8; with {@code plusIsSpace} (query strings) a '+' is a space. */
    static String decode(String raw, boolean plusIsSpace) {
        if (raw.indexOf('%') < 0 && !(plusIsSpace && raw.indexOf('+') >= 0)) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        int k = 0;
        while (k < raw.length()) {
            char c = raw.charAt(k);
            if (c != '%') {
                out.append(c == '+' && plusIsSpace ? ' ' : c);
                k++;
                continue;
            }
            // A run of %XX escapes is one UTF-8 byte sequence.
            run.reset();
            while (k < raw.length() && raw.charAt(k) == '%') {
                int hi = k + 2 < raw.length() ? Character.digit(raw.charAt(k + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(raw.charAt(k + 2), 16) : -1;
                if (lo < 0) {
                    throw HttpError.badRequest("bad percent-encoding in '" + raw + "'");
                }
                run.write(hi << 4 | lo);
                k += 3;
            }
            try {
                out.append(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(run.toByteArray())));
            } catch (CharacterCodingException e) {
                throw HttpError.badRequest("'" + raw + "' is not percent-encoded UTF-8");
            }
        }
        return out.toString();
    }

    /** The path segments below the endpoint's path, decoded. */
    List<String> segments() {
        List<String> decoded = new ArrayList<>(rawSegments.size());
        for (String raw : rawSegments) {
            decoded.add(decode(raw, false));
        }
        return decoded;
    }

    /** The path segments still percent-encoded, for endpoints that split a segment on a literal character. */
    List<String> rawSegments() {
        return rawSegments;
    }

    /**
     * The model being served, read once per request, so that every use within the request sees
     * the same model even when another is swapped in meanwhile; 503 when none is loaded yet.
     */
    ServingModel model() {
        ServingModel model = modelOrNull();
        if (model == null) {
            throw new HttpError(503, "no model is loaded yet");
        }
        return model;
    }

    /** The model being served (read once per request, as {@link #model}), or null when none is loaded yet. */
    ServingModel modelOrNull() {
        if (model == null) {
            model = state.served().get();
        }
        return model;
    }

    /**
     * The user {@code id} as this request sees them: of the served model, of the preferences
     * written since, or both; 404 naming them when neither knows them, 503 when no model is loaded.
     */
    ServedUser user(String id) {
        return ServedUser.of(model(), state.preferences(), id);
    }

    /** The server's shared state, for endpoints that write. */
    ServerState state() {
        return state;
    }

    /**
     * The body, read now, gunzipped when its Content-Encoding is gzip or it starts with the gzip
     * magic bytes (no text body can).
     *
     * @throws HttpError 413 when it is longer than the limit, before or after gunzipping; 400 when
     *                   it is not valid gzip; 415 for another Content-Encoding
     */
    byte[] body() {
        long limit = body.limit();
        if (body.declaredLength() > limit) {
            throw new HttpError(413, "the body of " + body.declaredLength() + " bytes is larger than the limit of "
                    + limit + " bytes");
        }
        String encoding = body.encoding() == null ? "identity" : body.encoding().strip().toLowerCase(Locale.ROOT);
        if (!encoding.equals("identity") && !encoding.equals("gzip")) {
            throw new HttpError(415, "Content-Encoding " + body.encoding() + " is not supported; send gzip or no encoding");
        }
        byte[] raw;
        try {
            raw = readAtMost(body.in(), limit, "the body is larger than the limit of " + limit + " bytes");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
        boolean gzipped = encoding.equals("gzip") || raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b;
        if (!gzipped) {
            return raw;
        }
        try (InputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            return readAtMost(unzipped, limit, "the body unzips to more than the limit of " + limit + " bytes");
        } catch (IOException e) {
            throw HttpError.badRequest("the body is not valid gzip (" + e.getMessage() + ")");
        }
    }

    /** Everything {@code in} has, if that is at most {@code limit} bytes; else 413 with {@code tooLarge}. */
    private static byte[] readAtMost(InputStream in, long limit, String tooLarge) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
        if (bytes.length > limit) {
            throw new HttpError(413, tooLarge);
        }
        return bytes;
    }


    /**
     * {@code howMany} (default 10, or the cap if lower; at least 1) and {@code offset} (default 0),
     * their sum within the cap.
     */
    Paging paging() {
        int howMany = nonNegativeInt("howMany", Math.min(10, maxResults));
        int offset = nonNegativeInt("offset", 0);
        if (howMany == 0) {
            throw HttpError.badRequest("howMany must be positive but was 0");
        }
        if ((long) howMany + offset > maxResults) {
            throw HttpError.badRequest("howMany + offset must be at most " + maxResults + " but was "
                    + ((long) howMany + offset));
        }
        return new Paging(howMany, offset);
    }

    /** A boolean query parameter, {@code true} or {@code false}. */
    boolean flag(String name, boolean fallback) {
        String text = query.get(name);
        if (text == null) {
            return fallback;
        }
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw HttpError.badRequest(name + " must be true or false but was '" + text + "'");
        };
    }

    /** A non-negative integer query parameter; 400 naming it when it is anything else. */
    int nonNegativeInt(String name, int fallback) {
        String text = query.get(name);
        if (text == null) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException notAnInt) {
            throw HttpError.badRequest(name + " must be a non-negative integer but was '" + text + "'");
        }
        if (value < 0) {
            throw HttpError.badRequest(name + " must be a non-negative integer but was " + value);
        }
        return value;
    }

    /**
     * Which slice of a ranked list to return: ranks {@code offset .. offset + howMany - 1}.
     *
     * @param howMany how many to return, at least 1
     * @param offset  how many of the best to skip
     */
    record Paging(int howMany, int offset) {
        /** How many of the best must be ranked to return this slice. */
        int end() {
            return howMany + offset;
        }

        /** The slice of {@code ranked} (the best {@link #end()} or fewer) this paging asks for. */
        <T> List<T> of(List<T> ranked) {
            return ranked.subList(Math.min(offset, ranked.size()), Math.min(end(), ranked.size()));
        }
    }
}
