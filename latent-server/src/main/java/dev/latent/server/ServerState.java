package dev.latent.server;

import dev.latent.data.ItemMetadata;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the endpoints share: the model being served, the preferences written since it was
 * trained, and the write-ahead log that makes writes durable (absent when the server was started
 * without one, and then it refuses writes).
 *
 * <p>A write is logged and forced to disk, then applied, under one lock that a retrained model's
 * swap also takes, so every acknowledged change is either in the new model or kept beside it.
 */
final class ServerState {
    private static final Logger LOG = LoggerFactory.getLogger(ServerState.class);

    private final AtomicReference<ServingModel> served = new AtomicReference<>();
    private final Preferences preferences;
    private final WriteAheadLog log;
    private final long maxBodyBytes;
    private final BatchScorer scorer;
    private final ItemMetadata items;
    /** The log requests a retrained model holds, which {@link #preferences} no longer does. */
    private long retrainedThrough;

    /**
     * A state without a log, which refuses writes; request bodies up to {@code maxBodyBytes};
     * {@code scoringThreads} threads scoring top-N requests.
     */
    ServerState(long maxBodyBytes, int scoringThreads) {
        this(new Preferences(), null, maxBodyBytes, scoringThreads, ItemMetadata.empty());
    }

    /** As {@link #ServerState(long, int)}, showing {@code items}' titles and genres. */
    ServerState(long maxBodyBytes, int scoringThreads, ItemMetadata items) {
        this(new Preferences(), null, maxBodyBytes, scoringThreads, items);
    }

    private ServerState(Preferences preferences, WriteAheadLog log, long maxBodyBytes, int scoringThreads,
                        ItemMetadata items) {
        this.preferences = preferences;
        this.log = log;
        this.maxBodyBytes = maxBodyBytes;
        this.scorer = new BatchScorer(scoringThreads);
        this.items = items;
    }

    /** Opens the log in {@code walDir}, replaying every logged request into the preferences. */
    static ServerState withLog(Path walDir, long maxBodyBytes, int scoringThreads, ItemMetadata items) throws IOException {
        Preferences preferences = new Preferences();
        WriteAheadLog log = WriteAheadLog.open(walDir, preferences::apply);
        WriteAheadLog.Recovery recovery = log.recovery();
        LOG.info("replayed {} logged requests ({} changes) from {}", recovery.requests(), recovery.changes(), log.file());
        return new ServerState(preferences, log, maxBodyBytes, scoringThreads, items);
    }

    /** The item titles and genres the server shows; empty when it was given none. */
    ItemMetadata items() {
        return items;
    }

    AtomicReference<ServingModel> served() {
        return served;
    }

    /** The most bytes a request body may have, before and after gunzipping. */
    long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Scores top-N requests in batches. */
    BatchScorer scorer() {
        return scorer;
    }

    Preferences preferences() {
        return preferences;
    }

    /** The log, or null when the server keeps none. */
    WriteAheadLog log() {
        return log;
    }

    /**
     * Logs {@code batch} as one record, forces it to disk and applies it; returns its sequence
     * number. Only after this returns may the request be acknowledged.
     *
     * @throws HttpError 409 when the server keeps no log; 503 when writing the log failed
     */
    synchronized long write(List<Change> batch) {
        if (log == null) {
            throw new HttpError(409, "this server keeps no write-ahead log, so it cannot accept writes durably; "
                    + "start it with --wal DIR");
        }
        long sequence;
        try {
            sequence = log.append(batch);
        } catch (IOException e) {
            LOG.error("cannot write to the write-ahead log {}; refusing writes", log.file(), e);
            throw new HttpError(503, "the write-ahead log cannot be written (" + e.getMessage() + "); nothing was applied");
        }
        preferences.apply(batch, sequence);
        return sequence;
    }

    /** The sequence number of the last logged request, taken in order with writes; 0 without a log. */
    synchronized long logSequence() {
        return log == null ? 0 : log.sequence();
    }

    /** Stops the scoring threads and closes the log, if any; a failure to close is logged, since every write was already forced. */
    void close() {
        scorer.close();
        if (log != null) {
            try {
                log.close();
            } catch (IOException e) {
                LOG.warn("cannot close the write-ahead log {}", log.file(), e);
            }
        }
    }

    /**
     * Serves {@code next}, a model trained on the log through {@code sequence}, and forgets the
     * preferences it holds, in one step with respect to writes.
     */
    synchronized void swapRetrained(ServingModel next, long sequence) {
        served.set(next);
        preferences.forgetThrough(sequence);
        retrainedThrough = sequence;
    }

    /**
     * Serves {@code next}, a model loaded from a file, which holds none of the logged changes: the
     * ones a retrained model held and {@link #preferences} forgot are read back from the log first.
     *
     * @throws IOException when the log cannot be read; nothing is swapped then
     */
    synchronized void swapLoaded(ServingModel next) throws IOException {
        if (retrainedThrough > 0) {
            log.read(retrainedThrough, preferences::apply);
            retrainedThrough = 0;
        }
        served.set(next);
    }
}
