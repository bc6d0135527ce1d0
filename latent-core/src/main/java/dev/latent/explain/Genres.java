package dev.latent.explain;

import dev.latent.data.IdIndex;
import dev.latent.data.ItemMetadata;
import dev.latent.model.FactorModel;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Genre metadata of a model's items, by model item index: {@code ofItem[i]} lists the indices into
 * {@code names} of item i's genres, ascending, or is null when nothing is known about item i.
 * Takes ownership of the arrays.
 */
public record Genres(List<String> names, int[][] ofItem) {
    /** No metadata: analyses report no genre correlations. */
    public static final Genres NONE = new Genres(List.of(), new int[0][]);

    public Genres {
        names = List.copyOf(names);
        Objects.requireNonNull(ofItem, "ofItem");
        for (int i = 0; i < ofItem.length; i++) {
            int[] genres = ofItem[i];
            if (genres == null) {
                continue;
            }
            for (int j = 0; j < genres.length; j++) {
                if (genres[j] < 0 || genres[j] >= names.size() || (j > 0 && genres[j] <= genres[j - 1])) {
                    throw new IllegalArgumentException("ofItem[" + i + "] must list genre indices below "
                            + names.size() + " in ascending order but was " + Arrays.toString(genres));
                }
            }
        }
    }

    /**
     * The genres of {@code model}'s items as {@code items} lists them; null for items it does not
     * know; {@link #NONE} when it has no genres at all.
     */
    public static Genres of(FactorModel model, ItemMetadata items) {
        if (!items.hasGenres()) {
            return NONE;
        }
        IdIndex ids = model.items();
        int[][] ofItem = new int[ids.size()][];
        for (int i = 0; i < ofItem.length; i++) {
            String id = ids.idAt(i);
            ofItem[i] = items.knows(id) ? items.genresOf(id) : null;
        }
        return new Genres(items.genreNames(), ofItem);
    }

    /** Whether this carries no metadata at all. */
    public boolean isEmpty() {
        return names.isEmpty();
    }
}
