package dev.latent.cli;

import dev.latent.data.IdIndex;
import dev.latent.model.FactorModel;
import dev.latent.recommend.FoldIn;
import dev.latent.recommend.FoldedUser;
import dev.latent.recommend.Recommender;
import dev.latent.recommend.ScoredItem;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;

/**
 * {@code latent recommend}: a user's top-N items among those they have not rated; either a user of
 * the model ({@code --user}) or a new one folded in from a few ratings ({@code --ratings}).
 */
@Command(name = "recommend", mixinStandardHelpOptions = true,
        description = "Recommend the top-N items a user has not rated yet: a user of the model (--user), or a new"
                + " user given by a few ratings (--ratings), folded into the model without retraining.")
final class RecommendCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Who who = new Who();

    static final class Who {
        @Option(names = "--user", paramLabel = "ID", description = "External user id.")
        String user;

        @Option(names = "--ratings", paramLabel = "ITEM=VALUE,...",
                description = "A new user's ratings (strengths for an implicit model), such as \"alien=5,dune=3\";"
                        + " item ids may not contain ','. Every item must be known to the model: unknown ids,"
                        + " a malformed pair, a repeated item or an empty list are an error (exit 2).")
        String ratings;
    }

    @Mixin
    RankedListOptions list = new RankedListOptions();

    @Override
    public Integer call() throws IOException {
        Map<String, Float> given = who.ratings == null ? null : parse(who.ratings);
        FactorModel model = list.load();
        Recommender recommender = new Recommender(model);
        if (given == null) {
            int index = Commands.indexOf(model.users(), who.user);
            List<ScoredItem> items = recommender.recommend(index, list.n);
            Commands.printScored(spec.commandLine().getOut(), list.json, "user", who.user, items,
                    "Top " + items.size() + " for user " + who.user + " (score = predicted preference, unclipped):");
            return 0;
        }
        FoldedUser user = foldIn(model, given);
        List<ScoredItem> items = recommender.recommend(user, list.n);
        Commands.printScored(spec.commandLine().getOut(), list.json, "user", null, items,
                "Top " + items.size() + " for a new user folded in from " + given.size() + " rating"
                        + (given.size() == 1 ? "" : "s") + " (score = predicted preference, unclipped):");
        return 0;
    }

    /** "a=5, b=3" as item id → value in the given order; every mistake names the offending text. */
    static Map<String, Float> parse(String text) {
        if (text.isBlank()) {
            throw new CliException("--ratings is empty; give ITEM=VALUE pairs such as \"alien=5,dune=3\"");
        }
        Map<String, Float> given = new LinkedHashMap<>();
        for (String raw : text.split(",", -1)) {
            String pair = raw.strip();
            int equals = pair.lastIndexOf('=');
            String id = equals < 0 ? "" : pair.substring(0, equals).strip();
            float value = Float.NaN;
            if (equals >= 0) {
                try {
                    value = Float.parseFloat(pair.substring(equals + 1).strip());
                } catch (NumberFormatException notANumber) {
                    // reported below
                }
            }
            if (id.isEmpty() || !Float.isFinite(value)) {
                throw new CliException("malformed --ratings pair '" + pair + "': expected ITEM=VALUE with a finite"
                        + " number, such as alien=5");
            }
            if (given.put(id, value) != null) {
                throw new CliException("item '" + id + "' is given more than once in --ratings");
            }
        }
        return given;
    }

    /** Folds the ratings in; all unknown item ids are named in one error. */
    private static FoldedUser foldIn(FactorModel model, Map<String, Float> given) {
        IdIndex items = model.items();
        int[] indices = new int[given.size()];
        float[] values = new float[given.size()];
        List<String> unknown = new ArrayList<>();
        int j = 0;
        for (Map.Entry<String, Float> entry : given.entrySet()) {
            indices[j] = items.tryIndexOf(entry.getKey());
            values[j++] = entry.getValue();
            if (indices[j - 1] < 0) {
                unknown.add(entry.getKey());
            }
        }
        if (!unknown.isEmpty()) {
            StringJoiner names = new StringJoiner("', '", "'", "'");
            unknown.forEach(names::add);
            String plural = unknown.size() == 1 ? "" : "s";
            throw new CliException("unknown " + items.kind() + plural + " " + names + " in --ratings: the model has no "
                    + items.kind() + " with " + (unknown.size() == 1 ? "this id" : "these ids") + " (it knows "
                    + items.size() + " " + items.kind() + "s)");
        }
        return new FoldIn(model).foldIn(indices, values);
    }
}
