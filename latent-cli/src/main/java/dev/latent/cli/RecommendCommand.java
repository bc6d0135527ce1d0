package dev.latent.cli;

import dev.latent.io.ModelFiles;
import dev.latent.model.FactorModel;
import dev.latent.recommend.Recommender;
import dev.latent.recommend.ScoredItem;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code latent recommend}: a user's top-N items among those they have not rated. */
@Command(name = "recommend", mixinStandardHelpOptions = true,
        description = "Recommend the top-N items a user has not rated yet.")
final class RecommendCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file from 'latent train'.")
    Path modelFile;

    @Option(names = "--user", required = true, paramLabel = "ID", description = "External user id.")
    String user;

    @Option(names = "--n", defaultValue = "10", paramLabel = "N", description = "How many items (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--json", description = "Print {\"user\": ID, \"items\": [{\"id\": ID, \"score\": X}, ...]}.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (n <= 0) {
            throw new CliException("--n must be positive but was " + n);
        }
        FactorModel model = ModelFiles.load(modelFile);
        int index = Commands.indexOf(model.users(), user);
        List<ScoredItem> items = new Recommender(model).recommend(index, n);
        Commands.printScored(spec.commandLine().getOut(), json, "user", user, items,
                "Top " + items.size() + " for user " + user + " (score = predicted preference, unclipped):");
        return 0;
    }
}
