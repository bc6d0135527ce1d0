package dev.latent.cli;

import dev.latent.io.ModelFiles;
import dev.latent.model.FactorModel;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** What the commands that list ranked items from a saved model share: the model, how many, and JSON. */
final class RankedListOptions {

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file from 'latent train'.")
    Path modelFile;

    @Option(names = "--n", defaultValue = "10", paramLabel = "N", description = "How many items (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--json", description = "Print one JSON object: {\"<user|item>\": ID, \"items\": [{\"id\": ID, \"score\": X,"
            + " \"title\": T}, ...]} (title with --items, when known).")
    boolean json;

    @Mixin
    ItemOptions items = new ItemOptions();

    /** Checks --n, then loads the model. */
    FactorModel load() throws IOException {
        if (n <= 0) {
            throw new CliException("--n must be positive but was " + n);
        }
        return ModelFiles.load(modelFile);
    }
}
