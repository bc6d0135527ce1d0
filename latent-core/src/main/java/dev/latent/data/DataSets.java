package dev.latent.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the shared real rating datasets (MovieLens, Last.fm, ...) live for tests and benchmarks.
 *
 * <p>The root is, in order: the system property {@value #PROPERTY}, else the environment variable
 * {@value #ENVIRONMENT_VARIABLE}, else {@code ../shared/data} relative to the working directory.
 * The build passes {@code -Dlatent.data} to tests and {@code ./latent} sets {@code LATENT_DATA}, both
 * defaulting to {@code shared/data} beside the checkout. Dataset files are never part of the repository.
 */
public final class DataSets {
    /** The system property naming the dataset root. */
    public static final String PROPERTY = "latent.data";
    /** The environment variable naming the dataset root, used when the property is unset. */
    public static final String ENVIRONMENT_VARIABLE = "LATENT_DATA";

    private DataSets() {
    }

    /** The dataset root as configured, absolute; it need not exist. */
    public static Path root() {
        return root(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT_VARIABLE));
    }

    /** The root from a property and an environment value, either null or blank when unset. */
    static Path root(String property, String environment) {
        String configured = property != null && !property.isBlank() ? property
                : environment != null && !environment.isBlank() ? environment
                : Path.of("..", "shared", "data").toString();
        return Path.of(configured).toAbsolutePath().normalize();
    }

    /** The file or folder at {@code relative} under the root, such as {@code "ml-100k/u.data"}, when it exists. */
    public static Optional<Path> find(String relative) {
        Objects.requireNonNull(relative, "relative");
        Path path = Path.of(relative);
        if (path.isAbsolute()) {
            throw new IllegalArgumentException("dataset path must be relative to the root but was " + relative);
        }
        Path resolved = root().resolve(path).normalize();
        return Files.exists(resolved) ? Optional.of(resolved) : Optional.empty();
    }
}
