package dev.latent.server;

import dev.latent.data.ItemMetadata;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the server listens, how long a list and how large a body it takes, which files
 * {@code POST /admin/reload} and {@code POST /admin/retrain} read, where writes are logged, and who
 * may change its state; validated on construction.
 *
 * @param address      the address and port to bind; port 0 picks a free one
 * @param maxResults   the cap on {@code howMany + offset} of every list endpoint
 * @param modelFile    the model file {@code POST /admin/reload} loads again, or null when the model
 *                     was given in memory (then reloading answers 409)
 * @param token        the bearer token that writes and {@code /admin/*} requests must carry, or null
 *                     for none; never blank, never printed by {@link #toString}
 * @param readOnly     whether writes and {@code /admin/*} requests are refused (403) whatever token
 *                     they carry
 * @param walDir       the directory of the write-ahead log, or null for none (then writes answer 409)
 * @param dataFile     the base rating file {@code POST /admin/retrain} trains on with the log, or
 *                     null for none (then retraining answers 409)
 * @param maxBodyBytes   the most bytes a request body may have, before and after gunzipping (413 above)
 * @param scoringThreads the threads that score top-N requests in batches ({@link BatchScorer}); by
 *                       default half the cores, leaving the rest to HTTP and JSON
 * @param items          item titles and genres: item lists carry a {@code "title"} where known, and
 *                       explanations label factors by genre; {@link ItemMetadata#empty()} for none
 */
public record ServerConfig(InetSocketAddress address, int maxResults, Path modelFile, String token, boolean readOnly,
                           Path walDir, Path dataFile, long maxBodyBytes, int scoringThreads, ItemMetadata items) {
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_RESULTS = 1000;
    public static final long DEFAULT_MAX_BODY_BYTES = 16L << 20;

    /** Half the cores, at least one. */
    public static int defaultScoringThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    public ServerConfig {
        Objects.requireNonNull(address, "address");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("address must be resolved but was " + address);
        }
        if (maxResults <= 0) {
            throw new IllegalArgumentException("maxResults must be positive but was " + maxResults);
        }
        if (token != null && token.isBlank()) {
            throw new IllegalArgumentException("token must not be blank");
        }
        if (maxBodyBytes <= 0 || maxBodyBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBodyBytes must be between 1 and " + (Integer.MAX_VALUE - 8)
                    + " but was " + maxBodyBytes);
        }
        if (scoringThreads <= 0) {
            throw new IllegalArgumentException("scoringThreads must be positive but was " + scoringThreads);
        }
        Objects.requireNonNull(items, "items");
    }

    /** As the canonical constructor, without item metadata. */
    public ServerConfig(InetSocketAddress address, int maxResults, Path modelFile, String token, boolean readOnly,
                        Path walDir, Path dataFile, long maxBodyBytes, int scoringThreads) {
        this(address, maxResults, modelFile, token, readOnly, walDir, dataFile, maxBodyBytes, scoringThreads,
                ItemMetadata.empty());
    }

    /** No model file, no token, not read-only, no log, no base data, bodies up to 16 MiB, the default scoring threads. */
    public ServerConfig(InetSocketAddress address, int maxResults) {
        this(address, maxResults, null, null, false, null, null, DEFAULT_MAX_BODY_BYTES, defaultScoringThreads());
    }

    /** Loopback, port {@value #DEFAULT_PORT}, at most {@value #DEFAULT_MAX_RESULTS} results, nothing else. */
    public static ServerConfig defaults() {
        return new ServerConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), DEFAULT_PORT), DEFAULT_MAX_RESULTS);
    }

    public ServerConfig withAddress(InetSocketAddress value) {
        return new ServerConfig(value, maxResults, modelFile, token, readOnly, walDir, dataFile, maxBodyBytes, scoringThreads, items);
    }

    public ServerConfig withPort(int value) {
        return withAddress(new InetSocketAddress(address.getAddress(), value));
    }

    public ServerConfig withMaxResults(int value) {
        return new ServerConfig(address, value, modelFile, token, readOnly, walDir, dataFile, maxBodyBytes, scoringThreads, items);
    }

    public ServerConfig withModelFile(Path value) {
        return new ServerConfig(address, maxResults, value, token, readOnly, walDir, dataFile, maxBodyBytes, scoringThreads, items);
    }

    public ServerConfig withToken(String value) {
        return new ServerConfig(address, maxResults, modelFile, value, readOnly, walDir, dataFile, maxBodyBytes, scoringThreads, items);
    }

    public ServerConfig withReadOnly(boolean value) {
        return new ServerConfig(address, maxResults, modelFile, token, value, walDir, dataFile, maxBodyBytes, scoringThreads, items);
    }

    public ServerConfig withWalDir(Path value) {
        return new ServerConfig(address, maxResults, modelFile, token, readOnly, value, dataFile, maxBodyBytes, scoringThreads, items);
    }

    public ServerConfig withDataFile(Path value) {
        return new ServerConfig(address, maxResults, modelFile, token, readOnly, walDir, value, maxBodyBytes, scoringThreads, items);
    }

    public ServerConfig withMaxBodyBytes(long value) {
        return new ServerConfig(address, maxResults, modelFile, token, readOnly, walDir, dataFile, value, scoringThreads, items);
    }

    public ServerConfig withScoringThreads(int value) {
        return new ServerConfig(address, maxResults, modelFile, token, readOnly, walDir, dataFile, maxBodyBytes, value, items);
    }

    public ServerConfig withItems(ItemMetadata value) {
        return new ServerConfig(address, maxResults, modelFile, token, readOnly, walDir, dataFile, maxBodyBytes, scoringThreads,
                value);
    }

    /** Says whether a token is set, never the token itself. */
    @Override
    public String toString() {
        return "ServerConfig[address=" + address + ", maxResults=" + maxResults + ", modelFile=" + modelFile
                + ", token=" + (token == null ? "none" : "set") + ", readOnly=" + readOnly + ", walDir=" + walDir
                + ", dataFile=" + dataFile + ", maxBodyBytes=" + maxBodyBytes + ", scoringThreads=" + scoringThreads
                + ", items=" + items.size() + "]";
    }
}
