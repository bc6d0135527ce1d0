package dev.latent.server;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /ingest}: many preferences at once, the body being lines
 * {@code user,item[,value[,timestamp]]} ({@link IngestParser}: value 1 when absent, an empty value
 * deletes), optionally gzipped ({@code Content-Encoding: gzip}). The body is one unit: it is read
 * and checked whole, then logged as one record, so after a crash either all of it or none of it is
 * replayed. Needs the bearer token when one is configured; a read-only server refuses it (403).
 *
 * <p>200 {@code {"accepted": <changes>}}, sent only after the changes are in the write-ahead log and
 * forced to disk, and applied.
 *
 * <p>Errors: 400 naming the first bad line (and nothing of the body is applied) or for a body that
 * is not valid gzip; 409 when the server keeps no write-ahead log; 413 for a body over the limit,
 * before or after gunzipping; 415 for an encoding other than gzip; 503 when no model is loaded or
 * the log cannot be written.
 */
final class IngestEndpoint extends Endpoint {
    static final String PATH = "/ingest";

    IngestEndpoint(ServerState state, int maxResults) {
        super(PATH, state, maxResults);
    }

    @Override
    List<String> methods() {
        return List.of("POST");
    }

    @Override
    boolean changesState(String method) {
        return methods().contains(method);
    }

    @Override
    Object get(Request request) {
        throw new IllegalStateException("/ingest answers POST only");
    }

    @Override
    Object post(Request request) {
        if (!request.rawSegments().isEmpty()) {
            throw HttpError.notFound("no such endpoint; expected POST " + PATH);
        }
        request.model();
        List<Change> changes = IngestParser.parse(request.body());
        request.state().write(changes);
        return Map.of("accepted", changes.size());
    }
}
