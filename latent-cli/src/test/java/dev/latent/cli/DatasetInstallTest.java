package dev.latent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verified install step of {@code latent dataset fetch}, on archives made here. */
class DatasetInstallTest {
    @TempDir
    Path dir;

    private Path zip(Map<String, String> files) throws IOException {
        Path zip = dir.resolve("archive.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("ml-100k/"));
            for (var file : files.entrySet()) {
                out.putNextEntry(new ZipEntry("ml-100k/" + file.getKey()));
                out.write(file.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return zip;
    }

    private static String sha256(String content) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void install_matchingChecksums_cachesExpectedFilesOnly() throws Exception {
        Path archive = zip(Map.of("u.data", "1\t2\t3\n", "u.info", "ignored\n"));
        Path target = dir.resolve("cache/ml-100k");

        DatasetCommand.Fetch.install(archive, Map.of("u.data", sha256("1\t2\t3\n")), target);

        assertEquals("1\t2\t3\n", Files.readString(target.resolve("u.data")));
        assertFalse(Files.exists(target.resolve("u.info")));
        try (var left = Files.list(target.getParent())) {
            assertEquals(1, left.count(), "no staging folder left behind");
        }
    }

    @Test
    void install_checksumMismatch_cachesNothing() throws Exception {
        Path archive = zip(Map.of("u.data", "1\t2\t3\n"));
        Path target = dir.resolve("cache/ml-100k");

        CliException e = assertThrows(CliException.class,
                () -> DatasetCommand.Fetch.install(archive, Map.of("u.data", sha256("tampered")), target));

        assertTrue(e.getMessage().startsWith("checksum mismatch for u.data"), e.getMessage());
        assertFalse(Files.exists(target));
        try (var left = Files.list(target.getParent())) {
            assertEquals(0, left.count(), "no staging folder left behind");
        }
    }

    @Test
    void install_missingFile_cachesNothing() throws Exception {
        Path archive = zip(Map.of("u.data", "1\t2\t3\n"));
        Path target = dir.resolve("cache/ml-100k");

        CliException e = assertThrows(CliException.class, () -> DatasetCommand.Fetch.install(archive,
                Map.of("u.data", sha256("1\t2\t3\n"), "u.item", sha256("x")), target));

        assertTrue(e.getMessage().contains("found 1 of 2"), e.getMessage());
        assertFalse(Files.exists(target));
    }
}
