package dev.latent.io;

import dev.latent.data.IdIndex;
import dev.latent.io.binary.AtomicFiles;
import dev.latent.io.binary.BinaryInput;
import dev.latent.io.binary.BinaryOutput;
import dev.latent.model.DataStats;
import dev.latent.model.FactorModel;

import java.io.IOException;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Saves a {@link FactorModel} to a file and loads it back bit for bit, in the format documented
 * byte by byte in {@code docs/model-format.md}.
 *
 * <p>Saving is atomic: the model goes to a temporary file in the target's directory, is forced to
 * disk, and is renamed over the target, so a reader (or a crash) sees the old model or the new
 * one, never half of one. Loading checks everything: magic bytes, format version, every length
 * against the bytes left in the file before allocating, a CRC32C over the whole file, then the
 * model's own invariants. Any problem is a {@link ModelFormatException} naming the file.
 *
 * <p>Evolving the format: readers accept every version up to {@link #FORMAT_VERSION}, writers
 * write only {@link #FORMAT_VERSION}; a layout change bumps the version and adds a branch on the
 * version number in the reader.
 */
public final class ModelFiles {
    /** The format version this class writes, and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    private static final byte[] MAGIC = "LATENTMF".getBytes(StandardCharsets.US_ASCII);
    private static final int MIN_STRING_BYTES = Integer.BYTES;
    private static final String FILE_KIND = "model file";

    private ModelFiles() {
    }

    /**
     * Writes {@code model} to {@code file} atomically, creating missing parent directories and
     * replacing an existing file (a symbolic link at {@code file} is replaced, not followed).
     * On failure no temporary file is left behind and an existing {@code file} is untouched.
     *
     * @throws IllegalArgumentException when an id, parameter or the algorithm name holds an
     *                                  unpaired surrogate, which UTF-8 cannot store, or the
     *                                  seen items are not ascending item indices per user
     */
    public static void save(FactorModel model, Path file) throws IOException {
        Objects.requireNonNull(model, "model");
        // What load would reject is refused here, before anything touches the disk.
        checkSeenItems(model.seenStarts(), model.seenItems(), model.items().size());
        AtomicFiles.replace(file, FILE_KIND, channel -> write(model, new BinaryOutput(channel, FILE_KIND)));
    }

    /**
     * Reads a model written by {@link #save} in any format version up to {@link #FORMAT_VERSION}.
     *
     * @throws ModelFormatException when the file is not a model, is of a newer format version,
     *                              is truncated or corrupted
     */
    public static FactorModel load(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(new BinaryInput(file, channel, ModelFormatException::new));
        }
    }

    private static void write(FactorModel model, BinaryOutput out) throws IOException {
        out.writeBytes(MAGIC);
        out.writeInt(FORMAT_VERSION);
        out.writeString(model.algorithm(), "algorithm name");
        out.writeLong(model.seed());
        Map<String, String> parameters = model.parameters();
        out.writeInt(parameters.size());
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            out.writeString(parameter.getKey(), "parameter name");
            out.writeString(parameter.getValue(), "value of parameter " + parameter.getKey());
        }
        DataStats stats = model.stats();
        out.writeLong(stats.users());
        out.writeLong(stats.items());
        out.writeLong(stats.ratings());
        out.writeFloat(stats.minRating());
        out.writeFloat(stats.maxRating());
        out.writeDouble(stats.meanRating());
        out.writeInt(model.rank());
        out.writeFloat(model.globalMean());
        writeIds(out, model.users());
        writeIds(out, model.items());
        out.writeFloats(model.userBiases());
        out.writeFloats(model.itemBiases());
        out.writeFloats(model.userFactors());
        out.writeFloats(model.itemFactors());
        out.writeInts(model.seenStarts());
        out.writeInts(model.seenItems());
        out.finish();
    }

    private static void writeIds(BinaryOutput out, IdIndex ids) throws IOException {
        out.writeString(ids.kind(), "id kind");
        out.writeStrings(ids.ids(), ids.kind() + " id");
    }

    private static FactorModel read(BinaryInput in) throws IOException {
        in.readMagic(MAGIC, "Latent model file");
        int version = in.readVersion(FORMAT_VERSION);
        // Version 1 is the only layout so far; a later version branches on `version` below.
        String algorithm = in.readString("algorithm name");
        long seed = in.readLong("seed");
        int parameterCount = in.readCount("parameters", 2 * MIN_STRING_BYTES);
        String[] parameters = new String[2 * parameterCount];
        for (int p = 0; p < parameters.length; p++) {
            parameters[p] = in.readString("parameters");
        }
        long users = in.readLong("data stats");
        long items = in.readLong("data stats");
        long ratings = in.readLong("data stats");
        float minRating = in.readFloat("data stats");
        float maxRating = in.readFloat("data stats");
        double meanRating = in.readDouble("data stats");
        int rank = in.readInt("rank");
        float globalMean = in.readFloat("global mean");
        String userKind = in.readString("user ids");
        String[] userIds = in.readStrings("user ids");
        String itemKind = in.readString("item ids");
        String[] itemIds = in.readStrings("item ids");
        int m = userIds.length;
        int n = itemIds.length;
        if (rank <= 0) {
            throw in.problem("corrupted: rank must be positive but was " + rank);
        }
        float[] userBias = in.readFloats(m, "user biases");
        float[] itemBias = in.readFloats(n, "item biases");
        float[] userFactors = in.readFloats((long) m * rank, "user factors");
        float[] itemFactors = in.readFloats((long) n * rank, "item factors");
        int[] seenStart = in.readInts(m + 1L, "seen-item offsets");
        int seenCount = seenStart[m];
        if (seenCount < 0) {
            throw in.problem("corrupted: negative count " + seenCount + " in the seen-item offsets");
        }
        int[] seenItems = in.readInts(seenCount, "seen items");

        in.readChecksumAndEnd();

        // The bytes are as written; what remains to check are the model's own invariants.
        try {
            checkSeenItems(IntBuffer.wrap(seenStart), IntBuffer.wrap(seenItems), n);
            Map<String, String> parameterMap = new LinkedHashMap<>();
            for (int p = 0; p < parameters.length; p += 2) {
                if (parameterMap.put(parameters[p], parameters[p + 1]) != null) {
                    throw new IllegalArgumentException("duplicate parameter '" + parameters[p] + "'");
                }
            }
            DataStats stats = new DataStats(intCount("users", users), intCount("items", items), ratings,
                    minRating, maxRating, meanRating);
            return new FactorModel(algorithm, parameterMap, seed, stats,
                    IdIndex.of(userKind, Arrays.asList(userIds)), IdIndex.of(itemKind, Arrays.asList(itemIds)),
                    rank, globalMean, userBias, itemBias, userFactors, itemFactors, seenStart, seenItems);
        } catch (IllegalArgumentException e) {
            throw in.problem("invalid model: " + e.getMessage(), e);
        }
    }

    /**
     * The CSR invariants {@link FactorModel} documents but does not check in full: offsets from 0,
     * non-decreasing; item indices in range and strictly ascending within each user.
     */
    private static void checkSeenItems(IntBuffer start, IntBuffer items, int itemCount) {
        if (start.get(0) != 0) {
            throw new IllegalArgumentException("the seen-item offsets start at " + start.get(0) + " instead of 0");
        }
        for (int u = 0; u + 1 < start.limit(); u++) {
            int from = start.get(u);
            int to = start.get(u + 1);
            if (to < from || to > items.limit()) {
                throw new IllegalArgumentException("the seen-item offsets of user " + u + " run from " + from + " to " + to);
            }
            for (int p = from; p < to; p++) {
                int item = items.get(p);
                if (item < 0 || item >= itemCount) {
                    throw new IllegalArgumentException("seen item " + item + " of user " + u
                            + " is not an item index (there are " + itemCount + " items)");
                }
                if (p > from && item <= items.get(p - 1)) {
                    throw new IllegalArgumentException("the seen items of user " + u + " are not strictly ascending");
                }
            }
        }
    }

    private static int intCount(String what, long count) {
        if (count < 0 || count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("data stats count " + count + " of " + what + " is out of range");
        }
        return (int) count;
    }
}
