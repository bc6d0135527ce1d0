package dev.latent.io;

import dev.latent.data.IdIndex;
import dev.latent.model.FactorModel;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a model for other tools: as plain TSV, or as NumPy arrays with id lists. Either way the
 * result is one new directory holding {@code model.json} ({@code format}, {@code algorithm},
 * {@code rank}, {@code global_mean}, {@code users}, {@code items}, {@code seed},
 * {@code parameters}) beside the factors, so that a prediction is
 * {@code global_mean + user_bias + item_bias + user_factors · item_factors}.
 *
 * <ul>
 *   <li>{@link Format#TSV}: {@code users.tsv} and {@code items.tsv}, a header line
 *       {@code id bias f0 … f(k-1)} and one line per id, tab-separated; floats written as Java's
 *       shortest decimal that reads back to the same float.</li>
 *   <li>{@link Format#NPY}: {@code user_factors.npy} (float32, users × k), {@code item_factors.npy},
 *       {@code user_biases.npy}, {@code item_biases.npy} (float32 vectors), little-endian, NumPy
 *       format 1.0; and {@code user_ids.txt}, {@code item_ids.txt}, one UTF-8 id per line in row
 *       order.</li>
 * </ul>
 *
 * <p>The directory is written beside its final place and moved there whole, so a failure leaves
 * nothing half written; an existing path is never overwritten.
 */
public final class ModelExport {
    /** What {@link #write} can write. */
    public enum Format {
        TSV, NPY;

        /** The format named {@code name} (case-insensitive), or an exception naming the choices. */
        public static Format of(String name) {
            for (Format format : values()) {
                if (format.name().equalsIgnoreCase(name)) {
                    return format;
                }
            }
            throw new IllegalArgumentException("unknown export format '" + name + "'; known: tsv, npy");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private ModelExport() {
    }

    /**
     * Writes {@code model} in {@code format} to the new directory {@code dir}.
     *
     * @throws FileAlreadyExistsException when {@code dir} exists
     * @throws IllegalArgumentException   when an id cannot be written in the format: one holding a
     *                                    tab (TSV) or a line break (both), named with its kind
     */
    public static void write(FactorModel model, Format format, Path dir) throws IOException {
        if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(dir.toString(), null, "the export directory already exists");
        }
        checkIds(model.users(), format);
        checkIds(model.items(), format);
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".");
        try {
            Files.writeString(temp.resolve("model.json"), Json.write(description(model, format)) + "\n");
            switch (format) {
                case TSV -> {
                    writeTsv(temp.resolve("users.tsv"), model.users(), model.userFactors(), model::userBias, model.rank());
                    writeTsv(temp.resolve("items.tsv"), model.items(), model.itemFactors(), model::itemBias, model.rank());
                }
                case NPY -> {
                    writeNpy(temp.resolve("user_factors.npy"), model.userFactors(), model.users().size(), model.rank());
                    writeNpy(temp.resolve("item_factors.npy"), model.itemFactors(), model.items().size(), model.rank());
                    writeNpy(temp.resolve("user_biases.npy"), biases(model.users().size(), model::userBias),
                            model.users().size(), 0);
                    writeNpy(temp.resolve("item_biases.npy"), biases(model.items().size(), model::itemBias),
                            model.items().size(), 0);
                    Files.write(temp.resolve("user_ids.txt"), model.users().ids(), StandardCharsets.UTF_8);
                    Files.write(temp.resolve("item_ids.txt"), model.items().ids(), StandardCharsets.UTF_8);
                }
            }
            Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteTree(temp);
            if (e instanceof DirectoryNotEmptyException || e instanceof FileAlreadyExistsException) {
                throw new FileAlreadyExistsException(dir.toString(), null, "the export directory already exists");
            }
            throw e;
        }
    }

    private static void checkIds(IdIndex ids, Format format) {
        for (String id : ids.ids()) {
            if (id.indexOf('\n') >= 0 || id.indexOf('\r') >= 0 || format == Format.TSV && id.indexOf('\t') >= 0) {
                throw new IllegalArgumentException("the " + ids.kind() + " id '" + id.replace("\n", "\\n").replace("\r", "\\r")
                        .replace("\t", "\\t") + "' holds a " + (id.indexOf('\t') >= 0 ? "tab" : "line break")
                        + ", which the " + format + " format cannot hold");
            }
        }
    }

    private static Map<String, Object> description(FactorModel model, Format format) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", "latent-export-" + format);
        json.put("algorithm", model.algorithm());
        json.put("rank", model.rank());
        json.put("global_mean", (double) model.globalMean());
        json.put("users", model.users().size());
        json.put("items", model.items().size());
        json.put("seed", model.seed());
        json.put("parameters", model.parameters());
        return json;
    }

    @FunctionalInterface
    private interface Bias {
        float of(int index);
    }

    private static FloatBuffer biases(int count, Bias bias) {
        float[] values = new float[count];
        for (int k = 0; k < count; k++) {
            values[k] = bias.of(k);
        }
        return FloatBuffer.wrap(values);
    }

    private static void writeTsv(Path file, IdIndex ids, FloatBuffer factors, Bias bias, int rank) throws IOException {
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            out.write("id\tbias");
            for (int f = 0; f < rank; f++) {
                out.write("\tf" + f);
            }
            out.write('\n');
            for (int k = 0; k < ids.size(); k++) {
                out.write(ids.idAt(k));
                out.write('\t');
                out.write(Float.toString(bias.of(k)));
                for (int f = 0; f < rank; f++) {
                    out.write('\t');
                    out.write(Float.toString(factors.get(k * rank + f)));
                }
                out.write('\n');
            }
        }
    }

    /**
     * A float32 array in NumPy's format 1.0: the magic, the version, a little-endian header length,
     * a Python dict literal padded with spaces to end with a newline on a multiple of 64 bytes,
     * then the values, little-endian, row-major.
     *
     * @param columns 0 for a vector of {@code rows} values
     */
    static void writeNpy(Path file, FloatBuffer values, int rows, int columns) throws IOException {
        String shape = columns == 0 ? "(" + rows + ",)" : "(" + rows + ", " + columns + ")";
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = 6 + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        int count = columns == 0 ? rows : rows * columns;
        try (OutputStream out = Files.newOutputStream(file)) {
            ByteBuffer head = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
            head.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
                    .putShort((short) header.length());
            out.write(head.array());
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            ByteBuffer data = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < count; k++) {
                if (!data.hasRemaining()) {
                    out.write(data.array(), 0, data.position());
                    data.clear();
                }
                data.putFloat(values.get(k));
            }
            out.write(data.array(), 0, data.position());
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // best effort: the directory is a hidden temporary one
                }
            });
        } catch (IOException ignored) {
            // nothing more to clean
        }
    }
}
