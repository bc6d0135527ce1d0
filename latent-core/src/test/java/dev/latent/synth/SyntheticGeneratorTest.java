package dev.latent.synth;

import dev.latent.data.RatingMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticGeneratorTest {
    private static final SyntheticConfig SMALL = SyntheticConfig.defaults().withShape(500, 300, 20_000);

    @Test
    void write_sameSeed_sameBytes() {
        assertArrayEquals(bytes(SMALL), bytes(SMALL));
    }

    @Test
    void write_otherSeed_otherBytes() {
        assertFalse(Arrays.equals(bytes(SMALL), bytes(SMALL.withSeed(43))));
    }

    @Test
    void write_pathAndStream_sameBytes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ratings.tsv");
        new SyntheticGenerator(SMALL).write(file);
        assertArrayEquals(bytes(SMALL), Files.readAllBytes(file));
    }

    @Test
    void write_defaults_exactCountOfDistinctPairsInRange() {
        SyntheticConfig config = SyntheticConfig.defaults();
        Lines lines = Lines.of(config);
        assertEquals(config.ratings(), lines.size());
        Set<Long> pairs = new HashSet<>();
        for (int k = 0; k < lines.size(); k++) {
            assertTrue(lines.user[k] >= 1 && lines.user[k] <= config.users(), "user id " + lines.user[k]);
            assertTrue(lines.item[k] >= 1 && lines.item[k] <= config.items(), "item id " + lines.item[k]);
            assertTrue(pairs.add((long) lines.user[k] << 32 | lines.item[k]),
                    "pair " + lines.user[k] + "," + lines.item[k] + " twice");
        }
    }

    @Test
    void write_defaults_everyUserRatedWithNearEqualCounts() {
        SyntheticConfig config = SyntheticConfig.defaults().withRatings(100_999);
        int[] perUser = Lines.of(config).countsPerUser(config.users());
        int min = Arrays.stream(perUser).min().orElseThrow();
        int max = Arrays.stream(perUser).max().orElseThrow();
        assertEquals(50, min);
        assertEquals(51, max);
    }

    @Test
    void write_zipf_mostPopularItemFarAboveMedian() {
        int[] perItem = Lines.of(SyntheticConfig.defaults()).countsPerItem(1000);
        Arrays.sort(perItem);
        int median = perItem[perItem.length / 2];
        int top = perItem[perItem.length - 1];
        assertTrue(top > 5 * median, "most popular " + top + ", median " + median);
    }

    @Test
    void write_zipfZero_noItemFarAboveMedian() {
        int[] perItem = Lines.of(SyntheticConfig.defaults().withZipfExponent(0)).countsPerItem(1000);
        Arrays.sort(perItem);
        // Uniform: each item's count is about Poisson(100), so the largest is within 1.6× the median.
        assertTrue(perItem[perItem.length - 1] < 1.6 * perItem[perItem.length / 2]);
    }

    @Test
    void write_noise_meanSquaredDeviationFromTruthIsNoiseSquared() {
        SyntheticConfig config = SyntheticConfig.defaults();
        PlantedModel planted = new SyntheticGenerator(config).planted();
        Lines lines = Lines.of(config);
        double sum = 0;
        for (int k = 0; k < lines.size(); k++) {
            double deviation = lines.rating[k] - planted.truth(lines.user[k] - 1, lines.item[k] - 1);
            sum += deviation * deviation;
        }
        double variance = config.noise() * config.noise();
        // The mean of N squared N(0, σ²) draws has standard deviation σ²·sqrt(2/N); allow 5 of them.
        double tolerance = 5 * variance * Math.sqrt(2.0 / lines.size());
        assertEquals(variance, sum / lines.size(), tolerance);
    }

    @Test
    void write_noNoise_ratingsAreTruthToThreeDecimals() {
        SyntheticConfig config = SMALL.withNoise(0);
        PlantedModel planted = new SyntheticGenerator(config).planted();
        Lines lines = Lines.of(config);
        for (int k = 0; k < lines.size(); k++) {
            assertEquals(planted.truth(lines.user[k] - 1, lines.item[k] - 1), lines.rating[k], 0.0005 + 1e-6);
        }
    }

    @Test
    void write_otherNoise_samePairs() {
        Lines quiet = Lines.of(SMALL.withNoise(0.1));
        Lines loud = Lines.of(SMALL.withNoise(1.0));
        assertArrayEquals(quiet.user, loud.user);
        assertArrayEquals(quiet.item, loud.item);
    }

    @Test
    void write_nearlyAllItemsSteepExponent_exactPathGivesDistinctPairs() {
        // 38 of 40 items each with weights 1/r³: rejection would need ~10⁵ draws, so the sum tree runs.
        SyntheticConfig config = new SyntheticConfig(30, 40, 30 * 38, 4, 0.5, 3.0, 7L);
        Lines lines = Lines.of(config);
        int[] perUser = lines.countsPerUser(30);
        assertTrue(Arrays.stream(perUser).allMatch(c -> c == 38), Arrays.toString(perUser));
        assertEquals(config.ratings(), lines.distinctPairs());
        // The two items each user leaves out come from the tail, and differ between users.
        int[] perItem = lines.countsPerItem(40);
        long everywhere = Arrays.stream(perItem).filter(c -> c == 30).count();
        assertTrue(everywhere >= 20 && everywhere <= 35, Arrays.toString(perItem));
        assertArrayEquals(bytes(config), bytes(config));
    }

    @Test
    void write_everyCell_eachPairOnce() {
        SyntheticConfig config = new SyntheticConfig(7, 5, 35, 2, 0.5, 0.8, 1L);
        Lines lines = Lines.of(config);
        assertEquals(35, lines.distinctPairs());
        assertArrayEquals(new int[] {1, 2, 3, 4, 5}, Arrays.copyOf(lines.item, 5));
    }

    @Test
    void write_fewerRatingsThanUsers_spreadOverUsers() {
        SyntheticConfig config = new SyntheticConfig(10, 5, 4, 2, 0.5, 0.8, 1L);
        assertArrayEquals(new int[] {0, 0, 1, 0, 1, 0, 0, 1, 0, 1}, Lines.of(config).countsPerUser(10));
    }

    @Test
    void writeSplit_tenPercent_testPartNearTenPercentAndTrainPartTheRest() {
        Split split = Split.of(SMALL, 0.1);

        long all = SMALL.ratings();
        long test = split.test.split("\n").length;
        long train = split.train.split("\n").length;
        assertEquals(all, test + train);
        // Binomial(20000, 0.1): standard deviation ≈ 42; allow 5 of them.
        assertEquals(0.1 * all, test, 5 * Math.sqrt(all * 0.1 * 0.9));
    }

    @Test
    void writeSplit_anyFraction_partsAreDisjointAndMergeIntoTheUnsplitFile() {
        Split split = Split.of(SMALL, 0.3);

        // Both parts keep the unsplit order (user, then item), so merging them by that order gives it back.
        String[] train = split.train.split("\n");
        String[] test = split.test.split("\n");
        StringBuilder merged = new StringBuilder();
        int a = 0;
        int b = 0;
        while (a < train.length || b < test.length) {
            boolean takeTrain = b == test.length || (a < train.length && pair(train[a]) < pair(test[b]));
            assertTrue(a == train.length || b == test.length || pair(train[a]) != pair(test[b]), "pair in both parts");
            merged.append(takeTrain ? train[a++] : test[b++]).append('\n');
        }
        assertEquals(new String(bytes(SMALL), StandardCharsets.US_ASCII), merged.toString());
    }

    @Test
    void writeSplit_sameSeed_sameBytes() {
        Split first = Split.of(SMALL, 0.2);
        Split second = Split.of(SMALL, 0.2);

        assertEquals(first.train, second.train);
        assertEquals(first.test, second.test);
    }

    @Test
    void writeSplit_otherNoise_samePairsInTheTestPart() {
        // Membership hashes (seed, user, item) only, never the value or the order of writing.
        String quiet = Split.of(SMALL.withNoise(0.1), 0.2).test;
        String loud = Split.of(SMALL.withNoise(1.0), 0.2).test;

        assertEquals(quiet.replaceAll("\t[^\t\n]*\n", "\n"), loud.replaceAll("\t[^\t\n]*\n", "\n"));
    }

    @Test
    void isTest_largerFraction_keepsEveryTestRatingOfASmallerOne() {
        SyntheticGenerator generator = new SyntheticGenerator(SMALL);
        for (int u = 0; u < 50; u++) {
            for (int i = 0; i < 50; i++) {
                if (generator.isTest(u, i, 0.1)) {
                    assertTrue(generator.isTest(u, i, 0.4));
                }
            }
            assertFalse(generator.isTest(u, 0, 0));
            assertTrue(generator.isTest(u, 0, 1));
        }
    }

    @Test
    void writeSplit_fractionOutOfRange_throws() {
        SyntheticGenerator generator = new SyntheticGenerator(SMALL);

        assertThrows(IllegalArgumentException.class,
                () -> generator.write(new ByteArrayOutputStream(), new ByteArrayOutputStream(), 1.5));
    }

    @Test
    void toMatrix_defaults_sameRatingsAsFile() {
        SyntheticConfig config = SMALL;
        RatingMatrix matrix = new SyntheticGenerator(config).toMatrix();
        Lines lines = Lines.of(config);
        assertEquals(lines.size(), matrix.size());
        assertEquals(config.users(), matrix.userCount());
        assertEquals(config.items(), matrix.itemCount());
        for (int k = 0; k < lines.size(); k++) {
            int u = matrix.users().indexOf(Integer.toString(lines.user[k]));
            int i = matrix.items().indexOf(Integer.toString(lines.item[k]));
            assertEquals(lines.user[k] - 1, u);
            assertEquals(lines.item[k] - 1, i);
            assertEquals(lines.text[k], matrix.get(u, i), "line " + (k + 1));
        }
    }

    @Test
    void planted_truth_isMeanPlusBiasesPlusDot() {
        PlantedModel planted = new SyntheticGenerator(new SyntheticConfig(3, 4, 6, 3, 0.5, 0.8, 5L)).planted();
        for (int u = 0; u < 3; u++) {
            for (int i = 0; i < 4; i++) {
                double dot = 0;
                for (int f = 0; f < 3; f++) {
                    dot += (double) planted.userFactor(u, f) * planted.itemFactor(i, f);
                }
                double expected = 3.5 + planted.userBias(u) + planted.itemBias(i) + dot;
                assertEquals((float) expected, planted.truth(u, i));
            }
        }
        assertThrows(IndexOutOfBoundsException.class, () -> planted.truth(3, 0));
    }

    @Test
    void planted_rank16_dotProductHasUnitVariance() {
        PlantedModel planted = new SyntheticGenerator(new SyntheticConfig(300, 300, 1, 16, 0.5, 0.8, 9L)).planted();
        double sum = 0;
        double squares = 0;
        for (int u = 0; u < 300; u++) {
            for (int i = 0; i < 300; i++) {
                double dot = planted.truth(u, i) - 3.5 - planted.userBias(u) - planted.itemBias(i);
                sum += dot;
                squares += dot * dot;
            }
        }
        int n = 300 * 300;
        double variance = squares / n - (sum / n) * (sum / n);
        assertEquals(1.0, variance, 0.2);
    }

    @Test
    void ratingsOf_tenOverFourUsers_spreadsTheRemainder() {
        SyntheticConfig config = new SyntheticConfig(4, 5, 10, 2, 0.5, 0.8, 1L);
        assertArrayEquals(new int[] {2, 3, 2, 3},
                new int[] {config.ratingsOf(0), config.ratingsOf(1), config.ratingsOf(2), config.ratingsOf(3)});
        assertEquals(7, config.firstRatingOf(3));
    }

    @Test
    void appendMillis_examples_threeDecimals() {
        assertEquals("3.500", millis(3500));
        assertEquals("0.000", millis(0));
        assertEquals("-0.005", millis(-5));
        assertEquals("-1.000", millis(-1000));
        assertEquals("12.345", millis(12_345));
        assertEquals("0.070", millis(70));
        assertEquals("9223372036854775.807", millis(Long.MAX_VALUE));
    }

    static Stream<Arguments> invalidConfigs() {
        SyntheticConfig d = SyntheticConfig.defaults();
        return Stream.of(
                invalid(() -> d.withUsers(0), "users must be positive but was 0"),
                invalid(() -> d.withItems(-1), "items must be positive but was -1"),
                invalid(() -> d.withRatings(0), "ratings must be positive but was 0"),
                invalid(() -> d.withRank(0), "rank must be positive but was 0"),
                invalid(() -> d.withNoise(-0.1), "noise must be a non-negative finite number but was -0.1"),
                invalid(() -> d.withNoise(Double.NaN), "noise must be a non-negative finite number but was NaN"),
                invalid(() -> d.withNoise(2e6), "noise must be at most 1000000.0 but was 2000000.0"),
                invalid(() -> d.withZipfExponent(-1),
                        "zipfExponent must be a non-negative finite number but was -1.0"),
                invalid(() -> d.withZipfExponent(11), "zipfExponent must be at most 10.0 but was 11.0"),
                invalid(() -> d.withShape(20, 30, 1000), "ratings must be at most users × items = 600 but was 1000"),
                invalid(() -> d.withUsers(10), "ratings must be at most users × items = 10000 but was 100000"));
    }

    private static Arguments invalid(Supplier<SyntheticConfig> config, String message) {
        return Arguments.of(config, message);
    }

    @ParameterizedTest
    @MethodSource("invalidConfigs")
    void constructor_invalid_namesParameterAndValue(Supplier<SyntheticConfig> config, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, config::get);
        assertEquals(message, e.getMessage());
    }

    @Test
    void constructor_allCells_accepted() {
        assertEquals(600, SyntheticConfig.defaults().withShape(20, 30, 600).ratings());
    }

    private static String millis(long value) {
        byte[] buf = new byte[32];
        int end = TsvRatingWriter.appendMillis(buf, 0, value);
        return new String(buf, 0, end, StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(SyntheticConfig config) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new SyntheticGenerator(config).write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The (user, item) of a written line as one sortable number. */
    private static long pair(String line) {
        String[] fields = line.split("\t");
        return (long) Integer.parseInt(fields[0]) << 32 | Integer.parseInt(fields[1]);
    }

    /** The two files of a split write, as text. */
    private record Split(String train, String test) {
        static Split of(SyntheticConfig config, double testFraction) {
            ByteArrayOutputStream train = new ByteArrayOutputStream();
            ByteArrayOutputStream test = new ByteArrayOutputStream();
            try {
                new SyntheticGenerator(config).write(train, test, testFraction);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Split(train.toString(StandardCharsets.US_ASCII), test.toString(StandardCharsets.US_ASCII));
        }
    }

    /** The written file, parsed back: ids as ints, ratings as doubles and as {@code Float.parseFloat} reads them. */
    private record Lines(int[] user, int[] item, double[] rating, float[] text) {
        static Lines of(SyntheticConfig config) {
            String[] lines = new String(bytes(config), StandardCharsets.US_ASCII).split("\n");
            int n = lines.length == 1 && lines[0].isEmpty() ? 0 : lines.length;
            Lines parsed = new Lines(new int[n], new int[n], new double[n], new float[n]);
            for (int k = 0; k < n; k++) {
                String[] fields = lines[k].split("\t");
                assertEquals(3, fields.length, lines[k]);
                assertTrue(fields[2].matches("-?\\d+\\.\\d{3}"), fields[2]);
                parsed.user[k] = Integer.parseInt(fields[0]);
                parsed.item[k] = Integer.parseInt(fields[1]);
                parsed.rating[k] = Double.parseDouble(fields[2]);
                parsed.text[k] = Float.parseFloat(fields[2]);
            }
            return parsed;
        }

        int size() {
            return user.length;
        }

        int[] countsPerUser(int users) {
            int[] counts = new int[users];
            for (int u : user) {
                counts[u - 1]++;
            }
            return counts;
        }

        int[] countsPerItem(int items) {
            int[] counts = new int[items];
            for (int i : item) {
                counts[i - 1]++;
            }
            return counts;
        }

        long distinctPairs() {
            Set<Long> pairs = new HashSet<>();
            for (int k = 0; k < size(); k++) {
                pairs.add((long) user[k] << 32 | item[k]);
            }
            return pairs.size();
        }
    }
}
