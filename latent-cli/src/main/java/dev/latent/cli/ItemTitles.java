package dev.latent.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Item titles for display, when a MovieLens metadata file sits beside the rating file:
 * {@code u.item} (ML-100K, {@code id|title|...}) or {@code movies.dat} (ML-1M,
 * {@code id::title::genres}), both Latin-1. Anything else yields no titles.
 */
final class ItemTitles {
    private ItemTitles() {
    }

    static Map<String, String> near(Path ratingFile) {
        Path dir = ratingFile.toAbsolutePath().getParent();
        if (dir == null) {
            return Map.of();
        }
        try {
            if (Files.isRegularFile(dir.resolve("u.item"))) {
                return read(dir.resolve("u.item"), "|");
            }
            if (Files.isRegularFile(dir.resolve("movies.dat"))) {
                return read(dir.resolve("movies.dat"), "::");
            }
        } catch (IOException unreadable) {
            // Titles are a nicety: without them the demo shows ids.
        }
        return Map.of();
    }

    private static Map<String, String> read(Path file, String separator) throws IOException {
        Map<String, String> titles = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            for (String line; (line = in.readLine()) != null; ) {
                int first = line.indexOf(separator);
                if (first <= 0) {
                    continue;
                }
                int second = line.indexOf(separator, first + separator.length());
                String title = second < 0 ? line.substring(first + separator.length())
                        : line.substring(first + separator.length(), second);
                titles.put(line.substring(0, first), title);
            }
        }
        return titles;
    }
}
