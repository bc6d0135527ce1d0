package dev.latent.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * A server process for {@link CrashRecoveryTest} to kill: serves the model file {@code args[0]}
 * with the write-ahead log in {@code args[1]} on a free loopback port, prints
 * {@code LISTENING <port>}, and runs until killed.
 */
public final class CrashTarget {
    private CrashTarget() {
    }

    public static void main(String[] args) throws Exception {
        ServerConfig config = new ServerConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100)
                .withModelFile(Path.of(args[0])).withWalDir(Path.of(args[1]));
        LatentServer server = LatentServer.start(config);
        server.serve(ServingModel.load(config.modelFile(), 1));
        System.out.println("LISTENING " + server.address().getPort());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
