package dev.latent.server;

import dev.latent.model.FactorModel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /model}: which model is being served.
 *
 * <p>200 {@code {"version": <n>, "algorithm": "…", "rank": <k>, "users": <n>, "items": <n>,
 * "checksum": "sha256:…", "loaded_at": "<ISO-8601 instant>", "parameters": {"<name>": "<value>", …},
 * "last_reload_error": null}}: version counts the models this process has served (1 for the first,
 * one more per successful swap); parameters are the trainer's configuration, as strings, in the
 * model file's order; last_reload_error is why the last {@code POST /admin/reload} failed (the
 * model described is then still the one served before it), null when it succeeded or none was tried.
 *
 * <p>Errors: 503 when no model is loaded.
 */
final class ModelEndpoint extends Endpoint {
    static final String PATH = "/model";

    private final Reloader reloader;

    ModelEndpoint(AtomicReference<ServingModel> served, int maxResults, Reloader reloader) {
        super(PATH, served, maxResults);
        this.reloader = reloader;
    }

    @Override
    Object get(Request request) {
        requireSegments(request, 0, PATH);
        ServingModel serving = request.model();
        FactorModel model = serving.model();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("version", serving.version());
        info.put("algorithm", model.algorithm());
        info.put("rank", model.rank());
        info.put("users", model.users().size());
        info.put("items", model.items().size());
        info.put("checksum", serving.checksum());
        info.put("loaded_at", serving.loadedAt().toString());
        info.put("parameters", model.parameters());
        info.put("last_reload_error", reloader.lastError());
        return info;
    }
}
