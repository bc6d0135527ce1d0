package dev.latent.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Public datasets the CLI can fetch from their publishers on request, with the SHA-256 of every
 * file it keeps, and the local cache they land in ({@code $LATENT_CACHE}, else
 * {@code $XDG_CACHE_HOME/latent}, else {@code ~/.cache/latent}).
 */
final class KnownDatasets {
    static final String ML_100K = "ml-100k";
    static final String ML_100K_URL = "https://files.grouplens.org/datasets/movielens/ml-100k.zip";

    /** File name → SHA-256 of the files of ml-100k.zip that Latent uses. */
    static final Map<String, String> ML_100K_FILES = ml100kFiles();

    private KnownDatasets() {
    }

    private static Map<String, String> ml100kFiles() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("u.data", "06416e597f82b7342361e41163890c81036900f418ad91315590814211dca490");
        files.put("u.item", "553841ebc7de3a0fd0d6b62a204ea30c1e651aacfb2814c7a6584ac52f2c5701");
        files.put("u1.base", "ce253ec86c448b44fb3ba9a30d12dcfc2e9210cbde71efada3730c22e9ac212a");
        files.put("u1.test", "18c6014a4b2c7324f250a63f8904a7b16b2b19f911129e346141507b0cbac950");
        files.put("u2.base", "6c06f0b5df4b256da1a994f3ac66edc8da4d3f09bc9282df6b14d893366d703e");
        files.put("u2.test", "4de658d1e04ed9104629509a2e2528fce833ac8e048280183f1df167632038c3");
        files.put("u3.base", "afdc155c291c6edc41c0407e39d7462eb98d341e064f0b0a12175b80b3c4af5d");
        files.put("u3.test", "0f548b51c78327de4c156461d3e430b7e5579fe2b5681586a59416e48fd35f6d");
        files.put("u4.base", "219f0f4d40dfe9c5141d425f53fa91ee23ed275f14e280bbf1b50117afb064ca");
        files.put("u4.test", "7c02ad0a1e7ab1083c8b9d4b627203a051dd7b5eab46d99fa44de33470de8db9");
        files.put("u5.base", "a9574e59ce961eec2121627760b6e9b0974ce1637b3fe69ac32cb14a4bfab485");
        files.put("u5.test", "351cc52e0d15b6c721466276fc24671d40936899e3d01fadeaf312915b8c5634");
        return Map.copyOf(files);
    }

    static Path cacheRoot() {
        String explicit = System.getenv("LATENT_CACHE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "latent");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "latent");
    }

    /** The cached ML-100K ratings file, when `latent dataset fetch ml-100k` has run. */
    static Optional<Path> cachedMl100k() {
        Path data = cacheRoot().resolve(ML_100K).resolve("u.data");
        return java.nio.file.Files.isRegularFile(data) ? Optional.of(data) : Optional.empty();
    }
}
