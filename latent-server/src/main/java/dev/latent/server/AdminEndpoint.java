package dev.latent.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /admin/reload}: serve the model file the server was started with again, as it is on
 * disk now; {@code POST /admin/retrain}: train a model with the served model's algorithm,
 * parameters and seed on the base data ({@code --data}) plus every change in the write-ahead log,
 * and serve it ({@link ModelSwapper}). Both need the bearer token when one is configured; a
 * read-only server refuses them (403).
 *
 * <p>200 {@code {"version": <n>, "checksum": "sha256:…"}} describing the model now served; a
 * retrain adds {@code "users"}, {@code "items"} and {@code "seconds"}. A retrain answers when it is
 * done.
 *
 * <p>Errors: 404 for any other action below {@code /admin}; 405 for a method other than POST;
 * 409 when the server has no model file (reload) or no base data (retrain), or a retrain is
 * already running; 503 when no model is served (retrain); 500 {@code {"error": "cannot reload
 * <file>: <reason>"}} or {@code "cannot retrain on <file> and the log: <reason>"} when loading or
 * training fails: the old model keeps serving and {@code GET /model} reports the reason as
 * {@code last_reload_error} or {@code last_retrain_error}.
 */
final class AdminEndpoint extends Endpoint {
    static final String PATH = "/admin";

    private final ModelSwapper swapper;

    AdminEndpoint(ServerState state, int maxResults, ModelSwapper swapper) {
        super(PATH, state, maxResults);
        this.swapper = swapper;
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
        String action = request.rawSegments().size() == 1 ? request.rawSegments().getFirst() : "";
        Map<String, Object> answer = new LinkedHashMap<>();
        switch (action) {
            case "reload" -> describe(swapper.reload(), answer);
            case "retrain" -> {
                long start = System.nanoTime();
                ServingModel now = swapper.retrain();
                describe(now, answer);
                answer.put("users", now.model().users().size());
                answer.put("items", now.model().items().size());
                answer.put("seconds", Math.round((System.nanoTime() - start) / 1e7) / 100.0);
            }
            default -> throw HttpError.notFound("no such endpoint; expected POST /admin/reload or POST /admin/retrain");
        }
        return answer;
    }

    private static void describe(ServingModel now, Map<String, Object> answer) {
        answer.put("version", now.version());
        answer.put("checksum", now.checksum());
    }
}
