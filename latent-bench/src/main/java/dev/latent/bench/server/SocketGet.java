package dev.latent.bench.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A minimal HTTP/1.1 GET client over kept-alive sockets, for the load: it writes a request line and
 * a Host header, reads the status line, the headers and exactly Content-Length bytes of body, and
 * puts the connection back for the next request. A fraction of the CPU the JDK's client spends per
 * request, which matters when the generator shares two cores with the server it measures. The
 * caller bounds how many requests are in flight, and so how many connections exist.
 */
final class SocketGet implements AutoCloseable {
    private final InetSocketAddress address;
    private final String host;
    private final String prefix;
    private final int timeoutMillis;
    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();

    private record Connection(Socket socket, InputStream in, OutputStream out) {
    }

    SocketGet(URI base, Duration timeout) {
        int port = base.getPort() < 0 ? 80 : base.getPort();
        this.address = new InetSocketAddress(base.getHost(), port);
        this.host = base.getHost() + ":" + port;
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        this.prefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    /** GETs {@code pathAndQuery} (already percent-encoded, below the base URI's path) and returns the status code; the body is read and dropped. */
    int get(String pathAndQuery) throws IOException {
        Connection connection = idle.poll();
        if (connection == null) {
            connection = open();
        }
        try {
            connection.out().write(("GET " + prefix + pathAndQuery + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            connection.out().flush();
            int status = readResponse(connection.in());
            idle.add(connection);
            return status;
        } catch (IOException | RuntimeException e) {
            connection.socket().close();
            throw e;
        }
    }

    private Connection open() throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, (int) Math.min(timeoutMillis, Http.CONNECT_TIMEOUT.toMillis()));
        socket.setSoTimeout(timeoutMillis);
        return new Connection(socket, new BufferedInputStream(socket.getInputStream(), 1 << 14),
                new BufferedOutputStream(socket.getOutputStream(), 512));
    }

    /** Reads one response; returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon > 0 && header.regionMatches(true, 0, "Content-Length", 0, colon)) {
                length = Long.parseLong(header.substring(colon + 1).strip());
            } else if (colon > 0 && header.regionMatches(true, 0, "Transfer-Encoding", 0, colon)) {
                throw new IOException("chunked responses are not supported by this load client");
            }
        }
        if (length < 0) {
            throw new IOException("a response without Content-Length");
        }
        for (long left = length; left > 0; ) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("the body ended " + left + " bytes early");
                }
                skipped = 1;
            }
            left -= skipped;
        }
        return status;
    }

    /** One header line without its CRLF. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("the connection closed mid-response");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        for (Connection connection = idle.poll(); connection != null; connection = idle.poll()) {
            try {
                connection.socket().close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
