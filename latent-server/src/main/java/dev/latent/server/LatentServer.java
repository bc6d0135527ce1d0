package dev.latent.server;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

/**
 * The recommendation service: the JDK's built-in HTTP server ({@code com.sun.net.httpserver}), one
 * virtual thread per request, one {@link Endpoint} per endpoint family (each class's Javadoc is its
 * HTTP contract), and the served {@link ServingModel} behind an atomic reference.
 *
 * <p>Design: a request reads the reference once and works on that model to the end, so
 * {@link #serve} can replace the model at any moment without locks and without a request ever
 * seeing two models; {@code POST /admin/reload} builds the new model completely before that one
 * swap ({@link Reloader}). Before a model is served, every endpoint but {@code /ready} and
 * {@code /metrics} answers 503. JSON ids are always strings.
 *
 * <p>Two filters wrap every endpoint: {@link MetricsFilter} (outermost, so refused requests are
 * counted too) and {@link AccessFilter} (the bearer token and read-only mode for requests that
 * change state).
 */
public final class LatentServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LatentServer.class);

    private final HttpServer http;
    private final ExecutorService executor;
    private final ServerState state;
    private final ModelSwapper swapper;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LatentServer(HttpServer http, ExecutorService executor, ServerState state, ServerConfig config) {
        this.http = http;
        this.executor = executor;
        this.state = state;
        this.swapper = new ModelSwapper(config.modelFile(), config.dataFile(), state);
    }

    /**
     * Opens the write-ahead log when {@code config} names one (replaying it), binds
     * {@code config}'s address and starts answering, with no model yet (see {@link #serve}).
     *
     * @throws java.net.BindException when the address is in use or cannot be bound
     * @throws IOException            naming the file when the log cannot be opened or is damaged
     */
    public static LatentServer start(ServerConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        // The JDK server writes the headers and the body of a response in two packets; without
        // TCP_NODELAY the body waits for the client's delayed ACK (40 ms on Linux) on keep-alive.
        // The property is read once, when the first server is created in this JVM.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        ServerState state = config.walDir() == null
                ? new ServerState(config.maxBodyBytes(), config.scoringThreads(), config.items())
                : ServerState.withLog(config.walDir(), config.maxBodyBytes(), config.scoringThreads(), config.items());
        HttpServer http;
        try {
            http = HttpServer.create(config.address(), 0);
        } catch (IOException e) {
            state.close();
            throw e;
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        http.setExecutor(executor);
        LatentServer server = new LatentServer(http, executor, state, config);
        List<Endpoint> endpoints = server.endpoints(config.maxResults());
        List<String> families = new ArrayList<>(endpoints.stream().map(Endpoint::family).toList());
        families.add(MetricsEndpoint.PATH.substring(1));
        Metrics metrics = new Metrics(families);
        endpoints = new ArrayList<>(endpoints);
        endpoints.add(new MetricsEndpoint(server.state, config.maxResults(), metrics));
        for (Endpoint endpoint : endpoints) {
            HttpContext context = http.createContext(endpoint.path(), endpoint);
            context.getFilters().add(new MetricsFilter(metrics, endpoint.family()));
            context.getFilters().add(new AccessFilter(endpoint, config.token(), config.readOnly()));
        }
        http.start();
        LOG.info("listening on {}", server.uri());
        return server;
    }

    /** Every endpoint but /metrics, which counts them. */
    private List<Endpoint> endpoints(int maxResults) {
        List<BiFunction<ServerState, Integer, Endpoint>> all = List.of(
                RecommendEndpoint::new, RecommendToManyEndpoint::new, RecommendToAnonymousEndpoint::new,
                SimilarityEndpoint::new, SimilarityToItemEndpoint::new, EstimateEndpoint::new, BecauseEndpoint::new,
                KnownItemsEndpoint::new, MostPopularItemsEndpoint::new, AllIdsEndpoint::users, AllIdsEndpoint::items,
                PrefEndpoint::new, IngestEndpoint::new, ReadyEndpoint::new, NotFoundEndpoint::new);
        List<Endpoint> endpoints = new ArrayList<>(all.stream().map(make -> make.apply(state, maxResults)).toList());
        endpoints.add(new ModelEndpoint(state, maxResults, swapper));
        endpoints.add(new AdminEndpoint(state, maxResults, swapper));
        return endpoints;
    }

    /** Serves {@code model} from now on, atomically replacing the one served before (if any). */
    public void serve(ServingModel model) {
        ServingModel previous = state.served().getAndSet(Objects.requireNonNull(model, "model"));
        LOG.info("serving {}{}", model, previous == null ? "" : " instead of version " + previous.version());
    }

    /** The model being served, empty before the first {@link #serve}. */
    public Optional<ServingModel> model() {
        return Optional.ofNullable(state.served().get());
    }

    /**
     * What opening the write-ahead log found, in words, such as
     * {@code "wal/preferences.wal: 12 requests (340 changes) replayed"}; empty without a log.
     */
    public Optional<String> writeAheadLogSummary() {
        WriteAheadLog log = state.log();
        if (log == null) {
            return Optional.empty();
        }
        WriteAheadLog.Recovery found = log.recovery();
        return Optional.of(log.file() + ": " + found.requests() + (found.requests() == 1 ? " request (" : " requests (")
                + found.changes() + (found.changes() == 1 ? " change) replayed" : " changes) replayed")
                + (found.tornBytesCut() > 0 ? ", a torn last record of " + found.tornBytesCut() + " bytes cut off" : ""));
    }

    /** The address bound, with the actual port when port 0 was asked for. */
    public InetSocketAddress address() {
        return http.getAddress();
    }

    /** {@code http://host:port/}, for people and tests. */
    public URI uri() {
        InetSocketAddress address = address();
        String host = address.getAddress().getHostAddress();
        if (address.getAddress() instanceof Inet6Address) {
            host = "[" + host.replaceFirst("%.*$", "") + "]";
        }
        return URI.create("http://" + host + ":" + address.getPort() + "/");
    }

    /**
     * Stops listening, gives requests in flight up to a second to finish, ends the request threads
     * and closes the write-ahead log; later calls do nothing.
     */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        http.stop(1);
        executor.shutdownNow();
        state.close();
        LOG.info("stopped");
    }
}
