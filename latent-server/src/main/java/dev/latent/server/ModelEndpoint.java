package dev.latent.server;

import dev.latent.model.FactorModel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /model}: which model is being served.
 *
 * <p>200 {@code {"version": <n>, "algorithm": "…", "rank": <k>, "users": <n>, "items": <n>,
 * "checksum": "sha256:…", "loaded_at": "<ISO-8601 instant>", "parameters": {"<name>": "<value>", …},
 * "last_reload_error": null, "last_retrain_error": null, "preferences": {…}}}: version counts the
 * models this process has served (1 for the first, one more per successful swap); parameters are
 * the trainer's configuration, as strings, in the model file's order; last_reload_error and
 * last_retrain_error say why the last {@code POST /admin/reload} or {@code POST /admin/retrain}
 * failed (the model described is then still the one served before it), null when it succeeded or
 * none was tried. preferences describes what was written since the model was trained:
 * {@code {"users": <n>, "entries": <n>}} and, with a write-ahead log,
 * {@code "log": {"file": "…", "requests": <n>, "bytes": <n>, "torn_bytes_cut_at_start": <n>}}.
 *
 * <p>Errors: 503 when no model is loaded.
 */
final class ModelEndpoint extends Endpoint {
    static final String PATH = "/model";

    private final ModelSwapper swapper;

    ModelEndpoint(ServerState state, int maxResults, ModelSwapper swapper) {
        super(PATH, state, maxResults);
        this.swapper = swapper;
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
        info.put("last_reload_error", swapper.lastReloadError());
        info.put("last_retrain_error", swapper.lastRetrainError());
        info.put("preferences", preferences(request.state()));
        return info;
    }

    private static Map<String, Object> preferences(ServerState state) {
        Map<String, Object> written = new LinkedHashMap<>();
        written.put("users", state.preferences().users().size());
        written.put("entries", state.preferences().size());
        WriteAheadLog log = state.log();
        if (log != null) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("file", log.file().toString());
            file.put("requests", log.sequence());
            file.put("bytes", log.size());
            file.put("torn_bytes_cut_at_start", log.recovery().tornBytesCut());
            written.put("log", file);
        }
        return written;
    }
}
