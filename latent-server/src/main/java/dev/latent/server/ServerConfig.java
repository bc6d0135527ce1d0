package dev.latent.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where the server listens and how long a list it returns; validated on construction.
 *
 * @param address    the address and port to bind; port 0 picks a free one
 * @param maxResults the cap on {@code howMany + offset} of every list endpoint
 */
public record ServerConfig(InetSocketAddress address, int maxResults) {
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
    }

    /** Loopback, port {@value #DEFAULT_PORT}, at most {@value #DEFAULT_MAX_RESULTS} results. */
    public static ServerConfig defaults() {
        return new ServerConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), DEFAULT_PORT), DEFAULT_MAX_RESULTS);
    }

    public ServerConfig withAddress(InetSocketAddress value) {
        return new ServerConfig(value, maxResults);
    }

    public ServerConfig withPort(int value) {
        return new ServerConfig(new InetSocketAddress(address.getAddress(), value), maxResults);
    }

    public ServerConfig withMaxResults(int value) {
        return new ServerConfig(address, value);
    }
}
