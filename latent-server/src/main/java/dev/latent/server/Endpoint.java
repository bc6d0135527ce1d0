package dev.latent.server;

import dev.latent.data.IdIndex;
import dev.latent.data.ItemMetadata;
import dev.latent.io.Json;
import dev.latent.recommend.ScoredItem;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What every endpoint shares: GET only unless it says otherwise in {@link #methods} (405 for any
 * other method, with an {@code Allow} header), the request parsed into a {@link Request}, the answer
 * written as JSON (or as {@link Text}), and every failure turned into
 * {@code {"error": "…"}}: {@link HttpError} with its status, anything else a logged 500 whose body
 * says only "internal server error", never a stack trace.
 */
abstract class Endpoint implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Endpoint.class);
    private static final String JSON = "application/json; charset=utf-8";

    private final String path;
    private final ServerState state;
    private final int maxResults;

    Endpoint(String path, ServerState state, int maxResults) {
        this.path = path;
        this.state = state;
        this.maxResults = maxResults;
    }

    /** The path this endpoint serves and everything below it, such as {@code /recommend}. */
    final String path() {
        return path;
    }

    /** The JSON value to answer a well-formed GET with; throws {@link HttpError} to refuse it. */
    abstract Object get(Request request);

    /** The JSON value to answer a well-formed POST with, for endpoints whose {@link #methods} include POST. */
    Object post(Request request) {
        throw new IllegalStateException(path + " does not answer POST");
    }

    /** The JSON value to answer a well-formed DELETE with, for endpoints whose {@link #methods} include DELETE. */
    Object delete(Request request) {
        throw new IllegalStateException(path + " does not answer DELETE");
    }

    /** The methods this endpoint answers, GET alone unless overridden; a 405 names them all. */
    List<String> methods() {
        return List.of("GET");
    }

    /**
     * Whether {@code method} on this endpoint changes the server's state (a write or an
     * {@code /admin} action), so that it needs the bearer token when one is configured and is
     * refused by a read-only server ({@link AccessFilter}). False unless overridden.
     */
    boolean changesState(String method) {
        return false;
    }

    /** The name of this endpoint family in metrics: its path without the leading slash. */
    String family() {
        return path.substring(1);
    }

    /** False for the catch-all that answers 404 to every path no endpoint serves. */
    boolean servesPath() {
        return true;
    }

    /** The status of a successful answer; /ready overrides it. */
    int status(Object answer) {
        return 200;
    }

    @Override
    public final void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int status;
            Object body;
            try {
                // An unknown path is 404 whatever the method; a known one answers only its methods.
                Request request = Request.of(path, exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(), state, maxResults, body(exchange));
                String method = exchange.getRequestMethod();
                if (!methods().contains(method) && servesPath()) {
                    exchange.getResponseHeaders().set("Allow", String.join(", ", methods()));
                    throw new HttpError(405, method + " is not allowed on " + path + "; use " + String.join(" or ", methods()));
                }
                body = switch (method) {
                    case "POST" -> post(request);
                    case "DELETE" -> delete(request);
                    default -> get(request);
                };
                status = status(body);
            } catch (HttpError e) {
                status = e.status();
                body = error(e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                status = 500;
                body = error("internal server error");
            }
            respond(exchange, status, body);
        }
    }

    /** The exchange's body as {@link Request#body()} reads it. */
    private Request.Body body(HttpExchange exchange) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("Content-Length must be a number but was '" + length + "'");
        }
        return new Request.Body(exchange.getRequestBody(), declared,
                exchange.getRequestHeaders().getFirst("Content-Encoding"), state.maxBodyBytes());
    }

    /** Sends {@code body} with {@code status}: a {@link Text} as it is, anything else as JSON. */
    static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes;
        if (body instanceof Text text) {
            bytes = text.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", text.contentType());
        } else {
            bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", JSON);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** An answer that is not JSON, such as the Prometheus text of {@code /metrics}. */
    record Text(String contentType, String body) {
    }

    static Map<String, Object> error(String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", message);
        return error;
    }

    /** {@code [{"id": …, "value": …}, …]}. */
    static List<Map<String, Object>> idValues(List<ScoredItem> items) {
        return idValues(items, ItemMetadata.empty());
    }

    /** As {@link #idValues(List)}, each item with its {@code "title"} where {@code metadata} knows it. */
    static List<Map<String, Object>> idValues(List<ScoredItem> items, ItemMetadata metadata) {
        List<Map<String, Object>> list = new ArrayList<>(items.size());
        for (ScoredItem item : items) {
            Map<String, Object> entry = new LinkedHashMap<>(4);
            entry.put("id", item.id());
            entry.put("value", number(item.score()));
            String title = metadata.title(item.id());
            if (title != null) {
                entry.put("title", title);
            }
            list.add(entry);
        }
        return list;
    }

    /** A float as the shortest decimal that reads back as it, so 4.2f is written 4.2, not 4.199999809. */
    static Double number(float value) {
        return Float.isFinite(value) ? Double.valueOf(Float.toString(value)) : null;
    }

    /** The index of every id in {@code ids}; 404 naming all the unknown ones. */
    static int[] indicesOf(IdIndex index, List<String> ids) {
        int[] indices = new int[ids.size()];
        List<String> unknown = new ArrayList<>();
        for (int k = 0; k < indices.length; k++) {
            indices[k] = index.tryIndexOf(ids.get(k));
            if (indices[k] < 0) {
                unknown.add(ids.get(k));
            }
        }
        if (!unknown.isEmpty()) {
            throw unknown(index, unknown);
        }
        return indices;
    }

    /** The index of {@code id}; 404 naming it when unknown. */
    static int indexOf(IdIndex index, String id) {
        int found = index.tryIndexOf(id);
        if (found < 0) {
            throw unknown(index, List.of(id));
        }
        return found;
    }

    private static HttpError unknown(IdIndex index, List<String> ids) {
        StringJoiner names = new StringJoiner("', '", "'", "'");
        ids.forEach(names::add);
        return HttpError.notFound("unknown " + index.kind() + (ids.size() == 1 ? " " : "s ") + names);
    }

    /** 404 unless the request has exactly {@code count} path segments, naming the endpoint's form. */
    static void requireSegments(Request request, int count, String form) {
        if (request.rawSegments().size() != count) {
            throw HttpError.notFound("no such endpoint; expected GET " + form);
        }
    }

    /** 404 unless the request has at least {@code count} path segments, naming the endpoint's form. */
    static void requireAtLeast(Request request, int count, String form) {
        if (request.rawSegments().size() < count) {
            throw HttpError.notFound("no such endpoint; expected GET " + form);
        }
    }
}
