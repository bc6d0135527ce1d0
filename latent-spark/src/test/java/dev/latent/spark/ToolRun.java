package dev.latent.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@link SparkTool} run in-process, keeping what it printed; and the tiny rating file the tool tests train on. */
final class ToolRun {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Runs one command; returns its exit status. */
    int run(String... args) {
        return SparkTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** Everything printed to stdout so far. */
    String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Everything printed to stderr so far. */
    String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** 8 users u1..u8 × 6 items 10..60, ratings 1..5, a third of the pairs missing, as {@code dir/ratings.csv}. */
    static Path tinyRatings(Path dir) throws IOException {
        StringBuilder text = new StringBuilder("userId,movieId,rating\n");
        for (int u = 1; u <= 8; u++) {
            for (int i = 1; i <= 6; i++) {
                if ((u + i) % 3 != 0) {
                    text.append("u").append(u).append(',').append(i * 10).append(',').append(1 + (u * i) % 5).append('\n');
                }
            }
        }
        return Files.writeString(dir.resolve("ratings.csv"), text);
    }
}
