package dev.latent.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItemMetadataTest {
    private static final List<String> ML100K_GENRES = List.of("unknown", "Action", "Adventure", "Animation",
            "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical",
            "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western");
    private static final String U_ITEM = """
            1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0
            2|GoldenEye (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?GoldenEye%20(1995)|0|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0|1|0|0
            267|unknown||||1|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0
            """;

    @TempDir
    Path dir;

    @Test
    void read_movieLensItemWithoutGenreFile_usesBuiltInNamesAndFlags() throws IOException {
        ItemMetadata metadata = ItemMetadata.read(write("u.item", U_ITEM));

        assertEquals(3, metadata.size());
        assertEquals(ML100K_GENRES, metadata.genreNames());
        assertTrue(metadata.hasGenres());
        assertEquals("Toy Story (1995)", metadata.title("1"));
        assertArrayEquals(new int[] {3, 4, 5}, metadata.genresOf("1"));
        assertArrayEquals(new int[] {1, 2, 16}, metadata.genresOf("2"));
        assertEquals("unknown", metadata.title("267"));
        assertArrayEquals(new int[] {0}, metadata.genresOf("267"));
        assertEquals(0, metadata.skippedLines());
        assertEquals("u.item: 3 items, 19 genres (MovieLens u.item, built-in genre names)", metadata.description());
    }

    @Test
    void read_movieLensItemWithGenreFile_takesNamesByIndexFromGenreFile() throws IOException {
        StringBuilder genres = new StringBuilder();
        for (int g = 18; g >= 0; g--) {
            genres.append("G").append(g).append('|').append(g).append('\n');
        }
        write("u.genre", genres + "\n");

        ItemMetadata metadata = ItemMetadata.read(write("u.item", U_ITEM));

        assertEquals("G0", metadata.genreNames().get(0));
        assertEquals("G18", metadata.genreNames().get(18));
        assertEquals(19, metadata.genreNames().size());
        assertArrayEquals(new int[] {3, 4, 5}, metadata.genresOf("1"));
        assertEquals("u.item: 3 items, 19 genres (MovieLens u.item)", metadata.description());
    }

    @Test
    void read_movieLensItemWithIncompleteGenreFile_fallsBackToBuiltInNames() throws IOException {
        write("u.genre", "unknown|0\nAction|1\n");

        ItemMetadata metadata = ItemMetadata.read(write("u.item", U_ITEM));

        assertEquals(ML100K_GENRES, metadata.genreNames());
    }

    @Test
    void read_movieLensItemWithBadLines_skipsAndCountsThem() throws IOException {
        ItemMetadata metadata = ItemMetadata.read(write("u.item", U_ITEM
                + "3|Four Rooms (1995)|01-Jan-1995||url|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|2|0|0\n"
                + "4|Get Shorty (1995)|01-Jan-1995||url|0|1\n"
                + "1|Toy Story again|01-Jan-1995||url|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|1\n"));

        assertEquals(3, metadata.size());
        assertEquals(3, metadata.skippedLines());
        assertFalse(metadata.knows("3"));
        assertFalse(metadata.knows("4"));
        assertEquals("Toy Story (1995)", metadata.title("1"));
        assertEquals(List.of(
                "u.item:4: genre flag 16 is '2', not 0 or 1",
                "u.item:5: expected 24 |-separated fields but found 7",
                "u.item:6: id 1 already read"), metadata.skipMessages());
        assertTrue(metadata.description().endsWith(", 3 lines skipped"), metadata.description());
    }

    @Test
    void read_latin1MovieLensItem_decodesAccents() throws IOException {
        String line = "543|Misérables, Les (1995)|01-Jan-1995||url|0|0|0|0|0|0|0|0|1|0|0|0|1|0|0|0|0|0|0\n";
        ItemMetadata metadata = ItemMetadata.read(write("u.item", line, StandardCharsets.ISO_8859_1));

        assertEquals("Misérables, Les (1995)", metadata.title("543"));
        assertEquals(StandardCharsets.ISO_8859_1, metadata.charset());
        assertArrayEquals(new int[] {8, 12}, metadata.genresOf("543"));
    }

    @Test
    void read_moviesDat_splitsGenresInFirstAppearanceOrder() throws IOException {
        ItemMetadata metadata = ItemMetadata.read(write("movies.dat", """
                1::Toy Story (1995)::Animation|Children's|Comedy
                2::Jumanji (1995)::Adventure|Children's|Fantasy
                73::Misérables, Les (1995)::Drama|Musical
                """, StandardCharsets.ISO_8859_1));

        assertEquals(List.of("Animation", "Children's", "Comedy", "Adventure", "Fantasy", "Drama", "Musical"),
                metadata.genreNames());
        assertArrayEquals(new int[] {0, 1, 2}, metadata.genresOf("1"));
        assertArrayEquals(new int[] {1, 3, 4}, metadata.genresOf("2"));
        assertEquals("Misérables, Les (1995)", metadata.title("73"));
        assertEquals("movies.dat: 3 items, 7 genres (MovieLens movies.dat)", metadata.description());
    }

    @Test
    void read_moviesCsv_unquotesTitlesAndReadsNoGenresListedAsNone() throws IOException {
        ItemMetadata metadata = ItemMetadata.read(write("movies.csv", """
                movieId,title,genres
                1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy
                11,"American President, The (1995)",Comedy|Drama|Romance
                3,"The ""Quoted"" Movie, Part 2",Drama
                182727,A Christmas Story Live! (2017),(no genres listed)
                """));

        assertEquals(4, metadata.size());
        assertEquals("American President, The (1995)", metadata.title("11"));
        assertEquals("The \"Quoted\" Movie, Part 2", metadata.title("3"));
        assertArrayEquals(new int[] {3, 5, 6}, metadata.genresOf("11"));
        assertArrayEquals(new int[] {5}, metadata.genresOf("3"));
        assertArrayEquals(new int[0], metadata.genresOf("182727"));
        assertFalse(metadata.knows("movieId"));
        assertEquals(List.of("Adventure", "Animation", "Children", "Comedy", "Fantasy", "Drama", "Romance"),
                metadata.genreNames());
        assertEquals("movies.csv: 4 items, 7 genres (MovieLens movies.csv)", metadata.description());
    }

    @Test
    void read_tabWithHeader_picksColumnsByNameAndKeepsInnerQuotes() throws IOException {
        ItemMetadata metadata = ItemMetadata.read(write("artists.dat", """
                id\tname\turl\tpictureURL
                1\tMALICE MIZER\thttp://www.last.fm/music/MALICE+MIZER\thttp://a/1.jpg
                1686\t"Weird Al" Yankovic\thttp://www.last.fm/music/%22Weird+Al%22+Yankovic\thttp://a/2.png
                7\tBeyoncé, again\thttp://x\t
                """));

        assertEquals(3, metadata.size());
        assertEquals("\"Weird Al\" Yankovic", metadata.title("1686"));
        assertEquals("Beyoncé, again", metadata.title("7"));
        assertFalse(metadata.hasGenres());
        assertEquals(List.of(), metadata.genreNames());
        assertEquals(StandardCharsets.UTF_8, metadata.charset());
        assertEquals("artists.dat: 3 items, no genres (tab-separated with a header (id: id, title: name))",
                metadata.description());
    }

    @Test
    void read_semicolonWithHeaderInAnyOrder_picksColumnsByNameAndSplitsGenresOnCommas() throws IOException {
        ItemMetadata metadata = ItemMetadata.read(write("items.txt", """
                Tags;Item_ID;price;Name
                rock, pop;a1;9.99;First
                pop;b2;1.00;Second
                ;c3;2.00;
                """));

        assertEquals(List.of("rock", "pop"), metadata.genreNames());
        assertArrayEquals(new int[] {0, 1}, metadata.genresOf("a1"));
        assertArrayEquals(new int[] {1}, metadata.genresOf("b2"));
        assertEquals("First", metadata.title("a1"));
        assertTrue(metadata.knows("c3"));
        assertNull(metadata.title("c3"));
        assertArrayEquals(new int[0], metadata.genresOf("c3"));
    }

    @Test
    void read_commaWithoutHeaderThreeColumns_readsIdTitleGenres() throws IOException {
        ItemMetadata metadata = ItemMetadata.read(write("items.csv", "10,Alpha,x|y\n20,Beta,y\n"));

        assertEquals("Alpha", metadata.title("10"));
        assertEquals(List.of("x", "y"), metadata.genreNames());
        assertArrayEquals(new int[] {1}, metadata.genresOf("20"));
        assertEquals("items.csv: 2 items, 2 genres (comma-separated, no header (id, title, genres))",
                metadata.description());
    }

    @Test
    void read_commaWithoutHeaderFourColumns_readsNoGenres() throws IOException {
        ItemMetadata metadata = ItemMetadata.read(write("items.csv", "10,Alpha,x,1999\n20,Beta,y,2001\n"));

        assertEquals("Beta", metadata.title("20"));
        assertFalse(metadata.hasGenres());
    }

    @Test
    void read_commaWithoutHeaderAndUnquotedCommaInTitle_skipsThatLine() throws IOException {
        ItemMetadata metadata = ItemMetadata.read(write("items.csv",
                "1,Toy Story (1995),Comedy\n11,American President, The (1995),Drama\n2,Jumanji (1995),Fantasy\n"));

        assertEquals(2, metadata.size());
        assertEquals(1, metadata.skippedLines());
        assertFalse(metadata.knows("11"));
    }

    @Test
    void read_pipeWithoutHeader_splitsGenresOnCommas() throws IOException {
        ItemMetadata metadata = ItemMetadata.read(write("items.psv", "1|Alpha, The|Action,Comedy\n2|Beta|Comedy\n"));

        assertEquals("Alpha, The", metadata.title("1"));
        assertEquals(List.of("Action", "Comedy"), metadata.genreNames());
        assertArrayEquals(new int[] {0, 1}, metadata.genresOf("1"));
    }

    @Test
    void read_tabWithoutHeaderTwoColumns_readsIdAndTitle() throws IOException {
        ItemMetadata metadata = ItemMetadata.read(write("titles.tsv", "1\tOne, two\n2\tThree\n"));

        assertEquals("One, two", metadata.title("1"));
        assertEquals(2, metadata.size());
        assertFalse(metadata.hasGenres());
    }

    @Test
    void read_utf8WithByteOrderMarkAndCrlf_dropsMarkAndLineEnds() throws IOException {
        Path file = dir.resolve("movies.csv");
        byte[] text = "movieId,title,genres\r\n1,Amélie (2001),Comedy|Romance\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] withMark = new byte[text.length + 3];
        withMark[0] = (byte) 0xEF;
        withMark[1] = (byte) 0xBB;
        withMark[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withMark, 3, text.length);
        Files.write(file, withMark);

        ItemMetadata metadata = ItemMetadata.read(file);

        assertEquals(StandardCharsets.UTF_8, metadata.charset());
        assertEquals("Amélie (2001)", metadata.title("1"));
        assertEquals(List.of("Comedy", "Romance"), metadata.genreNames());
        assertEquals("movies.csv: 1 item, 2 genres (MovieLens movies.csv)", metadata.description());
    }

    @Test
    void read_latin1AfterManyUtf8Lines_rereadsWholeFileAsLatin1() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            text.append(i).append("\tTitle ").append(i).append('\n');
        }
        text.append("5000\tCafé\n");

        ItemMetadata metadata = ItemMetadata.read(write("titles.tsv", text.toString(), StandardCharsets.ISO_8859_1));

        assertEquals(StandardCharsets.ISO_8859_1, metadata.charset());
        assertEquals(5001, metadata.size());
        assertEquals("Café", metadata.title("5000"));
        assertEquals("Title 4999", metadata.title("4999"));
        assertEquals(0, metadata.skippedLines());
    }

    @Test
    void read_gzippedFile_readsThroughGzip() throws IOException {
        Path file = dir.resolve("movies.dat.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("1::Toy Story (1995)::Animation\n".getBytes(StandardCharsets.UTF_8));
        }

        ItemMetadata metadata = ItemMetadata.read(file);

        assertEquals("Toy Story (1995)", metadata.title("1"));
    }

    @Test
    void read_blankIdAndDuplicateId_skipsAndKeepsFirst() throws IOException {
        ItemMetadata metadata = ItemMetadata.read(write("items.tsv", "id\ttitle\n1\tFirst\n \tNo id\n\n1\tSecond\n"));

        assertEquals(1, metadata.size());
        assertEquals("First", metadata.title("1"));
        assertEquals(2, metadata.skippedLines());
        assertEquals(List.of("items.tsv:3: blank id", "items.tsv:5: id 1 already read"), metadata.skipMessages());
    }

    @Test
    void read_emptyFile_givesNoItems() throws IOException {
        ItemMetadata metadata = ItemMetadata.read(write("empty.csv", "\n\n"));

        assertEquals(0, metadata.size());
        assertEquals(0, metadata.skippedLines());
        assertFalse(metadata.hasGenres());
        assertEquals("empty.csv: 0 items, no genres (empty)", metadata.description());
    }

    @Test
    void read_missingFile_throwsNoSuchFile() {
        Path missing = dir.resolve("nope.item");

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> ItemMetadata.read(missing));

        assertEquals(missing.toString(), e.getFile());
    }

    @Test
    void empty_knowsNothing() {
        ItemMetadata metadata = ItemMetadata.empty();

        assertEquals(0, metadata.size());
        assertFalse(metadata.knows("1"));
        assertNull(metadata.title("1"));
        assertArrayEquals(new int[0], metadata.genresOf("1"));
        assertFalse(metadata.hasGenres());
    }

    @Test
    void genresOf_returnedArrayChanged_metadataUnchanged() throws IOException {
        ItemMetadata metadata = ItemMetadata.read(write("u.item", U_ITEM));

        metadata.genresOf("1")[0] = 99;

        assertArrayEquals(new int[] {3, 4, 5}, metadata.genresOf("1"));
        assertArrayEquals(new int[0], metadata.genresOf("unknown id"));
        assertNull(metadata.title("unknown id"));
    }

    @Test
    void read_movieLens100kItemFile_hasEveryMovieWithGenres() throws IOException {
        ItemMetadata metadata = ItemMetadata.read(SharedData.require("ml-100k/u.item"));

        assertEquals(1682, metadata.size());
        assertEquals(0, metadata.skippedLines());
        assertEquals(ML100K_GENRES, metadata.genreNames());
        assertEquals("Toy Story (1995)", metadata.title("1"));
        assertArrayEquals(new int[] {3, 4, 5}, metadata.genresOf("1"));
        assertEquals("Misérables, Les (1995)", metadata.title("543"));
        assertEquals(StandardCharsets.ISO_8859_1, metadata.charset());
        assertEquals("u.item: 1682 items, 19 genres (MovieLens u.item)", metadata.description());
    }

    @Test
    void read_movieLens1mMoviesDat_hasEveryMovieAnd18Genres() throws IOException {
        ItemMetadata metadata = ItemMetadata.read(SharedData.require("ml-1m/movies.dat"));

        assertEquals(3883, metadata.size());
        assertEquals(0, metadata.skippedLines());
        assertEquals(18, metadata.genreNames().size());
        assertEquals(List.of("Animation", "Children's", "Comedy"), namesOf(metadata, "1"));
        assertEquals(StandardCharsets.ISO_8859_1, metadata.charset());
        assertEquals("movies.dat: 3883 items, 18 genres (MovieLens movies.dat)", metadata.description());
    }

    @Test
    void read_lastFmArtists_picksIdAndNameFromHeader() throws IOException {
        ItemMetadata metadata = ItemMetadata.read(SharedData.require("hetrec2011-lastfm-2k/artists.dat"));

        assertEquals(17632, metadata.size());
        assertEquals(0, metadata.skippedLines());
        assertFalse(metadata.hasGenres());
        assertEquals("MALICE MIZER", metadata.title("1"));
        assertEquals("\"Weird Al\" Yankovic", metadata.title("1686"));
        assertEquals(StandardCharsets.UTF_8, metadata.charset());
    }

    private static List<String> namesOf(ItemMetadata metadata, String itemId) {
        return java.util.Arrays.stream(metadata.genresOf(itemId)).mapToObj(metadata.genreNames()::get).toList();
    }

    private Path write(String name, String text) throws IOException {
        return write(name, text, StandardCharsets.UTF_8);
    }

    private Path write(String name, String text, Charset charset) throws IOException {
        return Files.writeString(dir.resolve(name), text, charset);
    }
}
