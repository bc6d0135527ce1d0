package dev.latent.cli;

import dev.latent.data.ItemMetadata;
import dev.latent.model.FactorModel;
import dev.latent.recommend.Recommender;
import dev.latent.recommend.ScoredItem;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code latent similar}: the items closest to one item by cosine of their factor vectors. */
@Command(name = "similar", mixinStandardHelpOptions = true,
        description = "List the items most similar to an item (cosine of item factors).")
final class SimilarCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--item", required = true, paramLabel = "ID", description = "External item id.")
    String item;

    @Mixin
    RankedListOptions list = new RankedListOptions();

    @Override
    public Integer call() throws IOException {
        FactorModel model = list.load();
        ItemMetadata metadata = list.items.read(spec.commandLine().getErr());
        int index = Commands.indexOf(model.items(), item);
        List<ScoredItem> items = new Recommender(model).similar(index, list.n);
        String title = metadata.title(item);
        Commands.printScored(spec.commandLine().getOut(), list.json, "item", item, items,
                "Most similar to item " + item + (title == null ? "" : " \"" + title + "\"") + " (cosine of item factors):",
                metadata);
        return 0;
    }
}
