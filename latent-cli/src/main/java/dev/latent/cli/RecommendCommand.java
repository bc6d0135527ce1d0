package dev.latent.cli;

import dev.latent.data.IdIndex;
import dev.latent.data.ItemMetadata;
import dev.latent.io.Json;
import dev.latent.model.FactorModel;
import dev.latent.recommend.Explainer;
import dev.latent.recommend.Explainer.Explanation;
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
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

    @Option(names = "--explain",
            description = "Explain each item: its score split into the mean, the two biases and the factors that"
                    + " contributed most (labelled by genre when --items has genres), and the user's rated items most"
                    + " like it. JSON: \"explain\": {\"global_mean\", \"user_bias\", \"item_bias\", \"factors\": [{\"index\","
                    + " \"contribution\", \"label\"}], \"other_factors\", \"because\": [{\"id\", \"title\", \"similarity\"}]}.")
    boolean explain;

    @Option(names = "--rotate", defaultValue = FactorView.VARIMAX, paramLabel = "varimax|none",
            description = "With --explain: the factors to explain in, varimax-rotated as 'latent factors' shows them"
                    + " (default) or none, as trained. Scores are the same either way.")
    String rotate;

    /** How many factors and rated items an explanation lists. */
    private static final int EXPLAINED = 3;

    @Override
    public Integer call() throws IOException {
        Map<String, Float> given = who.ratings == null ? null : parse(who.ratings);
        FactorView.checkRotation(rotate);
        FactorModel model = list.load();
        ItemMetadata metadata = list.items.read(spec.commandLine().getErr());
        Recommender recommender = new Recommender(model);
        List<ScoredItem> items;
        String heading;
        int index = -1;
        FoldedUser user = null;
        if (given == null) {
            index = Commands.indexOf(model.users(), who.user);
            items = recommender.recommend(index, list.n);
            heading = "Top " + items.size() + " for user " + who.user + " (score = predicted preference, unclipped):";
        } else {
            user = foldIn(model, given);
            items = recommender.recommend(user, list.n);
            heading = "Top " + items.size() + " for a new user folded in from " + given.size() + " rating"
                    + (given.size() == 1 ? "" : "s") + " (score = predicted preference, unclipped):";
        }
        PrintWriter out = spec.commandLine().getOut();
        if (!explain) {
            Commands.printScored(out, list.json, "user", who.user, items, heading, metadata);
            return 0;
        }
        // Rotation keeps every score and every item cosine, so the recommendations above stand.
        FactorView view = FactorView.of(model, metadata, rotate, EXPLAINED, 0);
        Explainer explainer = new Explainer(view.model);
        // Fold-in is rotation-equivariant (isotropic ridge), so folding into the rotated model gives the rotated vector.
        FoldedUser viewed = user == null ? null : view.model == model ? user : foldIn(view.model, given);
        List<Explanation> explanations = new ArrayList<>(items.size());
        for (ScoredItem item : items) {
            explanations.add(viewed == null ? explainer.explain(index, item.index(), EXPLAINED, EXPLAINED)
                    : explainer.explain(viewed, item.index(), EXPLAINED, EXPLAINED));
        }
        if (list.json) {
            List<Map<String, Object>> entries = Commands.scoredItems(items, metadata);
            for (int k = 0; k < entries.size(); k++) {
                entries.get(k).put("explain", toJson(view, explanations.get(k)));
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("user", who.user);
            result.put("rotation", view.rotation);
            result.put("items", entries);
            out.println(Json.write(result));
            return 0;
        }
        out.println(heading);
        for (int k = 0; k < items.size(); k++) {
            out.println(Commands.scoredLine(k, items.get(k), metadata));
            printExplanation(out, view, explanations.get(k));
        }
        if (view.rotation.equals(FactorView.VARIMAX)) {
            out.println("Factors are numbered as 'latent factors --model " + list.modelFile + "' shows them (varimax).");
        }
        return 0;
    }

    private static Map<String, Object> toJson(FactorView view, Explanation e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("global_mean", (double) e.globalMean());
        json.put("user_bias", (double) e.userBias());
        json.put("item_bias", (double) e.itemBias());
        List<Object> factors = new ArrayList<>();
        for (Explainer.Contribution c : e.factors()) {
            Map<String, Object> factor = new LinkedHashMap<>();
            factor.put("index", c.factor());
            factor.put("contribution", c.value());
            factor.put("label", view.label(c.factor()));
            factors.add(factor);
        }
        json.put("factors", factors);
        json.put("other_factors", e.otherFactors());
        List<Object> because = new ArrayList<>();
        for (ScoredItem item : e.because()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", item.id());
            entry.put("title", view.items.title(item.id()));
            entry.put("similarity", (double) item.score());
            because.add(entry);
        }
        json.put("because", because);
        return json;
    }

    private static void printExplanation(PrintWriter out, FactorView view, Explanation e) {
        StringBuilder terms = new StringBuilder(String.format(Locale.ROOT, "%.2f mean %+.2f user %+.2f item",
                e.globalMean(), e.userBias(), e.itemBias()));
        for (Explainer.Contribution c : e.factors()) {
            terms.append(String.format(Locale.ROOT, " %+.2f %s", c.value(), view.factorName(c.factor())));
        }
        terms.append(String.format(Locale.ROOT, " %+.2f other factors", e.otherFactors()));
        out.println("       = " + terms);
        if (!e.because().isEmpty()) {
            StringBuilder because = new StringBuilder();
            for (ScoredItem item : e.because()) {
                String title = view.items.title(item.id());
                because.append(because.isEmpty() ? "" : "; ").append(title == null ? item.id() : title)
                        .append(String.format(Locale.ROOT, " (%.2f)", item.score()));
            }
            out.println("       because you rated " + because);
        }
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
