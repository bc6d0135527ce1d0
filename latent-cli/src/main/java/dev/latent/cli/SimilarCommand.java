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

/** {@code latent similar}: the items closest to one item by cosine of their factor vectors. */
@Command(name = "similar", mixinStandardHelpOptions = true,
        description = "List the items most similar to an item (cosine of item factors).")
final class SimilarCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file from 'latent train'.")
    Path modelFile;

    @Option(names = "--item", required = true, paramLabel = "ID", description = "External item id.")
    String item;

    @Option(names = "--n", defaultValue = "10", paramLabel = "N", description = "How many items (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--json", description = "Print {\"item\": ID, \"items\": [{\"id\": ID, \"score\": X}, ...]}.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (n <= 0) {
            throw new CliException("--n must be positive but was " + n);
        }
        FactorModel model = ModelFiles.load(modelFile);
        int index = Commands.indexOf(model.items(), item);
        List<ScoredItem> items = new Recommender(model).similar(index, n);
        var out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("item", item);
            result.put("items", Commands.scoredItems(items));
            out.println(Json.write(result));
        } else {
            out.printf("Most similar to item %s (cosine of item factors):%n", item);
            for (int k = 0; k < items.size(); k++) {
                out.printf("%3d. %-20s %.4f%n", k + 1, items.get(k).id(), items.get(k).score());
            }
        }
        return 0;
    }
}
