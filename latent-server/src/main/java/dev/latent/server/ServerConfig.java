package dev.latent.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the server listens, how long a list it returns, which file {@code POST /admin/reload}
 * reads, and who may change its state; validated on construction.
 *
 * @param address    the address and port to bind; port 0 picks a free one
 * @param maxResults the cap on {@code howMany + offset} of every list endpoint
 * @param modelFile  the model file {@code POST /admin/reload} loads again, or null when the model
 *                   was given in memory (then reloading answers 409)
 * @param token      the bearer token that writes and {@code /admin/*} requests must carry, or null
 *                   for none; never blank, never printed by {@link #toString}
 * @param readOnly   whether writes and {@code /admin/*} requests are refused (403) whatever token
 *                   they carry
 */
public record ServerConfig(InetSocketAddress address, int maxResults, Path modelFile, String token, boolean readOnly) {
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_RESULTS = 1000;

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
    }

    /** No model file, no token, not read-only. */
    public ServerConfig(InetSocketAddress address, int maxResults) {
        this(address, maxResults, null, null, false);
    }

    /** Loopback, port {@value #DEFAULT_PORT}, at most {@value #DEFAULT_MAX_RESULTS} results, no model file, no token, writable. */
    public static ServerConfig defaults() {
        return new ServerConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), DEFAULT_PORT), DEFAULT_MAX_RESULTS);
    }

    public ServerConfig withAddress(InetSocketAddress value) {
        return new ServerConfig(value, maxResults, modelFile, token, readOnly);
    }

    public ServerConfig withPort(int value) {
        return withAddress(new InetSocketAddress(address.getAddress(), value));
    }

    public ServerConfig withMaxResults(int value) {
        return new ServerConfig(address, value, modelFile, token, readOnly);
    }

    public ServerConfig withModelFile(Path value) {
        return new ServerConfig(address, maxResults, value, token, readOnly);
    }

    public ServerConfig withToken(String value) {
        return new ServerConfig(address, maxResults, modelFile, value, readOnly);
    }

    public ServerConfig withReadOnly(boolean value) {
        return new ServerConfig(address, maxResults, modelFile, token, value);
    }

    /** Says whether a token is set, never the token itself. */
    @Override
    public String toString() {
        return "ServerConfig[address=" + address + ", maxResults=" + maxResults + ", modelFile=" + modelFile
                + ", token=" + (token == null ? "none" : "set") + ", readOnly=" + readOnly + "]";
    }
}
