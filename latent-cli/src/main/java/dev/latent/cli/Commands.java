package dev.latent.cli;

import dev.latent.data.IdIndex;
import dev.latent.data.ItemMetadata;
import dev.latent.data.ReadReport;
import dev.latent.eval.EvaluationReport;
import dev.latent.io.Json;
import dev.latent.model.FactorModel;
import dev.latent.recommend.ScoredItem;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Small pieces several commands share. */
final class Commands {
    private Commands() {
    }

    /** Prints a read's one-line summary and, when lines were skipped, the first reasons. */
    static void printReport(PrintWriter err, ReadReport report) {
        err.println(report.summary());
        for (String skipped : report.skipMessages()) {
            err.println("  skipped " + skipped);
        }
        if (report.badLinesSkipped() > report.skipMessages().size()) {
            err.println("  ... and " + (report.badLinesSkipped() - report.skipMessages().size()) + " more bad lines");
        }
    }

    /** "factors=100, epochs=50, ..." for text output. */
    static String describe(Map<String, String> parameters) {
        StringJoiner joined = new StringJoiner(", ");
        parameters.forEach((name, value) -> joined.add(name + "=" + value));
        return joined.toString();
    }

    /** Parameters with numbers as JSON numbers. */
    static Map<String, Object> typedParameters(FactorModel model) {
        return typed(model.parameters());
    }

    static Map<String, Object> typed(Map<String, String> parameters) {
        Map<String, Object> typed = new LinkedHashMap<>();
        parameters.forEach((name, value) -> {
            Object parsed = value;
            try {
                parsed = value.contains(".") ? (Object) Double.parseDouble(value) : (Object) Long.parseLong(value);
            } catch (NumberFormatException notANumber) {
                // keep the string
            }
            typed.put(name, parsed);
        });
        return typed;
    }

    /** [{"id": ..., "score": ...}, ...] */
    static List<Map<String, Object>> scoredItems(List<ScoredItem> items) {
        return scoredItems(items, ItemMetadata.empty());
    }

    /** [{"id": ..., "score": ..., "title": ...}, ...], the title only where {@code metadata} knows it. */
    static List<Map<String, Object>> scoredItems(List<ScoredItem> items, ItemMetadata metadata) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ScoredItem item : items) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", item.id());
            entry.put("score", (double) item.score());
            String title = metadata.title(item.id());
            if (title != null) {
                entry.put("title", title);
            }
            list.add(entry);
        }
        return list;
    }

    /**
     * Prints a ranked list: as {@code {"<key>": "<id>", "items": [{"id": ..., "score": ...}, ...]}}
     * with {@code json}, else the heading and one numbered line per item.
     */
    static void printScored(PrintWriter out, boolean json, String key, String id, List<ScoredItem> items, String heading) {
        printScored(out, json, key, id, items, heading, ItemMetadata.empty());
    }

    /** As {@link #printScored(PrintWriter, boolean, String, String, List, String)}, with titles where known. */
    static void printScored(PrintWriter out, boolean json, String key, String id, List<ScoredItem> items, String heading,
                            ItemMetadata metadata) {
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put(key, id);
            result.put("items", scoredItems(items, metadata));
            out.println(Json.write(result));
            return;
        }
        out.println(heading);
        for (int k = 0; k < items.size(); k++) {
            out.println(scoredLine(k, items.get(k), metadata));
        }
    }

    /** "  1. 50                   4.8123  Star Wars (1977)": rank, id, score and the title when known. */
    static String scoredLine(int k, ScoredItem item, ItemMetadata metadata) {
        String title = metadata.title(item.id());
        return String.format("%3d. %-20s %.4f%s", k + 1, item.id(), item.score(), title == null ? "" : "  " + title);
    }

    /** Prints one row per predictor of an evaluation: mean RMSE and MAE, with their spread over folds when there are several. */
    static void printSummaries(PrintWriter out, EvaluationReport report, String algorithm) {
        boolean folds = report.folds().size() > 1;
        out.printf("  %-15s %-17s %-17s%n", "predictor", "RMSE", "MAE");
        for (EvaluationReport.Summary s : report.summaries()) {
            String name = s.predictor().equals(EvaluationReport.MODEL) ? algorithm : s.predictor();
            if (folds) {
                out.printf("  %-15s %.4f ± %.4f   %.4f ± %.4f%n", name, s.meanRmse(), s.rmseStd(), s.meanMae(), s.maeStd());
            } else {
                out.printf("  %-15s %-17s %-17s%n", name, String.format("%.4f", s.meanRmse()), String.format("%.4f", s.meanMae()));
            }
        }
    }

    /** The index of an external id, or a one-line error saying the model does not know it. */
    static int indexOf(IdIndex index, String id) {
        int found = index.tryIndexOf(id);
        if (found < 0) {
            throw new CliException("unknown " + index.kind() + " '" + id + "': the model has no " + index.kind()
                    + " with this id (it knows " + index.size() + " " + index.kind() + "s)");
        }
        return found;
    }
}
