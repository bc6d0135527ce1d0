package dev.latent.cli;

import dev.latent.synth.SyntheticConfig;
import dev.latent.synth.SyntheticGenerator;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code latent generate}: a synthetic rating file from a planted low-rank model. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write a synthetic rating file (user<TAB>item<TAB>rating) from a planted low-rank model:",
                "r = 3.5 + b_u + b_i + p_u·q_i + noise, items drawn with Zipf-like popularity. Same seed, same file.",
                "With --test-fraction X --test-out FILE, each rating goes to FILE with probability X, decided by a "
                        + "hash of (seed, user, item) alone; --out gets the rest, and the two together are the "
                        + "unsplit file."})
final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--users", required = true, paramLabel = "U", description = "Number of users.")
    int users;

    @Option(names = "--items", required = true, paramLabel = "I", description = "Number of items.")
    int items;

    @Option(names = "--ratings", required = true, paramLabel = "R", description = "Number of distinct (user, item) ratings.")
    long ratings;

    @Option(names = "--rank", defaultValue = "10", paramLabel = "K", description = "Rank of the planted model (default: ${DEFAULT-VALUE}).")
    int rank;

    @Option(names = "--noise", defaultValue = "0.5", paramLabel = "X", description = "Standard deviation of the Gaussian noise (default: ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--zipf", defaultValue = "0.8", paramLabel = "S", description = "Zipf exponent of item popularity (default: ${DEFAULT-VALUE}).")
    double zipf;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the ratings.")
    Path out;

    @Option(names = "--test-fraction", paramLabel = "X",
            description = "Fraction of the ratings to write to --test-out instead, e.g. 0.1 (with --test-out).")
    Double testFraction;

    @Option(names = "--test-out", paramLabel = "FILE", description = "Where to write the test ratings (with --test-fraction).")
    Path testOut;

    @Override
    public Integer call() throws IOException {
        if ((testFraction == null) != (testOut == null)) {
            throw new CliException("--test-fraction and --test-out go together");
        }
        if (testFraction != null && !(testFraction > 0 && testFraction < 1)) {
            throw new CliException("--test-fraction must be strictly between 0 and 1 but was " + testFraction);
        }
        if (testOut != null && testOut.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new CliException("--test-out must differ from --out");
        }
        SyntheticConfig config = new SyntheticConfig(users, items, ratings, rank, noise, zipf, seed);
        long started = System.nanoTime();
        SyntheticGenerator generator = new SyntheticGenerator(config);
        createParent(out);
        if (testOut != null) {
            createParent(testOut);
        }
        if (testOut == null) {
            generator.write(out);
        } else {
            generator.write(out, testOut, testFraction);
        }
        spec.commandLine().getErr().printf("Wrote %d ratings (%d users × %d items, rank %d, noise %.2f) to %s%s in %.1f s%n",
                ratings, users, items, rank, noise, out, testOut == null ? ""
                        : String.format(" and %s (test fraction %s)", testOut, testFraction),
                (System.nanoTime() - started) / 1e9);
        return 0;
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
