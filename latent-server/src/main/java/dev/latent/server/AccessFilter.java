package dev.latent.server;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards the requests that change the server's state ({@link Endpoint#changesState}): on a
 * read-only server they are refused with 403 {@code {"error": "the server is read-only"}}; with a
 * token configured they need {@code Authorization: Bearer <token>}: 401 (with
 * {@code WWW-Authenticate: Bearer}) without one, 403 with a wrong one. The token is compared in
 * constant time. Reads pass untouched.
 */
final class AccessFilter extends Filter {
    private static final String BEARER = "Bearer ";

    private final Endpoint endpoint;
    private final byte[] token;
    private final boolean readOnly;

    /** @param token the token writes must carry, or null for none */
    AccessFilter(Endpoint endpoint, String token, boolean readOnly) {
        this.endpoint = endpoint;
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.readOnly = readOnly;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        HttpError refusal = endpoint.changesState(exchange.getRequestMethod()) ? refusal(exchange) : null;
        if (refusal == null) {
            chain.doFilter(exchange);
            return;
        }
        try (exchange) {
            if (refusal.status() == 401) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            }
            Endpoint.respond(exchange, refusal.status(), Endpoint.error(refusal.getMessage()));
        }
    }

    /** Why this state-changing request is refused, or null when it may go on. */
    private HttpError refusal(HttpExchange exchange) {
        if (readOnly) {
            return new HttpError(403, "the server is read-only");
        }
        if (token == null) {
            return null;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return new HttpError(401, "this request needs the header Authorization: Bearer <token>");
        }
        byte[] given = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(token, given) ? null : new HttpError(403, "the bearer token is wrong");
    }

    @Override
    public String description() {
        return "bearer token and read-only checks for requests that change state";
    }
}
