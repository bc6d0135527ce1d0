package dev.latent.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code POST /admin/reload}: serve the model file the server was started with again, as it is on
 * disk now ({@link Reloader}). Needs the bearer token when one is configured; a read-only server
 * refuses it (403).
 *
 * <p>200 {@code {"version": <n>, "checksum": "sha256:…"}} describing the model now served.
 *
 * <p>Errors: 404 for any other action below {@code /admin}; 405 for a method other than POST;
 * 409 when the server has no model file; 500 {@code {"error": "cannot reload <file>: <reason>"}}
 * when the file cannot be read or is not a valid model: the old model keeps serving and
 * {@code GET /model} reports the reason as {@code last_reload_error}.
 */
final class AdminEndpoint extends Endpoint {
    static final String PATH = "/admin";

    private final Reloader reloader;

    AdminEndpoint(AtomicReference<ServingModel> served, int maxResults, Reloader reloader) {
        super(PATH, served, maxResults);
        this.reloader = reloader;
    }

    @Override
    List<String> methods() {
        return List.of("POST");
    }

    @Override
    boolean changesState(String method) {
        return true;
    }

    @Override
    Object get(Request request) {
        throw new IllegalStateException("/admin answers POST only");
    }

    @Override
    Object post(Request request) {
        if (request.rawSegments().size() != 1 || !request.rawSegments().getFirst().equals("reload")) {
            throw HttpError.notFound("no such endpoint; expected POST /admin/reload");
        }
        ServingModel now = reloader.reload();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("version", now.version());
        answer.put("checksum", now.checksum());
        return answer;
    }
}
