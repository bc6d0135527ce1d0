package dev.latent.cli;

import dev.latent.cli.report.FactorMap;
import dev.latent.cli.report.HtmlReport;
import dev.latent.explain.FactorAnalysis;
import dev.latent.explain.FactorSummary;
import dev.latent.explain.GenreCorrelation;
import dev.latent.io.Json;
import dev.latent.io.ModelFiles;
import dev.latent.model.FactorModel;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code latent factors}: what each latent factor stands for — its extreme items, its share of the
 * variance of predicted scores and, with genres, how it correlates with each genre.
 */
@Command(name = "factors", mixinStandardHelpOptions = true,
        description = "Show what each latent factor stands for: the items loading highest and lowest on it, its share"
                + " of the variance of predicted scores and, with --items genres, its correlation with each genre."
                + " Factors are rotated by varimax for readability unless --rotate none; every score stays the same.")
final class FactorsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file from 'latent train'.")
    Path modelFile;

    @Mixin
    ItemOptions items = new ItemOptions();

    @Option(names = "--top", defaultValue = "10", paramLabel = "N",
            description = "Items listed at each end of a factor (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--min-ratings", defaultValue = "20", paramLabel = "N",
            description = "List only items with at least N training ratings, whose loadings are more than noise"
                    + " (default: ${DEFAULT-VALUE}; all rated items when too few have N).")
    int minRatings;

    @Option(names = "--rotate", defaultValue = FactorView.VARIMAX, paramLabel = "varimax|none",
            description = "varimax (default): rotate the factors so each loads few items strongly, user factors rotated"
                    + " alike so every prediction is unchanged; none: the factors as trained.")
    String rotate;

    @Option(names = "--limit", paramLabel = "N", description = "Show only the first N factors (default: all).")
    Integer limit;

    @Option(names = "--json", description = "Print one JSON object: {\"factors\": [{\"index\", \"variance_share\", \"label\","
            + " \"top\": [{\"id\", \"title\", \"loading\"}], \"bottom\": [...], \"genres\": [{\"genre\", \"correlation\"}]}]}.")
    boolean json;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Also write a self-contained HTML page: a map of the items (first two principal components of"
                    + " the item factors), coloured by genre, titles on hover, and a table per factor.")
    Path report;

    @Option(names = "--save-rotated", paramLabel = "MODEL",
            description = "Also save the model with the factors as shown (rotated): it predicts exactly as the original,"
                    + " and 'serve' and 'recommend --explain --rotate none' then explain in these factors.")
    Path saveRotated;

    @Override
    public Integer call() throws IOException {
        if (top <= 0) {
            throw new CliException("--top must be positive but was " + top);
        }
        if (minRatings < 0) {
            throw new CliException("--min-ratings must be ≥ 0 but was " + minRatings);
        }
        if (limit != null && limit <= 0) {
            throw new CliException("--limit must be positive but was " + limit);
        }
        FactorView.checkRotation(rotate);
        if (report != null) {
            HtmlReport.requireWritable(report, "--report");
        }
        PrintWriter out = spec.commandLine().getOut();
        FactorModel trained = ModelFiles.load(modelFile);
        FactorView view = FactorView.of(trained, items.read(spec.commandLine().getErr()), rotate, top, minRatings);
        List<FactorSummary> shown = view.summaries();
        if (limit != null && limit < shown.size()) {
            shown = shown.subList(0, limit);
        }
        if (json) {
            out.println(Json.write(toJson(view, shown)));
        } else {
            print(out, view, shown);
        }
        if (saveRotated != null) {
            ModelFiles.save(view.model, saveRotated);
            if (!json) {
                out.println("Saved the model with these factors to " + saveRotated);
            }
        }
        if (report != null) {
            writeReport(view, shown);
            if (!json) {
                out.println("Wrote the factor map to " + report);
            }
        }
        return 0;
    }

    private Map<String, Object> toJson(FactorView view, List<FactorSummary> shown) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("model", modelFile.toString());
        result.put("rank", view.model.rank());
        result.put("rotation", view.rotation);
        List<Object> factors = new ArrayList<>();
        for (FactorSummary summary : shown) {
            Map<String, Object> factor = new LinkedHashMap<>();
            factor.put("index", summary.index());
            factor.put("variance_share", summary.varianceShare());
            factor.put("label", summary.label());
            factor.put("top", loadings(view, summary.index(), summary.top()));
            factor.put("bottom", loadings(view, summary.index(), summary.bottom()));
            List<Object> genres = new ArrayList<>();
            for (GenreCorrelation genre : summary.genres()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("genre", genre.genre());
                entry.put("correlation", genre.correlation());
                genres.add(entry);
            }
            factor.put("genres", genres);
            factors.add(factor);
        }
        result.put("factors", factors);
        return result;
    }

    private static List<Object> loadings(FactorView view, int factor, int[] indices) {
        List<Object> list = new ArrayList<>(indices.length);
        for (int item : indices) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", view.model.items().idAt(item));
            entry.put("title", view.title(item));
            entry.put("loading", (double) loading(view.model, item, factor));
            list.add(entry);
        }
        return list;
    }

    private static float loading(FactorModel model, int item, int factor) {
        return model.itemFactors().get(item * model.rank() + factor);
    }

    private void print(PrintWriter out, FactorView view, List<FactorSummary> shown) {
        FactorModel model = view.model;
        out.printf("%s: %s, %d users × %d items, %d factors, %s%n", modelFile, model.algorithm(), model.users().size(),
                model.items().size(), model.rank(), view.rotation.equals(FactorView.VARIMAX)
                        ? "rotated by varimax (every prediction unchanged)" : "as trained");
        if (!view.items.hasGenres()) {
            out.println(items.file == null ? "No item metadata: pass --items FILE for titles and genre labels."
                    : "The item metadata has no genres: factors are shown without labels.");
        }
        for (FactorSummary summary : shown) {
            int f = summary.index();
            out.printf("%nFactor %d: %.1f%% of the variance of predicted scores%s%n", f, 100 * summary.varianceShare(),
                    summary.label() == null ? "" : ", label " + summary.label());
            if (!summary.genres().isEmpty()) {
                StringBuilder genres = new StringBuilder();
                for (GenreCorrelation genre : summary.genres().subList(0, Math.min(4, summary.genres().size()))) {
                    genres.append(genres.isEmpty() ? "" : ", ")
                            .append(String.format(Locale.ROOT, "%s %+.2f", genre.genre(), genre.correlation()));
                }
                out.println("  correlation with genres: " + genres);
            }
            printEnd(out, view, f, "highest", summary.top());
            printEnd(out, view, f, "lowest", summary.bottom());
        }
    }

    private static void printEnd(PrintWriter out, FactorView view, int factor, String end, int[] indices) {
        out.println("  " + end + ":");
        for (int item : indices) {
            out.printf(Locale.ROOT, "    %+.3f  %s%n", loading(view.model, item, factor), view.itemName(item));
        }
    }

    private void writeReport(FactorView view, List<FactorSummary> shown) throws IOException {
        FactorModel model = view.model;
        double[][] xy = FactorAnalysis.mapCoordinates(model);
        List<String> genreNames = view.items.genreNames();
        // Each item is coloured by its most specific genre, the one fewest items have (Sci-Fi rather than
        // Action for Star Wars); the palette goes to the genres that colour most items first.
        int[] items = new int[genreNames.size()];
        for (int i = 0; i < model.items().size(); i++) {
            for (int g : view.items.genresOf(model.items().idAt(i))) {
                items[g]++;
            }
        }
        int[] colour = new int[model.items().size()];
        int[] count = new int[genreNames.size()];
        for (int i = 0; i < colour.length; i++) {
            colour[i] = -1;
            for (int g : view.items.genresOf(model.items().idAt(i))) {
                if (colour[i] < 0 || items[g] < items[colour[i]]) {
                    colour[i] = g;
                }
            }
            if (colour[i] >= 0 && !Double.isNaN(xy[i][0])) {
                count[colour[i]]++;
            }
        }
        List<Integer> bySize = new ArrayList<>();
        for (int g = 0; g < count.length; g++) {
            if (count[g] > 0) {
                bySize.add(g);
            }
        }
        bySize.sort((a, b) -> count[a] != count[b] ? Integer.compare(count[b], count[a]) : Integer.compare(a, b));
        int[] group = new int[count.length];
        List<String> groups = new ArrayList<>();
        for (int g : bySize) {
            group[g] = groups.size();
            groups.add(genreNames.get(g));
        }
        List<FactorMap.Point> points = new ArrayList<>();
        for (int i = 0; i < model.items().size(); i++) {
            String id = model.items().idAt(i);
            int[] genres = view.items.genresOf(id);
            String title = view.items.title(id);
            StringBuilder label = new StringBuilder(title == null ? id : title + " (" + id + ")");
            for (int g = 0; g < genres.length; g++) {
                label.append(g == 0 ? " — " : ", ").append(genreNames.get(genres[g]));
            }
            boolean drawn = colour[i] >= 0 && !Double.isNaN(xy[i][0]);
            points.add(new FactorMap.Point(xy[i][0], xy[i][1], drawn ? group[colour[i]] : -1, label.toString()));
        }
        List<FactorMap.FactorTable> tables = new ArrayList<>();
        for (FactorSummary summary : shown) {
            int f = summary.index();
            List<String> notes = new ArrayList<>();
            for (GenreCorrelation genre : summary.genres().subList(0, Math.min(4, summary.genres().size()))) {
                notes.add(String.format(Locale.ROOT, "%s r = %+.2f", genre.genre(), genre.correlation()));
            }
            tables.add(new FactorMap.FactorTable(String.format(Locale.ROOT, "Factor %d — %.1f %% of variance%s", f,
                    100 * summary.varianceShare(), summary.label() == null ? "" : " — " + summary.label()),
                    names(view, f, summary.top()), names(view, f, summary.bottom()), notes));
        }
        FactorMap.report("Latent factors of " + modelFile.getFileName(),
                model.algorithm() + ", " + model.rank() + " factors, " + (view.rotation.equals(FactorView.VARIMAX)
                        ? "rotated by varimax" : "as trained") + "; items placed by the first two principal components"
                        + " of their factor vectors (items without ratings left out), each coloured by its rarest genre",
                "principal component 1", "principal component 2", groups, points, tables).write(report);
    }

    private static List<String> names(FactorView view, int factor, int[] indices) {
        List<String> names = new ArrayList<>(indices.length);
        for (int item : indices) {
            names.add(String.format(Locale.ROOT, "%s (%+.2f)", view.itemName(item), loading(view.model, item, factor)));
        }
        return names;
    }
}
