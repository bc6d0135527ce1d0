package dev.latent.server;

import dev.latent.data.RatingMatrix;
import dev.latent.data.RatingReader;
import dev.latent.io.ModelFiles;
import dev.latent.model.FactorModel;
import dev.latent.train.Trainer;
import dev.latent.train.Trainers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Replaces the served model: {@link #reload} loads the model file again, {@link #retrain} trains
 * a new model like the served one on the base data plus everything in the write-ahead log. Either
 * way the new model is complete (recommender, fold-in, popularity) and checked before one atomic
 * swap, so requests never wait for it and never see a half-built model. A failure leaves the old
 * model serving; its reason is kept for {@code GET /model} (and logged) until the next success.
 * Swaps happen one at a time, so versions increase by one per swap.
 */
final class ModelSwapper {
    private static final Logger LOG = LoggerFactory.getLogger(ModelSwapper.class);

    private final Path modelFile;
    private final Path dataFile;
    private final ServerState state;
    private final ReentrantLock retraining = new ReentrantLock();
    private volatile String lastReloadError;
    private volatile String lastRetrainError;

    /**
     * @param modelFile the file {@link #reload} reads, or null
     * @param dataFile  the base ratings {@link #retrain} trains on with the log, or null
     */
    ModelSwapper(Path modelFile, Path dataFile, ServerState state) {
        this.modelFile = modelFile;
        this.dataFile = dataFile;
        this.state = Objects.requireNonNull(state, "state");
    }

    /**
     * Loads the model file and serves it, with the served version plus one (1 when none is served).
     *
     * @throws HttpError 409 when no model file is configured; 500 naming the reason when the file
     *                   cannot be read or is not a valid model (the old model keeps serving)
     */
    ServingModel reload() {
        if (modelFile == null) {
            throw new HttpError(409, "no model file is configured, so there is nothing to reload");
        }
        synchronized (this) {
            ServingModel current = state.served().get();
            ServingModel next;
            try {
                next = ServingModel.load(modelFile, nextVersion());
                state.swapLoaded(next);
            } catch (Exception e) {
                String reason = "cannot reload " + modelFile + ": " + reason(e);
                lastReloadError = reason;
                LOG.error("{}; still serving {}", reason, current == null ? "no model" : "version " + current.version(), e);
                throw new HttpError(500, reason);
            }
            lastReloadError = null;
            LOG.info("reloaded {}: serving {}", modelFile, next);
            return next;
        }
    }

    /**
     * Trains a model with the served model's algorithm, parameters and seed
     * ({@link Trainers#forModel}) on the base data with every logged change applied, checks it,
     * and serves it. Changes logged while it trains stay beside the new model, as before.
     *
     * @throws HttpError 409 when no base data is configured or a retrain is already running; 503
     *                   when no model is served; 500 naming the reason when reading, training or
     *                   checking fails (the old model keeps serving)
     */
    ServingModel retrain() {
        if (dataFile == null) {
            throw new HttpError(409, "no base data is configured (--data FILE), so there is nothing to retrain on");
        }
        if (!retraining.tryLock()) {
            throw new HttpError(409, "a retrain is already running");
        }
        try {
            ServingModel current = state.served().get();
            if (current == null) {
                throw new HttpError(503, "no model is loaded yet, so there is no algorithm to retrain with");
            }
            long through = state.logSequence();
            long start = System.nanoTime();
            FactorModel model;
            String checksum;
            try {
                Trainer trainer = Trainers.forModel(current.model());
                RatingMatrix data = withLog(RatingReader.withDefaults().read(dataFile).ratings(), through);
                model = trainer.train(data);
                check(model);
                checksum = checksum(model);
            } catch (Exception e) {
                String reason = "cannot retrain on " + dataFile + " and the log: " + reason(e);
                lastRetrainError = reason;
                LOG.error("{}; still serving version {}", reason, current.version(), e);
                throw new HttpError(500, reason);
            }
            synchronized (this) {
                ServingModel next = new ServingModel(model, nextVersion(), checksum, Instant.now());
                state.swapRetrained(next, through);
                lastRetrainError = null;
                LOG.info("retrained on {} and {} logged requests in {} s: serving {}", dataFile, through,
                        String.format("%.1f", (System.nanoTime() - start) / 1e9), next);
                return next;
            }
        } finally {
            retraining.unlock();
        }
    }

    private long nextVersion() {
        ServingModel current = state.served().get();
        return current == null ? 1 : current.version() + 1;
    }

    /**
     * {@code base} with the logged requests 1 to {@code through} applied in order: a logged value
     * replaces the base one, a logged delete removes it.
     */
    private RatingMatrix withLog(RatingMatrix base, long through) throws IOException {
        Preferences logged = new Preferences();
        if (through > 0) {
            state.log().read(through, logged::apply);
        }
        RatingMatrix.Builder merged = RatingMatrix.builder();
        for (int user = 0; user < base.userCount(); user++) {
            String userId = base.users().idAt(user);
            Preferences.UserPreferences written = logged.of(userId);
            for (int p = base.userStart(user); p < base.userEnd(user); p++) {
                String itemId = base.items().idAt(base.itemAt(p));
                if (written == null || !written.items().containsKey(itemId)) {
                    merged.add(userId, itemId, base.valueAt(p));
                }
            }
        }
        for (String user : logged.users()) {
            logged.of(user).items().forEach((item, entry) -> {
                if (!entry.deleted()) {
                    merged.add(user, item, entry.value());
                }
            });
        }
        return merged.build();
    }

    /** Refuses a model with a factor or bias that is not finite. */
    private static void check(FactorModel model) {
        if (!finite(model.userFactors()) || !finite(model.itemFactors()) || !Float.isFinite(model.globalMean())) {
            throw new IllegalStateException("the trained model has factors that are not finite numbers");
        }
        for (int user = 0; user < model.users().size(); user++) {
            if (!Float.isFinite(model.userBias(user))) {
                throw new IllegalStateException("the trained model's bias of user " + model.users().idAt(user)
                        + " is not a finite number");
            }
        }
        for (int item = 0; item < model.items().size(); item++) {
            if (!Float.isFinite(model.itemBias(item))) {
                throw new IllegalStateException("the trained model's bias of item " + model.items().idAt(item)
                        + " is not a finite number");
            }
        }
    }

    private static boolean finite(FloatBuffer values) {
        for (int k = 0; k < values.limit(); k++) {
            if (!Float.isFinite(values.get(k))) {
                return false;
            }
        }
        return true;
    }

    /** The SHA-256 of the model's file, as {@link ServingModel#load} would report it once saved. */
    private static String checksum(FactorModel model) throws IOException {
        Path file = Files.createTempFile("latent-retrained-", ".latent");
        try {
            ModelFiles.save(model, file);
            return ServingModel.sha256(file);
        } finally {
            Files.deleteIfExists(file);
        }
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
    String lastReloadError() {
        return lastReloadError;
    }

    /** Why the last retrain failed, or null when it succeeded or none was tried. */
    String lastRetrainError() {
        return lastRetrainError;
    }
}
