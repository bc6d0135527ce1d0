package dev.latent.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads an {@link ItemMetadata} file, detecting its format from the first lines.
 *
 * <p>Detection, on the first {@value #SAMPLE_LINES} non-blank lines:
 * <ol>
 * <li>MovieLens u.item when at least half of them split on {@code |} into 24 fields whose last 19
 *     are {@code 0} or {@code 1};</li>
 * <li>else the separator: {@code ::} when the first line holds it, else whichever of tab, comma,
 *     {@code |} and {@code ;} splits the most lines into the same number (at least 2) of columns,
 *     the earlier in that list on a tie; none of them means one column of ids;</li>
 * <li>a header when a cell of the first line is a known column name (case, {@code _}, {@code -}
 *     and spaces ignored): id {@value #ID_NAMES_TEXT}; title {@value #TITLE_NAMES_TEXT}; genres
 *     {@value #GENRE_NAMES_TEXT}. Other columns are ignored; without an id column the first column
 *     that is neither title nor genres holds the ids. Without a header: column 1 is the id, column 2
 *     the title, column 3 the genres only when there are exactly 3 columns.</li>
 * </ol>
 * A field may be quoted CSV-style ({@code "American President, The (1995)"}, {@code ""} for a quote);
 * a quote that does not close right before a separator or the line end is plain text, so a
 * tab-separated {@code "Weird Al" Yankovic} reads as written. Quoted fields cannot span lines.
 * Genres inside a field are separated by {@code |}, or by commas when the field has no {@code |} and
 * the separator is not a comma; {@code (no genres listed)} means none.
 *
 * <p>Charset: UTF-8 when a first pass over the bytes finds them all strict UTF-8, else Latin-1. A
 * byte-order mark is dropped. The file is streamed: only the first lines are held at once.
 *
 * <p>A line is skipped and counted when it does not fit the detected layout: a u.item line without
 * 24 fields and 19 flags, a delimited line with more columns than the header (or the usual count
 * without a header, which catches unquoted separators inside titles) or without its id, a blank id,
 * an id already read.
 */
final class ItemMetadataReader {
    static final int MAX_SKIP_MESSAGES = 10;
    static final int SAMPLE_LINES = 20;
    private static final int BUFFER_SIZE = 1 << 16;

    /** The genres of MovieLens 100K in u.genre's order, for a u.item without u.genre beside it. */
    static final List<String> MOVIELENS_100K_GENRES = List.of("unknown", "Action", "Adventure", "Animation",
            "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical",
            "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western");

    private static final int U_ITEM_FIELDS = 24;
    private static final int U_ITEM_FIRST_FLAG = U_ITEM_FIELDS - 19;
    private static final String NO_GENRES = "(no genres listed)";
    private static final String ID_NAMES_TEXT =
            "id, item, itemId, movieId, movie, artistId, trackId, songId, bookId, productId, isbn, asin";
    private static final String TITLE_NAMES_TEXT = "title, name, itemName, itemTitle, movieTitle, artistName";
    private static final String GENRE_NAMES_TEXT = "genres, genre, tags, tag, categories, category";
    private static final Set<String> ID_NAMES = normalizedNames(ID_NAMES_TEXT);
    private static final Set<String> TITLE_NAMES = normalizedNames(TITLE_NAMES_TEXT);
    private static final Set<String> GENRE_NAMES = normalizedNames(GENRE_NAMES_TEXT);
    private static final List<String> SEPARATORS = List.of("\t", ",", "|", ";");

    private ItemMetadataReader() {
    }

    static ItemMetadata read(Path file) throws IOException {
        Charset charset = isUtf8(file) ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        try (InputStream bytes = open(file);
             BufferedReader in = new BufferedReader(new InputStreamReader(bytes, charset), BUFFER_SIZE)) {
            List<String> sample = new ArrayList<>();
            List<Integer> sampleLineNumbers = new ArrayList<>();
            int lineNumber = 0;
            String line;
            while (sample.size() < SAMPLE_LINES && (line = in.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1) {
                    line = withoutByteOrderMark(line);
                }
                if (!line.isBlank()) {
                    sample.add(line);
                    sampleLineNumbers.add(lineNumber);
                }
            }
            String name = String.valueOf(file.getFileName());
            Layout layout = Layout.detect(sample, file);
            Parser parser = new Parser(name, layout, sample, sizeIfPlain(file));
            for (int k = 0; k < sample.size(); k++) {
                parser.accept(sample.get(k), sampleLineNumbers.get(k));
            }
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (!line.isBlank()) {
                    parser.accept(line, lineNumber);
                }
            }
            return parser.build(charset);
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        if (!file.toString().endsWith(".gz")) {
            return raw;
        }
        try {
            return new GZIPInputStream(raw, BUFFER_SIZE);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * Whether the whole file decodes strictly as UTF-8. This costs a pass over the bytes without
     * parsing; reading as UTF-8 and starting again as Latin-1 at the first bad byte would instead
     * parse a file whose first non-UTF-8 byte comes late twice.
     */
    private static boolean isUtf8(Path file) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(BUFFER_SIZE);
        CharBuffer chars = CharBuffer.allocate(BUFFER_SIZE);
        try (InputStream in = open(file)) {
            boolean end = false;
            while (!end) {
                int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                end = n < 0;
                bytes.position(bytes.position() + Math.max(n, 0)).flip();
                CoderResult result;
                do {
                    result = decoder.decode(bytes, chars.clear(), end);
                    if (result.isError()) {
                        return false;
                    }
                } while (result.isOverflow());
                bytes.compact();
            }
        }
        return !decoder.flush(chars.clear()).isError();
    }

    /**
     * The file's size when it can be known before reading (not gzipped), else -1; with the first
     * lines it lets the item arrays and text be allocated once rather than grown a dozen times.
     */
    private static long sizeIfPlain(Path file) throws IOException {
        return file.toString().endsWith(".gz") || !Files.isRegularFile(file) ? -1 : Files.size(file);
    }

    private static String withoutByteOrderMark(String line) {
        if (line.startsWith("\uFEFF")) {
            return line.substring(1);
        }
        // The UTF-8 mark EF BB BF as Latin-1, in a file that was not UTF-8 after all.
        return line.startsWith("\u00EF\u00BB\u00BF") ? line.substring(3) : line;
    }

    /** u.genre beside a u.item: {@code name|index} lines for indices 0..18, or null when absent or not that. */
    private static List<String> movieLensGenreNames(Path itemFile) throws IOException {
        Path genreFile = itemFile.resolveSibling("u.genre");
        if (!Files.isRegularFile(genreFile)) {
            return null;
        }
        String[] names = new String[MOVIELENS_100K_GENRES.size()];
        for (String line : Files.readAllLines(genreFile, StandardCharsets.ISO_8859_1)) {
            if (line.isBlank()) {
                continue;
            }
            int bar = line.lastIndexOf('|');
            int index;
            try {
                index = Integer.parseInt(line.substring(bar + 1).trim());
            } catch (NumberFormatException e) {
                return null;
            }
            String genre = line.substring(0, Math.max(bar, 0)).trim();
            if (bar < 0 || index < 0 || index >= names.length || names[index] != null || genre.isEmpty()) {
                return null;
            }
            names[index] = genre;
        }
        return Arrays.asList(names).contains(null) ? null : List.of(names);
    }

    private static Set<String> normalizedNames(String text) {
        return Set.copyOf(Arrays.stream(text.split(",")).map(ItemMetadataReader::normalized).toList());
    }

    private static String normalized(String columnName) {
        StringBuilder out = new StringBuilder(columnName.length());
        for (int k = 0; k < columnName.length(); k++) {
            char c = columnName.charAt(k);
            if (c != ' ' && c != '_' && c != '-' && c != '\t') {
                out.append(Character.toLowerCase(c));
            }
        }
        return out.toString();
    }

    /**
     * One line cut into fields, kept as bounds into the line so that ignored columns (urls, dates)
     * cost no string. A field may be quoted CSV-style: a quote opening the field and closing right
     * before a separator or the line end, {@code ""} inside for a quote; any other quote is text.
     * Reused line after line; not thread-safe.
     */
    static final class Fields {
        private String line = "";
        private int count;
        private int[] starts = new int[32];
        private int[] ends = new int[32];
        private boolean[] quoted = new boolean[32];

        /** Cuts {@code line} at {@code separator}; null keeps the line as one field. */
        void split(String line, String separator) {
            this.line = line;
            count = 0;
            int n = line.length();
            if (separator == null) {
                add(0, n, false);
                return;
            }
            int pos = 0;
            while (true) {
                if (pos < n && line.charAt(pos) == '"') {
                    int close = closingQuote(line, pos + 1);
                    if (close >= 0 && (close + 1 == n || line.startsWith(separator, close + 1))) {
                        add(pos + 1, close, true);
                        if (close + 1 == n) {
                            return;
                        }
                        pos = close + 1 + separator.length();
                        continue;
                    }
                }
                int next = line.indexOf(separator, pos);
                if (next < 0) {
                    add(pos, n, false);
                    return;
                }
                add(pos, next, false);
                pos = next + separator.length();
            }
        }

        int count() {
            return count;
        }

        /** Field {@code c} without its quotes and surrounding white space. */
        String get(int c) {
            String text = line.substring(starts[c], ends[c]);
            return quoted[c] && text.indexOf('"') >= 0 ? text.replace("\"\"", "\"").strip() : text.strip();
        }

        /** The line the fields are cut from. */
        String line() {
            return line;
        }

        /** Where field {@code c} starts in the line, after white space; for unquoted fields only. */
        int start(int c) {
            return starts[c];
        }

        /** Where field {@code c} ends in the line, before white space; for unquoted fields only. */
        int end(int c) {
            return ends[c];
        }

        boolean quoted(int c) {
            return quoted[c];
        }

        /** Whether field {@code c} is the single character {@code ch}, white space aside. */
        boolean is(int c, char ch) {
            return ends[c] - starts[c] == 1 && line.charAt(starts[c]) == ch;
        }

        private void add(int start, int end, boolean isQuoted) {
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, 2 * count);
                ends = Arrays.copyOf(ends, 2 * count);
                quoted = Arrays.copyOf(quoted, 2 * count);
            }
            if (!isQuoted) {
                while (start < end && Character.isWhitespace(line.charAt(start))) {
                    start++;
                }
                while (end > start && Character.isWhitespace(line.charAt(end - 1))) {
                    end--;
                }
            }
            starts[count] = start;
            ends[count] = end;
            quoted[count] = isQuoted;
            count++;
        }

        /** The index of the quote closing a field whose text starts at {@code from}, or -1. */
        private static int closingQuote(String line, int from) {
            for (int k = line.indexOf('"', from); k >= 0; k = line.indexOf('"', k + 2)) {
                if (k + 1 == line.length() || line.charAt(k + 1) != '"') {
                    return k;
                }
            }
            return -1;
        }
    }

    private enum Kind { EMPTY, MOVIELENS_ITEM, DELIMITED }

    /**
     * What the first lines showed. For {@code DELIMITED}: the separator (null for one column),
     * whether the first line is a header, the most columns a line may have, and the id, title and
     * genre columns (-1: none).
     */
    private record Layout(Kind kind, String separator, boolean header, int columns, int idColumn,
                          int titleColumn, int genreColumn, List<String> presetGenres, String label) {

        static Layout detect(List<String> sample, Path file) throws IOException {
            if (sample.isEmpty()) {
                return new Layout(Kind.EMPTY, null, false, 0, 0, -1, -1, List.of(), "empty");
            }
            Fields fields = new Fields();
            int movieLensLines = 0;
            for (String line : sample) {
                fields.split(line, "|");
                movieLensLines += isMovieLensItem(fields) ? 1 : 0;
            }
            if (2 * movieLensLines >= sample.size()) {
                List<String> names = movieLensGenreNames(file);
                return names != null
                        ? new Layout(Kind.MOVIELENS_ITEM, "|", false, U_ITEM_FIELDS, 0, 1, -1, names, "MovieLens u.item")
                        : new Layout(Kind.MOVIELENS_ITEM, "|", false, U_ITEM_FIELDS, 0, 1, -1, MOVIELENS_100K_GENRES,
                        "MovieLens u.item, built-in genre names");
            }
            String separator = null;
            int columns = 1;
            if (sample.getFirst().contains("::")) {
                separator = "::";
                columns = usualColumnCount(sample, separator, fields)[0];
            } else {
                int bestAgreeing = 0;
                for (String candidate : SEPARATORS) {
                    int[] usual = usualColumnCount(sample, candidate, fields);
                    if (usual[0] >= 2 && usual[1] > bestAgreeing) {
                        separator = candidate;
                        columns = usual[0];
                        bestAgreeing = usual[1];
                    }
                }
            }
            fields.split(sample.getFirst(), separator);
            int id = -1;
            int title = -1;
            int genre = -1;
            for (int c = 0; c < fields.count(); c++) {
                String name = normalized(fields.get(c));
                if (id < 0 && ID_NAMES.contains(name)) {
                    id = c;
                } else if (title < 0 && TITLE_NAMES.contains(name)) {
                    title = c;
                } else if (genre < 0 && GENRE_NAMES.contains(name)) {
                    genre = c;
                }
            }
            String separatorName = separator == null ? "one column" : switch (separator) {
                case "\t" -> "tab-separated";
                case "," -> "comma-separated";
                case ";" -> "semicolon-separated";
                case "|" -> "|-separated";
                default -> separator + "-separated";
            };
            if (id >= 0 || title >= 0 || genre >= 0) {
                columns = fields.count();
                if (id < 0) {
                    id = 0;
                    while (id == title || id == genre) {
                        id++;
                    }
                }
                String label = ",".equals(separator) && columns == 3 && id == 0 && title == 1 && genre == 2
                        && normalized(fields.get(0)).equals("movieid")
                        ? "MovieLens movies.csv"
                        : separatorName + " with a header (" + columnLabel("id", id, fields)
                        + columnLabel(", title", title, fields) + columnLabel(", genres", genre, fields) + ")";
                return new Layout(Kind.DELIMITED, separator, true, columns, id, title, genre, List.of(), label);
            }
            title = columns >= 2 ? 1 : -1;
            genre = columns == 3 ? 2 : -1;
            String label = "::".equals(separator) && columns == 3
                    ? "MovieLens movies.dat"
                    : separatorName + ", no header (" + (columns == 1 ? "ids" : columns == 2 ? "id, title"
                    : columns == 3 ? "id, title, genres" : "id, title, " + (columns - 2) + " more columns ignored") + ")";
            return new Layout(Kind.DELIMITED, separator, false, columns, 0, title, genre, List.of(), label);
        }

        private static boolean isMovieLensItem(Fields fields) {
            if (fields.count() != U_ITEM_FIELDS) {
                return false;
            }
            for (int c = U_ITEM_FIRST_FLAG; c < U_ITEM_FIELDS; c++) {
                if (!fields.is(c, '0') && !fields.is(c, '1')) {
                    return false;
                }
            }
            return true;
        }

        /** {most frequent column count, how many lines have it}; the larger count on a tie. */
        private static int[] usualColumnCount(List<String> sample, String separator, Fields fields) {
            Map<Integer, Integer> lines = new HashMap<>();
            for (String line : sample) {
                fields.split(line, separator);
                lines.merge(fields.count(), 1, Integer::sum);
            }
            int[] usual = {0, 0};
            lines.forEach((count, agreeing) -> {
                if (agreeing > usual[1] || agreeing == usual[1] && count > usual[0]) {
                    usual[0] = count;
                    usual[1] = agreeing;
                }
            });
            return usual;
        }

        private static String columnLabel(String role, int column, Fields header) {
            return column < 0 ? "" : role + ": " + header.get(column);
        }
    }

    /** Turns lines into items, titles and genres; one per file. */
    private static final class Parser {
        private final String source;
        private final Layout layout;
        private final ItemMetadata.Builder items;
        private final List<String> genreNames;
        private final Fields fields = new Fields();
        private final List<String> skipMessages = new ArrayList<>();
        /** Open addressing over the genre names read so far, looked up by a text range without a substring. */
        private int[] genreSlots = new int[64];
        private int[] lineGenres = new int[16];
        private int lineGenreCount;
        private int skipped;
        private boolean headerPending;

        Parser(String source, Layout layout, List<String> sample, long fileSize) {
            this.source = source;
            this.layout = layout;
            long sampleChars = 0;
            long keptChars = 0;
            for (String line : sample) {
                sampleChars += line.length() + 1;
                fields.split(line, layout.separator());
                for (int c : new int[] {layout.idColumn(), layout.titleColumn()}) {
                    keptChars += c >= 0 && c < fields.count() ? fields.end(c) - fields.start(c) : 0;
                }
            }
            // The file's lines and kept text scaled from the sample, plus an eighth; 1024 when unknown.
            double scale = fileSize < 0 || sampleChars == 0 ? 0 : 1.125 * fileSize / sampleChars;
            this.items = new ItemMetadata.Builder((int) Math.min(1 << 26, Math.max(1024, scale * sample.size())),
                    (int) Math.min(1 << 30, Math.max(1 << 14, scale * keptChars)));
            this.genreNames = new ArrayList<>(layout.presetGenres());
            this.headerPending = layout.header();
        }

        void accept(String line, int lineNumber) {
            if (headerPending) {
                headerPending = false;
                return;
            }
            fields.split(line, layout.separator());
            lineGenreCount = 0;
            String problem = layout.kind() == Kind.MOVIELENS_ITEM ? readMovieLensItem() : readDelimited();
            if (problem == null) {
                String id = fields.get(layout.idColumn());
                int title = layout.titleColumn();
                if (id.isEmpty()) {
                    problem = "blank id";
                } else if (!items.add(id, title < 0 || title >= fields.count() ? "" : fields.get(title),
                        lineGenres, lineGenreCount)) {
                    problem = "id " + id + " already read";
                }
            }
            if (problem != null) {
                skipped++;
                if (skipMessages.size() < MAX_SKIP_MESSAGES) {
                    skipMessages.add(source + ":" + lineNumber + ": " + problem);
                }
            }
        }

        /** Reads the genre flags; returns what is wrong with the line, or null. */
        private String readMovieLensItem() {
            if (fields.count() != U_ITEM_FIELDS) {
                return "expected " + U_ITEM_FIELDS + " |-separated fields but found " + fields.count();
            }
            for (int c = U_ITEM_FIRST_FLAG; c < U_ITEM_FIELDS; c++) {
                if (fields.is(c, '1')) {
                    addLineGenre(c - U_ITEM_FIRST_FLAG);
                } else if (!fields.is(c, '0')) {
                    return "genre flag " + (c - U_ITEM_FIRST_FLAG) + " is '" + fields.get(c) + "', not 0 or 1";
                }
            }
            return null;
        }

        /** Reads the genre column; returns what is wrong with the line, or null. */
        private String readDelimited() {
            if (fields.count() > layout.columns()) {
                return "expected at most " + layout.columns() + " columns but found " + fields.count();
            }
            if (layout.idColumn() >= fields.count()) {
                return "no id column (found " + fields.count() + " columns)";
            }
            int column = layout.genreColumn();
            if (column < 0 || column >= fields.count()) {
                return null;
            }
            String text = fields.line();
            int from = fields.start(column);
            int to = fields.end(column);
            if (fields.quoted(column)) {
                text = fields.get(column);
                from = 0;
                to = text.length();
            }
            int bar = text.indexOf('|', from);
            char separator = bar >= 0 && bar < to ? '|' : ",".equals(layout.separator()) ? 0 : ',';
            while (from < to) {
                int end = separator == 0 ? -1 : text.indexOf(separator, from);
                end = end < 0 || end > to ? to : end;
                int start = from;
                int stop = end;
                while (start < stop && Character.isWhitespace(text.charAt(start))) {
                    start++;
                }
                while (stop > start && Character.isWhitespace(text.charAt(stop - 1))) {
                    stop--;
                }
                if (start < stop && !(stop - start == NO_GENRES.length() && text.startsWith(NO_GENRES, start))) {
                    addLineGenre(genreIndex(text, start, stop));
                }
                from = end + 1;
            }
            return null;
        }

        /** The index of the genre named {@code text[from, to)}, numbering it when new. */
        private int genreIndex(String text, int from, int to) {
            int hash = 0;
            for (int k = from; k < to; k++) {
                hash = 31 * hash + text.charAt(k);
            }
            int mask = genreSlots.length - 1;
            int s = (hash * 0x9E3779B9) >>> Integer.numberOfLeadingZeros(mask);
            for (; genreSlots[s] != 0; s = (s + 1) & mask) {
                String name = genreNames.get(genreSlots[s] - 1);
                if (name.length() == to - from && text.startsWith(name, from)) {
                    return genreSlots[s] - 1;
                }
            }
            genreNames.add(text.substring(from, to));
            genreSlots[s] = genreNames.size();
            if (2 * genreNames.size() > genreSlots.length) {
                genreSlots = new int[2 * genreSlots.length];
                for (int g = 0; g < genreNames.size(); g++) {
                    int m = genreSlots.length - 1;
                    int t = (genreNames.get(g).hashCode() * 0x9E3779B9) >>> Integer.numberOfLeadingZeros(m);
                    while (genreSlots[t] != 0) {
                        t = (t + 1) & m;
                    }
                    genreSlots[t] = g + 1;
                }
            }
            return genreNames.size() - 1;
        }

        /** Adds a genre to the current line's, keeping them ascending and distinct. */
        private void addLineGenre(int genre) {
            int at = lineGenreCount;
            while (at > 0 && lineGenres[at - 1] > genre) {
                at--;
            }
            if (at > 0 && lineGenres[at - 1] == genre) {
                return;
            }
            if (lineGenreCount == lineGenres.length) {
                lineGenres = Arrays.copyOf(lineGenres, 2 * lineGenreCount);
            }
            System.arraycopy(lineGenres, at, lineGenres, at + 1, lineGenreCount - at);
            lineGenres[at] = genre;
            lineGenreCount++;
        }

        ItemMetadata build(Charset charset) {
            String description = source + ": " + count(items.size(), "item") + ", "
                    + (genreNames.isEmpty() ? "no genres" : count(genreNames.size(), "genre"))
                    + " (" + layout.label() + ")"
                    + (skipped == 0 ? "" : ", " + count(skipped, "line") + " skipped");
            return items.build(description, charset, genreNames, skipped, skipMessages);
        }

        private static String count(int n, String noun) {
            return n + " " + noun + (n == 1 ? "" : "s");
        }
    }
}
