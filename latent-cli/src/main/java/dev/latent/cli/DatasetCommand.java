package dev.latent.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** {@code latent dataset}: fetch public datasets into the local cache, on request only. */
@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = "Manage public datasets in the local cache.",
        subcommands = {DatasetCommand.Fetch.class, DatasetCommand.ListCached.class})
final class DatasetCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the fetchable datasets and where they are cached.")
    static final class ListCached implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path dir = KnownDatasets.cacheRoot().resolve(KnownDatasets.ML_100K);
            spec.commandLine().getOut().printf("%-8s %s%n", KnownDatasets.ML_100K,
                    KnownDatasets.cachedMl100k().isPresent() ? "cached in " + dir : "not fetched (latent dataset fetch ml-100k)");
            return 0;
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = {"Download a dataset from its publisher, check every file's SHA-256 and cache it.",
                    "Known: ml-100k (GroupLens MovieLens 100K; read its licence: no redistribution)."})
    static final class Fetch implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "Dataset name: ml-100k.")
        String name;

        @Override
        public Integer call() throws IOException {
            if (!KnownDatasets.ML_100K.equals(name)) {
                throw new CliException("unknown dataset '" + name + "'; known: " + KnownDatasets.ML_100K);
            }
            Path target = KnownDatasets.cacheRoot().resolve(name);
            var err = spec.commandLine().getErr();
            err.println("Downloading " + KnownDatasets.ML_100K_URL + " ...");
            Path zip = download(URI.create(KnownDatasets.ML_100K_URL));
            try {
                install(zip, KnownDatasets.ML_100K_FILES, target);
            } finally {
                Files.deleteIfExists(zip);
            }
            spec.commandLine().getOut().println("Cached " + name + " in " + target + " (checksums verified)");
            return 0;
        }

        private static Path download(URI uri) throws IOException {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            Path zip = Files.createTempFile("latent-dataset-", ".zip");
            try {
                HttpResponse<Path> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).build(),
                        HttpResponse.BodyHandlers.ofFile(zip));
                if (response.statusCode() != 200) {
                    throw new CliException("could not download " + uri + ": HTTP " + response.statusCode());
                }
                return zip;
            } catch (IOException | InterruptedException e) {
                Files.deleteIfExists(zip);
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                throw new CliException("could not download " + uri + " (" + reason + "); without a network, "
                        + "'latent demo' runs on its built-in synthetic catalogue or on --data FILE");
            }
        }

        /**
         * Extracts the {@code expected} files (name → SHA-256) from {@code zip} into {@code target}:
         * all of them, each verified, or none. Other archive entries are ignored.
         */
        static void install(Path zip, Map<String, String> expected, Path target) throws IOException {
            Path staging = Files.createTempDirectory(Files.createDirectories(target.toAbsolutePath().getParent()), ".fetch-");
            try {
                int found = extractVerified(zip, expected, staging);
                if (found != expected.size()) {
                    throw new CliException("the downloaded archive lacks some of the expected files (found " + found
                            + " of " + expected.size() + "); nothing was cached");
                }
                Files.createDirectories(target);
                for (String file : expected.keySet()) {
                    Files.move(staging.resolve(file), target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                try (var left = Files.list(staging)) {
                    for (Path file : left.toList()) {
                        Files.delete(file);
                    }
                }
                Files.delete(staging);
            }
        }

        /** Extracts the expected files, each checked against its SHA-256; returns how many were found. */
        private static int extractVerified(Path zip, Map<String, String> expectedFiles, Path dir) throws IOException {
            int found = 0;
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                    String file = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                    String expected = expectedFiles.get(file);
                    if (expected == null || entry.isDirectory()) {
                        continue;
                    }
                    Path out = dir.resolve(file);
                    String actual = copyAndHash(in, out);
                    if (!actual.equals(expected)) {
                        throw new CliException("checksum mismatch for " + file + " in the download: expected SHA-256 "
                                + expected + " but got " + actual + "; nothing was cached");
                    }
                    found++;
                }
            }
            return found;
        }

        private static String copyAndHash(InputStream in, Path out) throws IOException {
            MessageDigest sha;
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
            byte[] buffer = new byte[1 << 16];
            try (var sink = Files.newOutputStream(out)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha.update(buffer, 0, n);
                    sink.write(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        }
    }
}
