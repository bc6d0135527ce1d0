package dev.latent.cli;

import dev.latent.data.ItemMetadata;
import dev.latent.explain.FactorAnalysis;
import dev.latent.explain.FactorRotation;
import dev.latent.explain.FactorSummary;
import dev.latent.explain.Genres;
import dev.latent.model.FactorModel;

import java.util.List;
import java.util.Locale;

/**
 * A model's factors as {@code factors}, {@code recommend --explain} and the demo show them:
 * rotated by varimax or as trained, each summarised (variance share, extreme items, genre
 * correlations) and labelled by its best genre when the item metadata has genres.
 */
final class FactorView {
    /** {@code --rotate}'s values. */
    static final String VARIMAX = "varimax";
    static final String NONE = "none";

    final FactorModel model;
    final String rotation;
    final ItemMetadata items;
    private final FactorSummary[] summaries;

    private FactorView(FactorModel model, String rotation, ItemMetadata items, List<FactorSummary> summaries) {
        this.model = model;
        this.rotation = rotation;
        this.items = items;
        this.summaries = new FactorSummary[model.rank()];
        for (FactorSummary summary : summaries) {
            this.summaries[summary.index()] = summary;
        }
    }

    /**
     * @param rotation   {@code --rotate}: varimax or none
     * @param top        items listed at each end of a factor
     * @param minRatings the fewest training ratings an item needs to be listed
     */
    static FactorView of(FactorModel trained, ItemMetadata items, String rotation, int top, int minRatings) {
        String chosen = checkRotation(rotation);
        FactorModel model = chosen.equals(VARIMAX) ? FactorRotation.varimax(trained).apply(trained) : trained;
        return new FactorView(model, chosen, items, FactorAnalysis.analyse(model, Genres.of(model, items), top, minRatings));
    }

    static String checkRotation(String rotation) {
        String chosen = rotation.strip().toLowerCase(Locale.ROOT);
        if (!chosen.equals(VARIMAX) && !chosen.equals(NONE)) {
            throw new CliException("--rotate must be varimax or none but was '" + rotation + "'");
        }
        return chosen;
    }

    FactorSummary summary(int factor) {
        return summaries[factor];
    }

    List<FactorSummary> summaries() {
        return List.of(summaries);
    }

    /** The factor's genre label, or null. */
    String label(int factor) {
        return summaries[factor].label();
    }

    /** The title of item {@code index}, or null when the metadata does not list it. */
    String title(int index) {
        return items.title(model.items().idAt(index));
    }

    /** "id title" when the title is known, else the id. */
    String itemName(int index) {
        String id = model.items().idAt(index);
        String title = items.title(id);
        return title == null ? id : id + " " + title;
    }

    /** "factor 3 (Sci-Fi)" or "factor 3". */
    String factorName(int factor) {
        String label = label(factor);
        return "factor " + factor + (label == null ? "" : " (" + label + ")");
    }
}
