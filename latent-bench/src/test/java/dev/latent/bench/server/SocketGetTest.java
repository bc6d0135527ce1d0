package dev.latent.bench.server;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SocketGetTest {
    @Test
    void get_keepsTheConnectionAndReadsEachWholeResponse() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        Set<Object> connections = ConcurrentHashMap.newKeySet();
        server.createContext("/base/", exchange -> {
            connections.add(exchange.getRemoteAddress());
            String path = exchange.getRequestURI().getRawPath();
            byte[] body = ("x".repeat(path.length() * 1000)).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(path.endsWith("/missing") ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try (SocketGet get = new SocketGet(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/base/"),
                Duration.ofSeconds(5))) {
            for (int k = 0; k < 20; k++) {
                assertEquals(200, get.get("/a/" + k));
                assertEquals(404, get.get("/missing"));
            }
        } finally {
            server.stop(0);
        }
        assertEquals(1, connections.size(), "one kept-alive connection served every request");
    }
}
