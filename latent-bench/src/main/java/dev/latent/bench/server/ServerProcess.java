package dev.latent.bench.server;

import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A server run as a child process ({@code latent serve …}), its output appended to a log file,
 * that can be killed without warning, together with every process it started.
 *
 * <p>{@code ./latent} execs java, so the child normally is the JVM itself; while the script is
 * still building the CLI it has descendants (Maven), and a future script might fork instead of
 * exec. {@link #killHard} therefore kills the whole tree with SIGKILL
 * ({@code destroyForcibly} on Linux), then checks that each of those processes has exited and that
 * nothing listens on the port any more.
 */
final class ServerProcess {
    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);

    private final Process process;
    private final int port;
    private final Path log;
    private final long startedNanos;

    private ServerProcess(Process process, int port, Path log, long startedNanos) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    /** Starts {@code command}, appending its output (and a header line naming {@code label}) to {@code log}. */
    static ServerProcess start(List<String> command, int port, Path log, String label) throws IOException {
        Files.writeString(log, "=== " + label + ": " + String.join(" ", command) + System.lineSeparator(),
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        long startedNanos = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        return new ServerProcess(process, port, log, startedNanos);
    }

    /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return true; // a timeout: something is there but slow, or a firewall; not free either way
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Polls {@code GET /ready} until it answers 200 and returns the seconds since this process
     * started.
     *
     * @throws IOException when the process exits first or {@code timeout} passes (then the process is killed)
     */
    double awaitReady(HttpClient client, URI base, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(Http.at(base, "/ready")).timeout(Duration.ofSeconds(2)).GET().build();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("the server (pid " + pid() + ") exited with code " + process.exitValue()
                        + " before it was ready; see " + log);
            }
            try {
                HttpResponse<Void> response = client.send(ready, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return (System.nanoTime() - startedNanos) / 1e9;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                killQuietly();
                throw new IOException("the server (pid " + pid() + ") was not ready within " + timeout.toSeconds()
                        + " s; see " + log);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Kills this process and its descendants with SIGKILL, waits for each to exit, and checks that
     * none is left and the port is closed; returns the processes killed, "pid (command)" each.
     *
     * @throws IOException when a process is still alive or the port still accepts connections afterwards
     */
    List<String> killHard() throws IOException, InterruptedException {
        List<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
        List<String> killed = new ArrayList<>();
        for (ProcessHandle handle : tree) {
            killed.add(handle.pid() + " (" + handle.info().command().map(c -> Path.of(c).getFileName().toString())
                    .orElse("?") + ")");
            handle.destroyForcibly();
        }
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // checked just below
            }
        }
        String alive = tree.stream().filter(h -> ProcessHandle.of(h.pid()).map(ProcessHandle::isAlive).orElse(false))
                .map(h -> String.valueOf(h.pid())).collect(Collectors.joining(", "));
        if (!alive.isEmpty()) {
            throw new IOException("after SIGKILL, process " + alive + " is still alive");
        }
        long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
        while (listening(port)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("after SIGKILL of " + killed + ", something still listens on port " + port);
            }
            Thread.sleep(20);
        }
        return killed;
    }

    /** Asks the tree to stop (SIGTERM), waits up to 15 s for every process in it, then kills what is left. */
    void stop() throws InterruptedException {
        List<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                handle.destroyForcibly();
            }
        }
    }

    /** SIGKILL to the tree, without waiting; for clean-up paths. */
    void killQuietly() {
        List<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
        tree.forEach(ProcessHandle::destroyForcibly);
    }
}
