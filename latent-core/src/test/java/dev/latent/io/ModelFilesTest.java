package dev.latent.io;

import dev.latent.data.IdIndex;
import dev.latent.data.RatingMatrix;
import dev.latent.model.DataStats;
import dev.latent.model.FactorModel;
import dev.latent.train.sgd.BiasedMfConfig;
import dev.latent.train.sgd.BiasedMfTrainer;
import dev.latent.train.sgd.FunkSvdConfig;
import dev.latent.train.sgd.FunkSvdTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFilesTest {
    private static final String GOLDEN_RESOURCE = "/dev/latent/io/model-v%d.latent";

    @TempDir
    Path dir;

    // ---- round trips ------------------------------------------------------------------------

    private static RatingMatrix ratings() {
        return RatingMatrix.builder()
                .add("café", "東京", 5f).add("café", "i2", 3f).add("café", "🎬", 4f)
                .add("Zoë", "東京", 4f).add("Zoë", "i3", 1f)
                .add("u3", "i2", 2f).add("u3", "i3", 5f).add("u3", "🎬", 3f)
                .add("naïve", "東京", 1f).add("naïve", "i2", 4f)
                .build();
    }

    private static FactorModel biasedMf() {
        return new BiasedMfTrainer(BiasedMfConfig.defaults().withFactors(4).withEpochs(3)).train(ratings());
    }

    static Stream<FactorModel> trainedModels() {
        return Stream.of(biasedMf(),
                new FunkSvdTrainer(FunkSvdConfig.defaults().withFactors(3).withEpochs(3)).train(ratings()));
    }

    @ParameterizedTest
    @MethodSource("trainedModels")
    void saveThenLoad_trainedModelWithNonAsciiIds_isBitIdentical(FactorModel model) throws IOException {
        Path file = dir.resolve("m.latent");

        ModelFiles.save(model, file);
        FactorModel loaded = ModelFiles.load(file);

        assertTrue(loaded.sameAs(model), () -> "loaded " + loaded + " differs from " + model);
        assertEquals(model.predict("café", "東京"), loaded.predict("café", "東京"));
        assertEquals(model.items().indexOf("🎬"), loaded.items().indexOf("🎬"));
    }

    @Test
    void saveThenLoad_modelWithoutUsersOrItems_isBitIdentical() throws IOException {
        FactorModel empty = new FactorModel("funk-svd", Map.of(), -1L, new DataStats(0, 0, 0, Float.NaN, Float.NaN, Double.NaN),
                IdIndex.of("user", List.of()), IdIndex.of("item", List.of()), 1, 0f,
                new float[0], new float[0], new float[0], new float[0], new int[] {0}, new int[0]);
        Path file = dir.resolve("empty.latent");

        ModelFiles.save(empty, file);

        assertTrue(ModelFiles.load(file).sameAs(empty));
    }

    @Test
    void saveThenLoad_largeModelWithSpecialFloatsAndLongStrings_preservesEveryBit() throws IOException {
        FactorModel model = largeModel();
        Path file = dir.resolve("large.latent");

        ModelFiles.save(model, file);
        FactorModel loaded = ModelFiles.load(file);

        assertTrue(loaded.sameAs(model));
        // sameAs compares floats as floatToIntBits, which folds NaN payloads together; compare raw bits.
        assertArrayEquals(rawBits(model.userFactors()), rawBits(loaded.userFactors()));
        assertArrayEquals(rawBits(model.itemBiases()), rawBits(loaded.itemBiases()));
        assertEquals(layoutOf(model).size(), Files.size(file));
    }

    @Test
    void save_anyModel_writesExactlyTheDocumentedLayout() throws IOException {
        FactorModel model = goldenModel();
        Layout layout = layoutOf(model);
        byte[] bytes = bytesOf(model);

        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        assertEquals(layout.size(), bytes.length);
        assertEquals("LATENTMF", new String(bytes, 0, 8, StandardCharsets.US_ASCII));
        assertEquals(ModelFiles.FORMAT_VERSION, buffer.getInt(8));
        assertEquals(42L, buffer.getLong((int) layout.seed()));
        assertEquals(2, buffer.getInt((int) layout.rank()));
        assertEquals(0.25f, buffer.getFloat((int) layout.userBiases()));
        assertEquals(-1f, buffer.getFloat((int) layout.itemFactors() + 6 * Float.BYTES));
        assertEquals(3, buffer.getInt((int) layout.seenItems() + 4 * Integer.BYTES));
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        assertEquals((int) crc.getValue(), buffer.getInt(bytes.length - 4));
    }

    // ---- the golden file of format version 1 ----------------------------------------------

    @Test
    void load_formatVersion1GoldenFile_readsExactValues() throws IOException {
        FactorModel model = ModelFiles.load(copyResource(GOLDEN_RESOURCE.formatted(1)));

        assertEquals("biased-mf", model.algorithm());
        assertEquals(List.of("factors=2", "epochs=10", "learningRate=0.01"), model.parameters().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList());
        assertEquals(42L, model.seed());
        assertEquals(new DataStats(3, 4, 7, 1f, 5f, 3.5), model.stats());
        assertEquals("user", model.users().kind());
        assertEquals(List.of("alice", "bob", "zoë"), model.users().ids());
        assertEquals("item", model.items().kind());
        assertEquals(List.of("i1", "東京", "i3", "i4"), model.items().ids());
        assertEquals(2, model.rank());
        assertEquals(3.5f, model.globalMean());
        assertArrayEquals(new float[] {0.25f, -0.5f, 0.125f}, floats(model.userBiases()));
        assertArrayEquals(new float[] {0.5f, -0.25f, 0f, 1f}, floats(model.itemBiases()));
        assertArrayEquals(new float[] {0.1f, 0.2f, -0.3f, 0.4f, 0.5f, -0.6f}, floats(model.userFactors()));
        assertArrayEquals(new float[] {1f, 0f, 0f, 1f, 0.5f, 0.5f, -1f, 2f}, floats(model.itemFactors()));
        int[] starts = new int[4];
        model.seenStarts().get(starts);
        assertArrayEquals(new int[] {0, 3, 5, 7}, starts);
        int[] seen = new int[7];
        model.seenItems().get(seen);
        assertArrayEquals(new int[] {0, 1, 2, 1, 3, 0, 3}, seen);
        assertEquals(4.35f, model.predict("alice", "i1"), 1e-6f);
    }

    @Test
    void save_goldenModel_writesTheCommittedGoldenFileOfTheCurrentVersion() throws IOException {
        String resource = GOLDEN_RESOURCE.formatted(ModelFiles.FORMAT_VERSION);
        assertNotNull(ModelFilesTest.class.getResource(resource), "no golden file " + resource
                + " for the current format version; generate it once with ModelFilesTest.main (see its Javadoc)");

        assertArrayEquals(Files.readAllBytes(copyResource(resource)), bytesOf(goldenModel()),
                "the writer's output changed: a layout change needs a new format version and golden file");
    }

    // ---- corrupt files ------------------------------------------------------------------------

    static Stream<Arguments> truncations() {
        Layout at = layoutOf(goldenModel());
        return Stream.of(
                Arguments.of(3L, "truncated: file ends inside the magic bytes (expected 8 bytes, found 3)"),
                Arguments.of(10L, "truncated: file ends inside the format version (expected 4 more bytes, found 2)"),
                Arguments.of(at.algorithm() + 2, "truncated: file ends inside the algorithm name (expected 4 more bytes, found 2)"),
                Arguments.of(at.stats() + 20, "truncated: file ends inside the data stats (expected 8 more bytes, found 4)"),
                Arguments.of(at.userIds() + 9, "truncated: file ends inside the user ids (expected 4 more bytes, found 1)"),
                Arguments.of(at.userBiases() + 4, "truncated: file ends inside the user biases (expected 12 more bytes, found 4)"),
                Arguments.of(at.itemFactors() + 5, "truncated: file ends inside the item factors (expected 32 more bytes, found 5)"),
                Arguments.of(at.seenItems() + 6, "truncated: file ends inside the seen items (expected 28 more bytes, found 6)"),
                Arguments.of(at.checksum(), "truncated: file ends inside the checksum (expected 4 more bytes, found 0)"),
                Arguments.of(at.checksum() + 3, "truncated: file ends inside the checksum (expected 4 more bytes, found 3)"));
    }

    @ParameterizedTest
    @MethodSource("truncations")
    void load_truncatedFile_namesTheSectionItEndsIn(long length, String problem) throws IOException {
        byte[] bytes = bytesOf(goldenModel());

        assertProblem(Arrays.copyOf(bytes, (int) length), problem);
    }

    @Test
    void load_emptyFile_reportsEmptyFile() throws IOException {
        assertProblem(new byte[0], "empty file");
    }

    @Test
    void load_foreignFile_reportsBadMagicBytes() throws IOException {
        assertProblem("user,item,rating\nu1,i1,4\n".getBytes(StandardCharsets.UTF_8), "not a Latent model file (bad magic bytes)");
    }

    @Test
    void load_shortForeignFile_reportsBadMagicBytes() throws IOException {
        assertProblem(new byte[] {'P', 'K'}, "not a Latent model file (bad magic bytes)");
    }

    @Test
    void load_newerFormatVersion_reportsBothVersions() throws IOException {
        byte[] bytes = bytesOf(goldenModel());
        ByteBuffer.wrap(bytes).putInt(8, 9);

        assertProblem(bytes, "format version 9 is newer than this Latent reads (1)");
    }

    @Test
    void load_formatVersionZero_reportsCorruption() throws IOException {
        byte[] bytes = bytesOf(goldenModel());
        ByteBuffer.wrap(bytes).putInt(8, 0);

        assertProblem(bytes, "corrupted: format version 0 does not exist");
    }

    @Test
    void load_flippedByteInItemFactors_reportsChecksumMismatch() throws IOException {
        byte[] bytes = bytesOf(goldenModel());
        bytes[(int) layoutOf(goldenModel()).itemFactors() + 9] ^= 0x10;

        assertProblem(bytes, "checksum mismatch: the file is corrupted");
    }

    @Test
    void load_bytesAfterTheChecksum_reportsThem() throws IOException {
        byte[] bytes = bytesOf(goldenModel());

        assertProblem(Arrays.copyOf(bytes, bytes.length + 3), "corrupted: 3 unexpected bytes after the checksum");
    }

    record Corruption(String field, ToLongFunction<Layout> offset, int value, ToLongFunction<Layout> expected, String problem) {
        @Override
        public String toString() {
            return field + " = " + value;
        }
    }

    static Stream<Corruption> hugeFields() {
        return Stream.of(
                new Corruption("algorithm name length", Layout::algorithm, Integer.MAX_VALUE,
                        at -> at.size() - at.algorithm() - 4,
                        "truncated or corrupted: string length 2147483647 in the algorithm name exceeds the %d bytes left"),
                new Corruption("user id count", at -> at.userIds() + 8, 2_000_000_000,
                        at -> at.size() - at.userIds() - 12,
                        "truncated or corrupted: count 2000000000 in the user ids needs at least 8000000000 bytes but only %d are left"),
                new Corruption("parameter count", Layout::parameters, -1, at -> 0,
                        "corrupted: negative count -1 in the parameters"),
                new Corruption("rank", Layout::rank, Integer.MAX_VALUE, at -> 0,
                        "corrupted: the user factors would need 6442450941 values, more than one array holds"),
                new Corruption("rank", Layout::rank, 1 << 20, at -> at.size() - at.userFactors(),
                        "truncated: file ends inside the user factors (expected 12582912 more bytes, found %d)"));
    }

    @ParameterizedTest
    @MethodSource("hugeFields")
    void load_corruptedLengthField_reportsItWithoutAllocating(Corruption corruption) throws IOException {
        Layout layout = layoutOf(goldenModel());
        byte[] bytes = bytesOf(goldenModel());
        ByteBuffer.wrap(bytes).putInt((int) corruption.offset().applyAsLong(layout), corruption.value());

        assertProblem(bytes, corruption.problem().formatted(corruption.expected().applyAsLong(layout)));
    }

    @Test
    void load_validChecksumOverDuplicateItemIds_reportsInvalidModel() throws IOException {
        byte[] bytes = bytesOf(goldenModel());
        int i3 = indexOf(bytes, "i3".getBytes(StandardCharsets.UTF_8));
        bytes[i3 + 1] = '1';

        assertProblem(withChecksum(bytes), "invalid model: duplicate item id 'i1'");
    }

    @Test
    void load_validChecksumOverSeenItemOutOfRange_reportsInvalidModel() throws IOException {
        byte[] bytes = bytesOf(goldenModel());
        ByteBuffer.wrap(bytes).putInt((int) layoutOf(goldenModel()).seenItems() + 4, 9);

        assertProblem(withChecksum(bytes), "invalid model: seen item 9 of user 0 is not an item index (there are 4 items)");
    }

    @Test
    void load_validChecksumOverMalformedUtf8_reportsInvalidUtf8() throws IOException {
        byte[] bytes = bytesOf(goldenModel());
        bytes[indexOf(bytes, "zoë".getBytes(StandardCharsets.UTF_8)) + 2] = (byte) 0xFF;

        assertProblem(withChecksum(bytes), "corrupted: a string in the user ids is not valid UTF-8");
    }

    // ---- atomic save --------------------------------------------------------------------------

    @Test
    void save_overExistingModel_replacesItAndLeavesNoTempFiles() throws IOException {
        Path file = dir.resolve("m.latent");
        ModelFiles.save(goldenModel(), file);
        FactorModel other = biasedMf();

        ModelFiles.save(other, file);

        assertTrue(ModelFiles.load(file).sameAs(other));
        assertEquals(List.of("m.latent"), fileNames(dir));
    }

    @Test
    void save_missingParentDirectories_createsThem() throws IOException {
        Path file = dir.resolve("a").resolve("b").resolve("m.latent");

        ModelFiles.save(goldenModel(), file);

        assertTrue(ModelFiles.load(file).sameAs(goldenModel()));
        assertEquals(List.of("m.latent"), fileNames(file.getParent()));
    }

    @Test
    void save_targetIsNonEmptyDirectory_failsAndLeavesDirectoryAndNoTempFile() throws IOException {
        Path target = Files.createDirectory(dir.resolve("m.latent"));
        Files.writeString(target.resolve("keep.txt"), "keep");

        assertThrows(IOException.class, () -> ModelFiles.save(goldenModel(), target));

        assertEquals(List.of("m.latent"), fileNames(dir));
        assertEquals("keep", Files.readString(target.resolve("keep.txt")));
    }

    @Test
    void save_idThatUtf8CannotStore_failsMidWriteAndKeepsTheOldFile() throws IOException {
        Path file = dir.resolve("m.latent");
        ModelFiles.save(goldenModel(), file);
        byte[] before = Files.readAllBytes(file);
        FactorModel golden = goldenModel();
        // The bad id comes after the header, so the temporary file is already being written.
        FactorModel unsavable = new FactorModel(golden.algorithm(), golden.parameters(), golden.seed(), golden.stats(),
                IdIndex.of("user", List.of("alice", "bob", "broken\uD800")), golden.items(), golden.rank(),
                golden.globalMean(), floats(golden.userBiases()), floats(golden.itemBiases()),
                floats(golden.userFactors()), floats(golden.itemFactors()), new int[] {0, 3, 5, 7},
                new int[] {0, 1, 2, 1, 3, 0, 3});

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(unsavable, file));

        assertTrue(e.getMessage().contains("unpaired surrogate"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of("m.latent"), fileNames(dir));
    }

    @Test
    void save_seenItemsNotAscending_failsWithoutTouchingTheDisk() throws IOException {
        FactorModel golden = goldenModel();
        FactorModel unloadable = new FactorModel(golden.algorithm(), golden.parameters(), golden.seed(), golden.stats(),
                golden.users(), golden.items(), golden.rank(), golden.globalMean(), floats(golden.userBiases()),
                floats(golden.itemBiases()), floats(golden.userFactors()), floats(golden.itemFactors()),
                new int[] {0, 3, 5, 7}, new int[] {0, 2, 1, 1, 3, 0, 3});
        Path file = dir.resolve("sub").resolve("m.latent");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(unloadable, file));

        assertEquals("the seen items of user 0 are not strictly ascending", e.getMessage());
        assertEquals(List.of(), fileNames(dir));
    }

    // ---- fixtures and helpers ----------------------------------------------------------------

    /**
     * The hand-built model of the golden files: 3 users × 4 items, rank 2, a non-ASCII id on each
     * side. Never change it: {@code model-v1.latent} holds exactly these values.
     */
    static FactorModel goldenModel() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("factors", "2");
        parameters.put("epochs", "10");
        parameters.put("learningRate", "0.01");
        return new FactorModel("biased-mf", parameters, 42L, new DataStats(3, 4, 7, 1f, 5f, 3.5),
                IdIndex.of("user", List.of("alice", "bob", "zoë")), IdIndex.of("item", List.of("i1", "東京", "i3", "i4")),
                2, 3.5f,
                new float[] {0.25f, -0.5f, 0.125f},
                new float[] {0.5f, -0.25f, 0f, 1f},
                new float[] {0.1f, 0.2f, -0.3f, 0.4f, 0.5f, -0.6f},
                new float[] {1f, 0f, 0f, 1f, 0.5f, 0.5f, -1f, 2f},
                new int[] {0, 3, 5, 7},
                new int[] {0, 1, 2, 1, 3, 0, 3});
    }

    /**
     * Writes the golden file of the CURRENT format version, {@code model-v<N>.latent}, into the
     * directory {@code args[0]}; refuses to overwrite, since a committed golden file is the record
     * of what an old Latent wrote and must never be regenerated. Run it once, by hand, right after
     * bumping {@link ModelFiles#FORMAT_VERSION}, and commit the new file next to the old ones:
     * <pre>{@code
     * mvn -q -pl latent-core test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath
     * java -cp "latent-core/target/test-classes:latent-core/target/classes:$(cat latent-core/target/test.classpath)" \
     *     dev.latent.io.ModelFilesTest latent-core/src/test/resources/dev/latent/io
     * }</pre>
     */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]).resolve("model-v" + ModelFiles.FORMAT_VERSION + ".latent");
        if (Files.exists(file)) {
            throw new IOException(file + " exists; golden files are written once and never regenerated");
        }
        ModelFiles.save(goldenModel(), file);
        System.out.println("wrote " + file);
    }

    /** 60 000 users × rank 7 (several buffer refills) with NaN payloads, −0, infinities and a subnormal; a 3 MB parameter. */
    private static FactorModel largeModel() {
        int m = 60_000;
        int n = 5_001;
        int k = 7;
        SplittableRandom random = new SplittableRandom(7);
        float[] userFactors = gaussian(random, m * k);
        float[] itemFactors = gaussian(random, n * k);
        float[] itemBias = gaussian(random, n);
        float[] specials = {Float.intBitsToFloat(0x7fc0_1234), Float.intBitsToFloat(0xffa0_0001), -0f,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE};
        for (int s = 0; s < specials.length; s++) {
            userFactors[s * 69_997] = specials[s];
            itemBias[s * 701] = specials[s];
        }
        List<String> users = new ArrayList<>(m);
        for (int u = 0; u < m; u++) {
            users.add(u % 3 == 0 ? "użytkownik-" + u : "u" + u);
        }
        List<String> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add("é" + i);
        }
        int[] seenStart = new int[m + 1];
        int[] seenItems = new int[2 * m];
        for (int u = 0; u < m; u++) {
            seenItems[2 * u] = u % (n - 1);
            seenItems[2 * u + 1] = n - 1;
            seenStart[u + 1] = 2 * u + 2;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("note", "x".repeat(3_000_001));
        parameters.put("factors", "7");
        return new FactorModel("funk-svd", parameters, Long.MIN_VALUE, new DataStats(m, n, 2L * m, 0.5f, 5f, 3.25),
                IdIndex.of("user", users), IdIndex.of("item", items), k, 0f,
                new float[m], itemBias, userFactors, itemFactors, seenStart, seenItems);
    }

    private static float[] gaussian(SplittableRandom random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    /** Byte offsets of each section of {@code model}'s file, computed from docs/model-format.md. */
    record Layout(long algorithm, long seed, long parameters, long stats, long rank, long userIds, long itemIds,
                  long userBiases, long itemBiases, long userFactors, long itemFactors, long seenStarts,
                  long seenItems, long checksum, long size) {
    }

    static Layout layoutOf(FactorModel model) {
        long m = model.users().size();
        long n = model.items().size();
        long k = model.rank();
        long algorithm = 12;
        long seed = algorithm + string(model.algorithm());
        long parameters = seed + 8;
        long stats = parameters + 4;
        for (Map.Entry<String, String> parameter : model.parameters().entrySet()) {
            stats += string(parameter.getKey()) + string(parameter.getValue());
        }
        long rank = stats + 3 * 8 + 2 * 4 + 8;
        long userIds = rank + 4 + 4;
        long itemIds = userIds + ids(model.users());
        long userBiases = itemIds + ids(model.items());
        long itemBiases = userBiases + 4 * m;
        long userFactors = itemBiases + 4 * n;
        long itemFactors = userFactors + 4 * m * k;
        long seenStarts = itemFactors + 4 * n * k;
        long seenItems = seenStarts + 4 * (m + 1);
        long checksum = seenItems + 4L * model.seenItems().remaining();
        return new Layout(algorithm, seed, parameters, stats, rank, userIds, itemIds, userBiases, itemBiases,
                userFactors, itemFactors, seenStarts, seenItems, checksum, checksum + 4);
    }

    private static long ids(IdIndex index) {
        long bytes = string(index.kind()) + 4;
        for (String id : index.ids()) {
            bytes += string(id);
        }
        return bytes;
    }

    private static long string(String value) {
        return 4 + value.getBytes(StandardCharsets.UTF_8).length;
    }

    private void assertProblem(byte[] bytes, String problem) throws IOException {
        Path file = dir.resolve("m.latent");
        Files.write(file, bytes);

        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFiles.load(file));

        assertEquals(file + ": " + problem, e.getMessage());
    }

    private byte[] bytesOf(FactorModel model) throws IOException {
        Path file = Files.createTempFile(dir, "model", ".latent");
        ModelFiles.save(model, file);
        byte[] bytes = Files.readAllBytes(file);
        Files.delete(file);
        return bytes;
    }

    private Path copyResource(String resource) throws IOException {
        Path file = dir.resolve(Path.of(resource).getFileName().toString());
        try (InputStream in = ModelFilesTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, "missing test resource " + resource);
            Files.copy(in, file);
        }
        return file;
    }

    private static byte[] withChecksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
        return bytes;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("bytes not found");
    }

    private static List<String> fileNames(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static float[] floats(FloatBuffer buffer) {
        float[] values = new float[buffer.remaining()];
        buffer.duplicate().get(values);
        return values;
    }

    private static int[] rawBits(FloatBuffer buffer) {
        float[] values = floats(buffer);
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
