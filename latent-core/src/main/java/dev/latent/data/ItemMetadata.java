package dev.latent.data;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Titles and genres of items, read from a metadata file beside the ratings, so that factors,
 * neighbours and recommendations can be shown as "Toy Story (1995)" rather than "1".
 *
 * <p>Formats, detected from the content by {@link #read(Path)} (the reader, {@code ItemMetadataReader},
 * documents the rules):
 * <ul>
 * <li>MovieLens 100K {@code u.item}: {@code id|title|date|video date|url|} and 19 genre flags 0/1;
 *     the genre names come from {@code u.genre} beside it when present, else the 19 ML-100K names;</li>
 * <li>MovieLens 1M/10M {@code movies.dat}: {@code id::title::Genre1|Genre2};</li>
 * <li>MovieLens 20M/25M/latest {@code movies.csv}: {@code movieId,title,genres} with CSV quoting;</li>
 * <li>any file of tab-, comma-, {@code |}- or {@code ;}-separated columns, with a header naming its id,
 *     title and genre columns (as Last.fm's {@code artists.dat}: {@code id name url pictureURL}), or
 *     without one (id, title and, when there are exactly three columns, genres).</li>
 * </ul>
 * The file is UTF-8 when its bytes decode strictly as UTF-8, else Latin-1 (as MovieLens files are).
 * A line that cannot be read is skipped and counted; when an id occurs on several lines the first
 * wins and the others count as skipped.
 *
 * <p>Genres are dense indices into {@link #genreNames()}; an item's genres are ascending. Ids are the
 * items' external ids, the same strings as in the rating file and {@link IdIndex}. Instances are
 * immutable.
 *
 * <p>Layout. The ids and titles are held back to back in one string ({@code bounds[2j] .. bounds[2j+1]}
 * is item {@code j}'s id, {@code .. bounds[2j+2]} its title) and found through an open-addressing
 * table, rather than as a million small strings in a map: on the 2-core build machine those made a
 * million-line movies.csv take over a second, most of it in garbage collection copying them.
 */
public final class ItemMetadata {
    private static final ItemMetadata EMPTY = new Builder(16, 16).build("no item metadata", StandardCharsets.UTF_8,
            List.of(), 0, List.of());

    private final String description;
    private final Charset charset;
    private final String text;
    private final int[] bounds;
    private final long[] slots;
    private final int size;
    private final int[] genreStarts;
    private final int[] genres;
    private final List<String> genreNames;
    private final int skippedLines;
    private final List<String> skipMessages;

    private ItemMetadata(Builder items, String description, Charset charset, List<String> genreNames,
                         int skippedLines, List<String> skipMessages) {
        this.description = description;
        this.charset = charset;
        this.text = items.text.toString();
        this.size = items.size;
        this.bounds = Arrays.copyOf(items.bounds, 2 * size + 1);
        this.slots = items.slots;
        this.genreStarts = Arrays.copyOf(items.genreStarts, size + 1);
        this.genres = Arrays.copyOf(items.genres, items.genreCount);
        this.genreNames = List.copyOf(genreNames);
        this.skippedLines = skippedLines;
        this.skipMessages = List.copyOf(skipMessages);
    }

    /**
     * Reads a metadata file in any of the formats above; a {@code .gz} file is gunzipped on the fly.
     * An empty file gives metadata without items.
     *
     * @throws java.nio.file.NoSuchFileException when the file does not exist
     * @throws IOException                       when it cannot be read
     */
    public static ItemMetadata read(Path file) throws IOException {
        return ItemMetadataReader.read(Objects.requireNonNull(file, "file"));
    }

    /** Metadata that knows no item, for when there is no metadata file. */
    public static ItemMetadata empty() {
        return EMPTY;
    }

    /** The item's title, or null when the item is unknown or its title is blank. */
    public String title(String itemId) {
        int j = indexOf(itemId);
        return j < 0 || bounds[2 * j + 1] == bounds[2 * j + 2] ? null : text.substring(bounds[2 * j + 1], bounds[2 * j + 2]);
    }

    /** Every genre name, indexed as {@link #genresOf(String)} returns them: u.genre's order for u.item, else first appearance. */
    public List<String> genreNames() {
        return genreNames;
    }

    /** The item's genres as ascending indices into {@link #genreNames()}, in a new array; empty when none or unknown. */
    public int[] genresOf(String itemId) {
        int j = indexOf(itemId);
        return j < 0 ? new int[0] : Arrays.copyOfRange(genres, genreStarts[j], genreStarts[j + 1]);
    }

    /** Whether the file had a line for this item. */
    public boolean knows(String itemId) {
        return indexOf(itemId) >= 0;
    }

    /** Whether there is any genre at all (u.item always has its 19). */
    public boolean hasGenres() {
        return !genreNames.isEmpty();
    }

    /** How many items were read. */
    public int size() {
        return size;
    }

    /** The ids of the items read, in file order (a view; each id is cut from the text on access). */
    public List<String> ids() {
        return new AbstractList<>() {
            @Override
            public String get(int j) {
                Objects.checkIndex(j, size);
                return text.substring(bounds[2 * j], bounds[2 * j + 1]);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** Lines skipped because they could not be read or repeated an earlier id. */
    public int skippedLines() {
        return skippedLines;
    }

    /** The first 10 skipped lines, as {@code "<file>:<line>: <reason>"}. */
    public List<String> skipMessages() {
        return skipMessages;
    }

    /** The charset the file was decoded with: UTF-8, or ISO-8859-1 when it is not valid UTF-8. */
    public Charset charset() {
        return charset;
    }

    /** One line for logs and the CLI, as {@code "u.item: 1682 items, 19 genres (MovieLens u.item)"}. */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return "ItemMetadata[" + description + "]";
    }

    private int indexOf(String itemId) {
        return find(slots, text, bounds, Objects.requireNonNull(itemId, "itemId"));
    }

    /** The index of {@code id} in a table of slots over {@code text}, or -1. */
    private static int find(long[] slots, CharSequence text, int[] bounds, String id) {
        int hash = id.hashCode();
        int mask = slots.length - 1;
        for (int s = slotOf(hash, mask); ; s = (s + 1) & mask) {
            long slot = slots[s];
            if (slot == 0) {
                return -1;
            }
            int j = (int) slot - 1;
            if ((int) (slot >>> 32) == hash && matches(text, bounds[2 * j], bounds[2 * j + 1], id)) {
                return j;
            }
        }
    }

    private static boolean matches(CharSequence text, int from, int to, String id) {
        if (to - from != id.length()) {
            return false;
        }
        for (int k = 0; k < id.length(); k++) {
            if (text.charAt(from + k) != id.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Fibonacci hashing: the top bits of the product, which depend on every bit of the hash. */
    private static int slotOf(int hash, int mask) {
        return (hash * 0x9E3779B9) >>> Integer.numberOfLeadingZeros(mask);
    }

    /**
     * Collects items for the reader: ids and titles appended to one text, a table kept at most half
     * full whose slots hold an id's hash in the high half and its index + 1 in the low half (0 = empty),
     * so that a probe reads an id only when the hashes agree, and the genres packed per item. Not
     * thread-safe; {@link #build} copies what the metadata keeps.
     */
    static final class Builder {
        private final StringBuilder text;
        private int[] bounds;
        private long[] slots;
        private int size;
        private int[] genreStarts;
        private int[] genres;
        private int genreCount;

        /** A builder with room for {@code expected} items and {@code expectedChars} of ids and titles before it grows. */
        Builder(int expected, int expectedChars) {
            int capacity = Math.max(16, expected);
            text = new StringBuilder(expectedChars);
            bounds = new int[2 * capacity + 1];
            slots = new long[Integer.highestOneBit(capacity - 1) << 2];
            genreStarts = new int[capacity + 1];
            genres = new int[capacity];
        }

        int size() {
            return size;
        }

        /**
         * Adds an item with genres {@code itemGenres[0 .. itemGenreCount)} unless its id is already
         * there; returns whether it was added.
         */
        boolean add(String id, String title, int[] itemGenres, int itemGenreCount) {
            if (2 * (size + 1) > slots.length) {
                rehash(2 * slots.length);
            }
            int hash = id.hashCode();
            int mask = slots.length - 1;
            int s = slotOf(hash, mask);
            for (; slots[s] != 0; s = (s + 1) & mask) {
                int j = (int) slots[s] - 1;
                if ((int) (slots[s] >>> 32) == hash && matches(text, bounds[2 * j], bounds[2 * j + 1], id)) {
                    return false;
                }
            }
            slots[s] = (long) hash << 32 | (size + 1);
            if (size + 1 == genreStarts.length) {
                genreStarts = Arrays.copyOf(genreStarts, 2 * size + 1);
                bounds = Arrays.copyOf(bounds, 4 * size + 1);
            }
            text.append(id);
            bounds[2 * size + 1] = text.length();
            text.append(title);
            bounds[2 * size + 2] = text.length();
            if (genreCount + itemGenreCount > genres.length) {
                genres = Arrays.copyOf(genres, Math.max(2 * genres.length, genreCount + itemGenreCount));
            }
            System.arraycopy(itemGenres, 0, genres, genreCount, itemGenreCount);
            genreCount += itemGenreCount;
            size++;
            genreStarts[size] = genreCount;
            return true;
        }

        ItemMetadata build(String description, Charset charset, List<String> genreNames, int skippedLines,
                           List<String> skipMessages) {
            return new ItemMetadata(this, description, charset, genreNames, skippedLines, skipMessages);
        }

        private void rehash(int length) {
            long[] old = slots;
            slots = new long[length];
            for (long slot : old) {
                if (slot != 0) {
                    int mask = length - 1;
                    int s = slotOf((int) (slot >>> 32), mask);
                    while (slots[s] != 0) {
                        s = (s + 1) & mask;
                    }
                    slots[s] = slot;
                }
            }
        }
    }
}
