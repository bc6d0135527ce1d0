package dev.latent.data;

import dev.latent.data.ReadOptions.Separator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads the shared real datasets (see {@link DataSets}) with default options. A missing dataset
 * skips its test, except under CI (environment variable {@code CI} set), where it fails.
 */
class RatingReaderRealDataTest {
    private final RatingReader reader = RatingReader.withDefaults();

    @Test
    void read_movieLens100k_hasEveryRatingUserAndItem() throws IOException {
        ReadResult<RatingMatrix> result = reader.read(dataset("ml-100k/u.data"));

        RatingMatrix m = result.ratings();
        assertEquals(100_000, m.size());
        assertEquals(943, m.userCount());
        assertEquals(1682, m.itemCount());
        assertEquals(1f, m.min());
        assertEquals(5f, m.max());
        // From the rating histogram in SOURCE.md: 1×6110 + 2×11370 + 3×27145 + 4×34174 + 5×21201.
        assertEquals(352_986 / 100_000.0, m.mean(), 1e-12);
        ReadReport report = result.report();
        assertEquals(Separator.TAB, report.separator());
        assertFalse(report.headerFound());
        assertEquals(StandardCharsets.UTF_8, report.charset());
        assertEquals(100_000, report.linesRead());
        assertEquals(0, report.duplicatesReplaced());
    }

    @Test
    void readAgainst_movieLens100kFold1_mapsTestRatingsThroughTrainingIndexes() throws IOException {
        RatingMatrix base = reader.read(dataset("ml-100k/u1.base")).ratings();

        ReadResult<RatingList> test = reader.readAgainst(dataset("ml-100k/u1.test"), base.users(), base.items());

        assertEquals(80_000, base.size());
        assertEquals(20_000, test.ratings().size());
        // Every fold-1 test user has training ratings; 32 test ratings are of items u1.base lacks
        // (checked independently with awk over the two files).
        assertEquals(0, test.report().unknownUsers());
        assertEquals(32, test.report().unknownItems());
        assertEquals(32, test.ratings().unknownCount());
    }

    @Test
    void read_movieLens1mPartialGzipped_hasEveryRatingUserAndItem() throws IOException {
        ReadResult<RatingMatrix> result = reader.read(dataset("ml-1m/ratings.PARTIAL-users-1-2999.dat.gz"));

        RatingMatrix m = result.ratings();
        assertEquals(487_650, m.size());
        assertEquals(2999, m.userCount());
        assertEquals(3615, m.itemCount());
        assertEquals(Separator.DOUBLE_COLON, result.report().separator());
        int fives = 0;
        for (int p = 0; p < m.size(); p++) {
            fives += m.valueAt(p) == 5f ? 1 : 0;
        }
        assertEquals(108_545, fives);
    }

    @Test
    void read_lastFm2k_skipsHeaderAndKeepsPlayCounts() throws IOException {
        ReadResult<RatingMatrix> result = reader.read(dataset("hetrec2011-lastfm-2k/user_artists.dat"));

        RatingMatrix m = result.ratings();
        assertTrue(result.report().headerFound());
        assertEquals(Separator.TAB, result.report().separator());
        assertEquals(92_834, m.size());
        assertEquals(1892, m.userCount());
        assertEquals(17_632, m.itemCount());
        assertEquals(1f, m.min());
        assertEquals(352_698f, m.max());
        assertEquals(13_883f, m.get(m.users().indexOf("2"), m.items().indexOf("51")));
    }

    private static Path dataset(String relative) {
        return SharedData.require(relative);
    }
}
