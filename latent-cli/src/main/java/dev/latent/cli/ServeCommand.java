package dev.latent.cli;

import dev.latent.data.ItemMetadata;
import dev.latent.server.LatentServer;
import dev.latent.server.ServerConfig;
import dev.latent.server.ServingModel;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code latent serve}: loads a model and answers the HTTP JSON API ({@code dev.latent.server}) until
 * the process is stopped. The model and the token file are read before the port is bound, so a bad
 * model file or an empty or unreadable token file fails (exit 2) without ever listening; so does a
 * write-ahead log that is damaged before its end (a torn last record is cut off and reported).
 * {@code POST /admin/reload} loads the same model file again; {@code POST /admin/retrain} trains on
 * {@code --data} plus the log.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a model over HTTP (JSON): /recommend/{user}, /recommendToAnonymous/{item=value}/..., "
                + "/similarity/{item}/..., /similarityToItem/{to}/{item}/..., /estimate/{user}/{item}/..., "
                + "/recommendToMany/{user}/..., /because/{user}/{item}, "
                + "/knownItems/{user}, /mostPopularItems, /user/allIDs, /item/allIDs, /ready, /model, /metrics; "
                + "writes POST /pref/{user}/{item}, DELETE /pref/{user}/{item} and POST /ingest (with --wal); "
                + "POST /admin/reload loads the model file again, POST /admin/retrain trains on --data plus the log. "
                + "Prints the URL, then serves until stopped (Ctrl-C).")
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file from 'latent train'.")
    Path modelFile;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
            description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}, this machine only).")
    String bind;

    @Option(names = "--max-results", defaultValue = "1000", paramLabel = "N",
            description = "Cap on howMany + offset of the list endpoints (default: ${DEFAULT-VALUE}).")
    int maxResults;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding the bearer token that writes and /admin/* requests must carry "
                    + "(Authorization: Bearer <token>); reads never need it.")
    Path tokenFile;

    @Option(names = "--read-only", description = "Refuse writes and /admin/* requests (403).")
    boolean readOnly;

    @Option(names = "--wal", paramLabel = "DIR",
            description = "Directory of the write-ahead log (created if missing): writes are acknowledged only once "
                    + "logged and synced to disk, and replayed on restart. Without it, writes are refused (409).")
    Path walDir;

    @Option(names = "--data", paramLabel = "FILE",
            description = "Base rating file that POST /admin/retrain trains on, with every change in the log, using "
                    + "the served model's algorithm, options and seed. Without it, retraining is refused (409).")
    Path dataFile;

    @Option(names = "--scoring-threads", paramLabel = "N",
            description = "Threads that score /recommend requests, batching the ones that arrive together into one "
                    + "pass over the item factors (default: half the cores, at least 1).")
    Integer scoringThreads;

    @Option(names = "--max-body", defaultValue = "16M", paramLabel = "SIZE",
            description = "Largest request body, before and after gunzipping, in bytes or with K, M or G "
                    + "(default: ${DEFAULT-VALUE}); larger bodies get 413.")
    String maxBody;

    @Mixin
    ItemOptions items = new ItemOptions();

    @Override
    public Integer call() throws IOException {
        if (port < 0 || port > 65535) {
            throw new CliException("--port must be between 0 and 65535 but was " + port);
        }
        if (maxResults <= 0) {
            throw new CliException("--max-results must be positive but was " + maxResults);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new CliException("--bind '" + bind + "' is not an address or a known host name");
        }
        long maxBodyBytes = size("--max-body", maxBody);
        if (scoringThreads != null && scoringThreads <= 0) {
            throw new CliException("--scoring-threads must be positive but was " + scoringThreads);
        }
        if (dataFile != null && !Files.isReadable(dataFile)) {
            throw new CliException("--data " + dataFile + (Files.exists(dataFile) ? " cannot be read" : " does not exist"));
        }
        String token = tokenFile == null ? null : readToken(tokenFile);
        ItemMetadata metadata = items.read(spec.commandLine().getErr());
        ServingModel model = ServingModel.load(modelFile, 1);
        LatentServer server;
        try {
            server = LatentServer.start(new ServerConfig(new InetSocketAddress(address, port), maxResults, modelFile,
                    token, readOnly, walDir, dataFile, maxBodyBytes,
                    scoringThreads != null ? scoringThreads : ServerConfig.defaultScoringThreads(), metadata));
        } catch (BindException e) {
            throw new CliException("cannot listen on " + bind + ":" + port + ": " + e.getMessage()
                    + " (is another server using this port? choose another --port)");
        } catch (IOException e) {
            throw new CliException("cannot open the write-ahead log in " + walDir + ": " + e.getMessage());
        }
        Thread stopOnExit = new Thread(server::close, "latent-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            server.serve(model);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Serving " + modelFile + " (" + model.model().algorithm() + ", " + model.model().users().size()
                    + " users, " + model.model().items().size() + " items) at " + server.uri());
            if (items.file != null) {
                out.println("Item metadata from " + metadata.description());
            }
            out.println(server.writeAheadLogSummary().map(summary -> "Write-ahead log " + summary)
                    .orElse("No --wal: writes (/pref, /ingest) are refused"));
            out.flush();
            // Serve until the process is stopped (the shutdown hook closes the server) or this thread is interrupted.
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
        return 0;
    }

    /** {@code text} as a byte count: digits, optionally followed by K, M or G (powers of 1024). */
    static long size(String option, String text) {
        String digits = text.strip();
        long unit = 1;
        if (!digits.isEmpty()) {
            switch (Character.toUpperCase(digits.charAt(digits.length() - 1))) {
                case 'K' -> unit = 1L << 10;
                case 'M' -> unit = 1L << 20;
                case 'G' -> unit = 1L << 30;
                default -> { }
            }
        }
        if (unit > 1) {
            digits = digits.substring(0, digits.length() - 1);
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(Long.parseLong(digits), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            bytes = -1;
        }
        if (bytes <= 0 || bytes > Integer.MAX_VALUE - 8) {
            throw new CliException(option + " must be a size between 1 byte and 2G, such as 16M, but was '" + text + "'");
        }
        return bytes;
    }

    /** The token in {@code file}, trimmed; a CLI error when the file cannot be read or holds only whitespace. */
    private static String readToken(Path file) {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException | UncheckedIOException e) {
            throw new CliException("--token-file " + file + " cannot be read: " + e.getMessage());
        }
        if (token.isEmpty()) {
            throw new CliException("--token-file " + file + " is empty");
        }
        return token;
    }
}
