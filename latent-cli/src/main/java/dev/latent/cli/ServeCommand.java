package dev.latent.cli;

import dev.latent.server.LatentServer;
import dev.latent.server.ServerConfig;
import dev.latent.server.ServingModel;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code latent serve}: loads a model and answers the HTTP JSON API ({@code dev.latent.server}) until
 * the process is stopped. The model is loaded before the port is bound, so a bad model file fails
 * (exit 2) without ever listening.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a model over HTTP (JSON): /recommend/{user}, /recommendToAnonymous/{item=value}/..., "
                + "/similarity/{item}/..., /similarityToItem/{to}/{item}/..., /estimate/{user}/{item}/..., "
                + "/knownItems/{user}, /mostPopularItems, /user/allIDs, /item/allIDs, /ready, /model. "
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
        ServingModel model = ServingModel.load(modelFile, 1);
        LatentServer server;
        try {
            server = LatentServer.start(new ServerConfig(new InetSocketAddress(address, port), maxResults));
        } catch (BindException e) {
            throw new CliException("cannot listen on " + bind + ":" + port + ": " + e.getMessage()
                    + " (is another server using this port? choose another --port)");
        }
        Thread stopOnExit = new Thread(server::close, "latent-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            server.serve(model);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Serving " + modelFile + " (" + model.model().algorithm() + ", " + model.model().users().size()
                    + " users, " + model.model().items().size() + " items) at " + server.uri());
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
}
