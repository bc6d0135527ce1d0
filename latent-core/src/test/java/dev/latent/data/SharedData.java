package dev.latent.data;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The shared real datasets for tests (see {@link DataSets}). A missing dataset skips the test on a
 * developer's machine, but fails it under CI (environment variable {@code CI} set), which must have them.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path require(String relative) {
        Optional<Path> found = DataSets.find(relative);
        if (found.isPresent()) {
            return found.get();
        }
        String message = "dataset " + DataSets.root().resolve(relative) + " is missing; set -D" + DataSets.PROPERTY
                + " or " + DataSets.ENVIRONMENT_VARIABLE + " to the shared data folder";
        return System.getenv("CI") != null ? fail(message) : Assumptions.abort(message);
    }
}
