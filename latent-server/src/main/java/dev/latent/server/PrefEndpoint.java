package dev.latent.server;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /pref/{user}/{item}} (body: the value as text, 1 when empty) sets the user's
 * preference for the item; {@code DELETE /pref/{user}/{item}} removes it. The user and the item
 * need not be in the model: a new user is served by fold-in at once, and a retrain takes both in.
 * Needs the bearer token when one is configured; a read-only server refuses it (403).
 *
 * <p>200 {@code {"accepted": 1}}, sent only after the change is in the write-ahead log and forced
 * to disk, and applied.
 *
 * <p>Errors: 400 when the value is not a finite number; 404 without exactly a user and an item;
 * 409 when the server keeps no write-ahead log; 413 for a body over the limit; 503 when no model
 * is loaded or the log cannot be written.
 */
final class PrefEndpoint extends Endpoint {
    static final String PATH = "/pref";

    PrefEndpoint(ServerState state, int maxResults) {
        super(PATH, state, maxResults);
    }

    @Override
    List<String> methods() {
        return List.of("POST", "DELETE");
    }

    @Override
    boolean changesState(String method) {
        return methods().contains(method);
    }

    @Override
    Object get(Request request) {
        throw new IllegalStateException("/pref answers POST and DELETE only");
    }

    @Override
    Object post(Request request) {
        List<String> ids = userAndItem(request, "POST");
        String text = new String(request.body(), StandardCharsets.UTF_8).strip();
        float value = text.isEmpty() ? 1f : IngestParser.value(text, 0);
        return write(request, Change.set(ids.get(0), ids.get(1), value, Change.NO_TIMESTAMP));
    }

    @Override
    Object delete(Request request) {
        List<String> ids = userAndItem(request, "DELETE");
        return write(request, Change.remove(ids.get(0), ids.get(1), Change.NO_TIMESTAMP));
    }

    private static List<String> userAndItem(Request request, String method) {
        if (request.rawSegments().size() != 2) {
            throw HttpError.notFound("no such endpoint; expected " + method + " " + PATH + "/{user}/{item}");
        }
        return request.segments();
    }

    private static Map<String, Object> write(Request request, Change change) {
        request.model();
        request.state().write(List.of(change));
        return Map.of("accepted", 1);
    }
}
