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
        Commands.printScored(spec.commandLine().getOut(), json, "item", item, items,
                "Most similar to item " + item + " (cosine of item factors):");
        return 0;
    }
}
