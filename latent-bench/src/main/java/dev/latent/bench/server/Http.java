package dev.latent.bench.server;

import dev.latent.io.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What the scenarios share about talking to the server: the client, ids, paths and the token. */
final class Http {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private Http() {
    }

    /**
     * An HTTP/1.1 client (the server speaks nothing else; asking for HTTP/2 would add an upgrade
     * header to every request) that keeps connections alive.
     */
    static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** {@code base} with {@code pathAndQuery} (starting with '/', already percent-encoded) appended. */
    static URI at(URI base, String pathAndQuery) {
        return URI.create(base.toString() + pathAndQuery);
    }

    /** {@code id} percent-encoded as one path segment (a space as %20, a slash as %2F). */
    static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * The JSON array of strings at {@code GET base+path}, such as {@code /user/allIDs}.
     *
     * @throws IOException when the server cannot be reached or does not answer 200 with such an array
     */
    static List<String> ids(HttpClient client, URI base, String path) throws IOException, InterruptedException {
        URI uri = at(base, path);
        HttpResponse<String> response;
        try {
            response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("cannot GET " + uri + ": " + describe(e), e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + response.statusCode() + ": " + oneLine(response.body()));
        }
        return strings(response.body(), uri);
    }

    /** A JSON array of strings, as a list; an IOException naming {@code from} for anything else. */
    static List<String> strings(String json, URI from) throws IOException {
        Object value;
        try {
            value = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IOException(from + " did not answer JSON: " + e.getMessage(), e);
        }
        if (!(value instanceof List<?> list)) {
            throw new IOException(from + " did not answer a JSON array");
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object element : list) {
            if (!(element instanceof String s)) {
                throw new IOException(from + " answered an array holding a non-string: " + element);
            }
            out.add(s);
        }
        return out;
    }

    /** The bearer token in {@code file}, trimmed; null when {@code file} is null. */
    static String token(Path file) {
        if (file == null) {
            return null;
        }
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException | UncheckedIOException e) {
            throw new Options.BadOptionException("--token-file " + file + " cannot be read: " + describe(e));
        }
        if (token.isEmpty()) {
            throw new Options.BadOptionException("--token-file " + file + " is empty");
        }
        return token;
    }

    /** {@code builder} with {@code Authorization: Bearer <token>} when a token is set. */
    static HttpRequest.Builder authorized(HttpRequest.Builder builder, String token) {
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    /** An exception as a short phrase: its class and message, without a stack trace. */
    static String describe(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                return cause.getClass().getSimpleName() + ": " + oneLine(cause.getMessage());
            }
        }
        return e.getClass().getSimpleName();
    }

    /** {@code text} on one line, at most 200 characters. */
    static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }
}
