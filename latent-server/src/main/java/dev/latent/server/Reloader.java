package dev.latent.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loads the configured model file again and swaps it in: the file is read, checksummed and turned
 * into a complete {@link ServingModel} (recommender, fold-in, popularity) before one atomic set of
 * the served reference, so requests never wait for a load and never see a half-built model. A
 * failed load leaves the old model serving; its reason is kept for {@code GET /model} (and logged)
 * until the next successful reload. One reload runs at a time, so versions increase by one per swap.
 */
final class Reloader {
    private static final Logger LOG = LoggerFactory.getLogger(Reloader.class);

    private final Path modelFile;
    private final AtomicReference<ServingModel> served;
    private volatile String lastError;

    Reloader(Path modelFile, AtomicReference<ServingModel> served) {
        this.modelFile = modelFile;
        this.served = Objects.requireNonNull(served, "served");
    }

    /**
     * Loads the model file and serves it, with the served version plus one (1 when none is served).
     *
     * @throws HttpError 409 when no model file is configured; 500 naming the reason when the file
     *                   cannot be read or is not a valid model (the old model keeps serving)
     */
    synchronized ServingModel reload() {
        if (modelFile == null) {
            throw new HttpError(409, "no model file is configured, so there is nothing to reload");
        }
        ServingModel current = served.get();
        long version = current == null ? 1 : current.version() + 1;
        ServingModel next;
        try {
            next = ServingModel.load(modelFile, version);
        } catch (Exception e) {
            String reason = "cannot reload " + modelFile + ": " + reason(e);
            lastError = reason;
            LOG.error("{}; still serving {}", reason, current == null ? "no model" : "version " + current.version(), e);
            throw new HttpError(500, reason);
        }
        served.set(next);
        lastError = null;
        LOG.info("reloaded {}: serving {}", modelFile, next);
        return next;
    }

    /** A failure in words, without exception class names. */
    private static String reason(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Why the last reload failed, or null when it succeeded or none was tried. */
    String lastError() {
        return lastError;
    }
}
