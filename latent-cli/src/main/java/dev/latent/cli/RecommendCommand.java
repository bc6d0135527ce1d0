package dev.latent.cli;

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

/** {@code latent recommend}: a user's top-N items among those they have not rated. */
@Command(name = "recommend", mixinStandardHelpOptions = true,
        description = "Recommend the top-N items a user has not rated yet.")
final class RecommendCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--user", required = true, paramLabel = "ID", description = "External user id.")
    String user;

    @Mixin
    RankedListOptions list = new RankedListOptions();

    @Override
    public Integer call() throws IOException {
        FactorModel model = list.load();
        int index = Commands.indexOf(model.users(), user);
        List<ScoredItem> items = new Recommender(model).recommend(index, list.n);
        Commands.printScored(spec.commandLine().getOut(), list.json, "user", user, items,
                "Top " + items.size() + " for user " + user + " (score = predicted preference, unclipped):");
        return 0;
    }
}
