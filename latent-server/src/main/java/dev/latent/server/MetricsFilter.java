package dev.latent.server;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;

/** Times every request of one endpoint family, refused ones included, and counts it in {@link Metrics}. */
final class MetricsFilter extends Filter {
    private final Metrics metrics;
    private final String family;

    MetricsFilter(Metrics metrics, String family) {
        this.metrics = metrics;
        this.family = family;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        long start = System.nanoTime();
        try {
            chain.doFilter(exchange);
        } finally {
            metrics.record(family, exchange.getResponseCode(), System.nanoTime() - start);
        }
    }

    @Override
    public String description() {
        return "request counts and latency for " + family;
    }
}
