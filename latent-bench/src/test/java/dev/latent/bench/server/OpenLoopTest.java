package dev.latent.bench.server;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenLoopTest {

    @Test
    void dueOffset_withoutWarmup_isOneRequestPerPeriod() {
        assertEquals(0, OpenLoop.dueOffset(0, 500, 0));
        assertEquals(2_000_000, OpenLoop.dueOffset(1, 500, 0));
        assertEquals(1_000_000_000, OpenLoop.dueOffset(500, 500, 0));
    }

    @Test
    void dueOffset_duringTheRamp_followsTheIntegratedLinearRate() {
        long warmup = 10_000_000_000L;
        // 100/s ramped from 10/s over 10 s: 10·t + 4.5·t² requests are due by time t.
        assertEquals(0, OpenLoop.dueOffset(0, 100, warmup));
        assertEquals(4_000_000_000L, OpenLoop.dueOffset(112, 100, warmup)); // 40 + 72
        assertEquals(2_000_000_000, OpenLoop.dueOffset(38, 100, warmup)); // 20 + 18
        assertEquals(10_000_000_000L, OpenLoop.dueOffset(550, 100, warmup)); // 100 + 450: the ramp's end
        assertEquals(11_000_000_000L, OpenLoop.dueOffset(650, 100, warmup)); // then 100/s
        for (long i = 1; i < 1_000; i++) {
            assertTrue(OpenLoop.dueOffset(i, 100, warmup) > OpenLoop.dueOffset(i - 1, 100, warmup), "not increasing at " + i);
        }
    }

    @Test
    void run_everyFourthRequestRefused_countsThemAsErrorsAndTimesEveryRequest() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger served = new AtomicInteger();
        server.createContext("/", exchange -> {
            try (exchange) {
                served.incrementAndGet();
                int status = exchange.getRequestURI().getPath().equals("/fail") ? 503 : 200;
                exchange.sendResponseHeaders(status, -1);
            }
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        try (HttpClient client = Http.client()) {
            HttpRequest ok = HttpRequest.newBuilder(base.resolve("/ok")).build();
            HttpRequest fail = HttpRequest.newBuilder(base.resolve("/fail")).build();
            OpenLoop loop = new OpenLoop(client, i -> i % 4 == 0 ? fail : ok, 200, status -> status == 200, 8);
            OpenLoop.Result result = loop.run(Duration.ofMillis(200), () -> Thread.sleep(500));

            // Requests due in a half-open half second at 200/s: about 100, whatever the machine's speed.
            assertTrue(result.requests() >= 80 && result.requests() <= 120, "requests " + result.requests());
            assertEquals(result.requests(), result.latencies().count());
            // The measured numbers are consecutive, so a quarter of them (rounded either way) is refused.
            assertTrue(Math.abs(result.errors() - result.requests() / 4.0) <= 1, result.errors() + " of " + result.requests());
            assertEquals(result.errors(), result.errorKinds().getOrDefault("HTTP 503", 0L));
            assertEquals(1, result.errorKinds().size());
            assertTrue(result.warmupErrors() > 0, "the warm-up's requests are sent too");
            assertTrue(served.get() > result.requests(), "served " + served.get());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void run_whatRunsMeasuredThrows_stopsTheLoadAndRethrows() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
        try (HttpClient client = Http.client()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"))
                    .build();
            OpenLoop loop = new OpenLoop(client, i -> request, 50, status -> status == 200, 4);
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> loop.run(Duration.ZERO, () -> {
                        throw new IllegalStateException("boom");
                    }));
            assertEquals("boom", thrown.getMessage());
        } finally {
            server.stop(0);
        }
    }
}
