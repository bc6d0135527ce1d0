package dev.latent.bench.server;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;
import java.util.function.LongFunction;

/**
 * Sends requests at a constant arrival rate and times each one from the moment it was due.
 *
 * <p>Design: request i is due at {@code t0 + i/rate} whatever happened to the requests before it
 * (an open loop: a slow answer never delays the next request, each request runs on its own virtual
 * thread), and its latency runs from that due time, not from when it was actually sent. A server
 * that stalls for a second therefore shows a second of latency in every request due during the
 * stall, instead of quietly lowering the rate, which is the "coordinated omission" that a closed
 * loop of N clients hides (Gil Tene, "How NOT to Measure Latency", 2013). If the generator itself
 * falls behind (it shares the machine with the server), the delay counts as latency too and shows
 * as {@link Result#maxSendLagNanos}.
 *
 * <p>At most {@code connections} requests are on the wire at once (the client then needs at most
 * that many connections, as wrk2's {@code -c}); a request due while all are busy waits for one, and
 * the wait counts as latency. Without the cap, an overloaded server makes the JDK client open a new
 * connection for every request due, which overflows the server's accept queue and turns slowness
 * into connect timeouts.
 *
 * <p>The warm-up ramps the rate linearly from a tenth of the target to the target, so that the JIT
 * compiles client and server before they meet the full rate; a cold start at full rate on a small
 * machine can pile up requests faster than the cold code drains them. Requests due during the
 * warm-up are sent but not counted. Every measured request is timed, failures and timeouts included;
 * a failure is any status the success test refuses, or an exception. When the measured part ends,
 * no further request is sent, and the ones in flight are awaited (at most the request timeout).
 */
final class OpenLoop {
    private final Sender sender;
    private final double rate;
    private final IntPredicate success;
    private final int connections;

    /** Sends request number i (0, 1, …) and returns the answer's status code. */
    @FunctionalInterface
    interface Sender {
        int send(long number) throws IOException, InterruptedException;
    }

    /** What runs while the load is measured; the load stops when it returns. */
    @FunctionalInterface
    interface Measured {
        void run() throws Exception;
    }

    /**
     * The measured part of a run.
     *
     * @param requests        requests due in the measured part (all completed)
     * @param errors          how many of them failed
     * @param errorKinds      failures by kind ("HTTP 503", "HttpTimeoutException"), sorted
     * @param latencies       their latencies from the due time, nanoseconds
     * @param seconds         from the first due time to the last answer
     * @param maxSendLagNanos the most a request's thread started after it was due (the generator's own delay)
     * @param warmupErrors    failures among the warm-up's requests
     */
    record Result(long requests, long errors, Map<String, Long> errorKinds, LatencyHistogram latencies,
                  double seconds, long maxSendLagNanos, long warmupErrors) {
        /** Answers per second over the measured part. */
        double achievedRate() {
            return seconds > 0 ? requests / seconds : 0;
        }
    }

    /**
     * @param requests the request to send as number i (0, 1, …)
     * @param rate     requests per second
     * @param success     which status codes count as success
     * @param connections how many requests may be in flight at once
     */
    OpenLoop(HttpClient client, LongFunction<HttpRequest> requests, double rate, IntPredicate success, int connections) {
        this(number -> client.send(requests.apply(number), HttpResponse.BodyHandlers.discarding()).statusCode(), rate,
                success, connections);
    }

    /** A load whose requests {@code sender} sends, such as {@link SocketGet}'s. */
    OpenLoop(Sender sender, double rate, IntPredicate success, int connections) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be positive but was " + rate);
        }
        if (connections <= 0) {
            throw new IllegalArgumentException("connections must be positive but was " + connections);
        }
        this.sender = sender;
        this.rate = rate;
        this.success = success;
        this.connections = connections;
    }

    /**
     * When request {@code i} is due, in nanoseconds after the start: during the warm-up of
     * {@code warmupNanos} the rate grows linearly from {@code rate/10} to {@code rate}, so
     * {@code 0.1·r·t + 0.45·r·t²/W} requests are due by time t; afterwards one every {@code 1/rate}.
     */
    static long dueOffset(long i, double rate, long warmupNanos) {
        double w = warmupNanos / 1e9;
        double rampRequests = 0.55 * rate * w;
        double seconds;
        if (i >= rampRequests) {
            seconds = w + (i - rampRequests) / rate;
        } else {
            // the positive root of 0.45·r/W·t² + 0.1·r·t − i = 0
            double a = 0.45 * rate / w;
            double b = 0.1 * rate;
            seconds = (-b + Math.sqrt(b * b + 4 * a * i)) / (2 * a);
        }
        return Math.round(seconds * 1e9);
    }

    /**
     * Sends the load for {@code warmup}, then keeps sending it while {@code measured} runs in this
     * thread, and returns the measurements once the requests in flight are done.
     *
     * @throws Exception whatever {@code measured} throws, after the load has stopped
     */
    Result run(Duration warmup, Measured measured) throws Exception {
        Tally tally = new Tally();
        long warmupNanos = warmup.toNanos();
        Semaphore wire = new Semaphore(connections);
        long t0 = System.nanoTime() + 20_000_000L; // a moment to start the scheduler
        long measureFrom = t0 + warmupNanos;
        AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);
        Exception failure = null;
        long stopped;
        try (ExecutorService inFlight = Executors.newVirtualThreadPerTaskExecutor()) {
            Thread scheduler = Thread.ofPlatform().name("open-loop-scheduler").daemon().start(() -> {
                for (long i = 0; ; i++) {
                    long due = t0 + dueOffset(i, rate, warmupNanos);
                    if (due >= stopAt.get()) {
                        return;
                    }
                    parkUntil(due);
                    long number = i;
                    inFlight.execute(() -> send(number, due, due >= measureFrom, wire, tally));
                }
            });
            parkUntil(measureFrom);
            try {
                measured.run();
            } catch (Exception e) {
                failure = e;
            } finally {
                stopped = System.nanoTime();
                stopAt.set(stopped);
                scheduler.join();
            }
        }
        if (failure != null) {
            throw failure;
        }
        long last = Math.max(tally.lastAnswer.get(), stopped);
        return new Result(tally.latencies.count(), tally.errors.sum(), tally.errorKinds(), tally.latencies,
                (last - measureFrom) / 1e9, tally.maxSendLag.get(), tally.warmupErrors.sum());
    }

    private void send(long number, long due, boolean measure, Semaphore wire, Tally tally) {
        long lag = System.nanoTime() - due;
        String error;
        try {
            wire.acquire();
            try {
                int status = sender.send(number);
                error = success.test(status) ? null : "HTTP " + status;
            } finally {
                wire.release();
            }
        } catch (IOException e) {
            error = e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (RuntimeException e) {
            error = e.getClass().getSimpleName();
        }
        long done = System.nanoTime();
        if (!measure) {
            if (error != null) {
                tally.warmupErrors.increment();
            }
            return;
        }
        tally.latencies.record(done - due);
        tally.maxSendLag.accumulateAndGet(lag, Math::max);
        tally.lastAnswer.accumulateAndGet(done, Math::max);
        if (error != null) {
            tally.errors.increment();
            tally.errorKinds.computeIfAbsent(error, k -> new LongAdder()).increment();
        }
    }

    private static void parkUntil(long deadline) {
        for (long wait = deadline - System.nanoTime(); wait > 0; wait = deadline - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }

    /** The counters the request threads share. */
    private static final class Tally {
        final LatencyHistogram latencies = new LatencyHistogram();
        final LongAdder errors = new LongAdder();
        final LongAdder warmupErrors = new LongAdder();
        final Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();
        final AtomicLong maxSendLag = new AtomicLong();
        final AtomicLong lastAnswer = new AtomicLong(Long.MIN_VALUE);

        Map<String, Long> errorKinds() {
            Map<String, Long> out = new TreeMap<>();
            errorKinds.forEach((kind, count) -> out.put(kind, count.sum()));
            return out;
        }
    }
}
