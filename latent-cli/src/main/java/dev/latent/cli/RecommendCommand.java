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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        var out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("user", user);
            result.put("items", Commands.scoredItems(items));
            out.println(Json.write(result));
        } else {
            out.printf("Top %d for user %s (score = predicted preference, unclipped):%n", items.size(), user);
            for (int k = 0; k < items.size(); k++) {
                out.printf("%3d. %-20s %.4f%n", k + 1, items.get(k).id(), items.get(k).score());
            }
        }
        return 0;
    }
}
