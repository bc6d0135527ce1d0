package dev.latent.io;

import dev.latent.data.IdIndex;
import dev.latent.model.DataStats;
import dev.latent.model.FactorModel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelExportTest {
    @TempDir
    Path dir;

    /** Rank 2, μ = 3.5; users "u 1" and "zoë", items a, b, c; values that need every digit. */
    private static FactorModel model(String firstUser) {
        return new FactorModel("biased-mf", Map.of("factors", "2"), 7L, new DataStats(2, 3, 3, 1f, 5f, 3.5),
                IdIndex.of("user", List.of(firstUser, "zoë")), IdIndex.of("item", List.of("a", "b", "c")),
                2, 3.5f, new float[] {0.25f, -0.1f}, new float[] {0.5f, 0f, -1.25f},
                new float[] {0.1f, 0.2f, 1f / 3, -2.5f}, new float[] {1, 0, 0, 1, 0.7f, -0.7f},
                new int[] {0, 2, 3}, new int[] {0, 1, 2});
    }

    @Test
    void tsv_writesEveryValueExactly() throws IOException {
        Path out = dir.resolve("tsv");
        ModelExport.write(model("u 1"), ModelExport.Format.TSV, out);

        assertEquals(List.of("id\tbias\tf0\tf1", "u 1\t0.25\t0.1\t0.2", "zoë\t-0.1\t" + (1f / 3) + "\t-2.5"),
                Files.readAllLines(out.resolve("users.tsv")));
        assertEquals(List.of("id\tbias\tf0\tf1", "a\t0.5\t1.0\t0.0", "b\t0.0\t0.0\t1.0", "c\t-1.25\t0.7\t-0.7"),
                Files.readAllLines(out.resolve("items.tsv")));
        assertEquals(Float.floatToIntBits(1f / 3), Float.floatToIntBits(Float.parseFloat(Float.toString(1f / 3))));
        Map<?, ?> json = (Map<?, ?>) Json.parse(Files.readString(out.resolve("model.json")));
        assertEquals("latent-export-tsv", json.get("format"));
        assertEquals(3.5, json.get("global_mean"));
        assertEquals(2.0, json.get("rank"));
        assertEquals(Map.of("factors", "2"), json.get("parameters"));
    }

    @Test
    void npy_writesNumpyFormatOneArrays() throws IOException {
        Path out = dir.resolve("npy");
        ModelExport.write(model("u 1"), ModelExport.Format.NPY, out);

        assertNpy(out.resolve("user_factors.npy"), "(2, 2)", new float[] {0.1f, 0.2f, 1f / 3, -2.5f});
        assertNpy(out.resolve("item_factors.npy"), "(3, 2)", new float[] {1, 0, 0, 1, 0.7f, -0.7f});
        assertNpy(out.resolve("user_biases.npy"), "(2,)", new float[] {0.25f, -0.1f});
        assertNpy(out.resolve("item_biases.npy"), "(3,)", new float[] {0.5f, 0f, -1.25f});
        assertEquals(List.of("u 1", "zoë"), Files.readAllLines(out.resolve("user_ids.txt"), StandardCharsets.UTF_8));
        assertEquals(List.of("a", "b", "c"), Files.readAllLines(out.resolve("item_ids.txt")));
        assertEquals("latent-export-npy", ((Map<?, ?>) Json.parse(Files.readString(out.resolve("model.json")))).get("format"));
    }

    private static void assertNpy(Path file, String shape, float[] expected) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        bytes.get(magic);
        assertEquals("\u0093NUMPY", new String(magic, StandardCharsets.ISO_8859_1));
        assertEquals(1, bytes.get());
        assertEquals(0, bytes.get());
        int headerLength = Short.toUnsignedInt(bytes.getShort());
        assertEquals(0, (10 + headerLength) % 64, "the data starts on a 64-byte boundary");
        byte[] header = new byte[headerLength];
        bytes.get(header);
        String text = new String(header, StandardCharsets.US_ASCII);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }", text.strip());
        assertTrue(text.endsWith("\n"));
        assertEquals(expected.length * 4, bytes.remaining());
        for (float value : expected) {
            assertEquals(Float.floatToIntBits(value), Float.floatToIntBits(bytes.getFloat()));
        }
    }

    @Test
    void write_existingDirectory_isRefusedAndLeftAlone() throws IOException {
        Path out = Files.createDirectories(dir.resolve("taken"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        assertThrows(FileAlreadyExistsException.class, () -> ModelExport.write(model("u"), ModelExport.Format.TSV, out));
        assertEquals("mine", Files.readString(out.resolve("keep.txt")));
    }

    @Test
    void write_idTheFormatCannotHold_isRefusedNamingItAndLeavesNothing() throws IOException {
        Path out = dir.resolve("bad");
        IllegalArgumentException tab = assertThrows(IllegalArgumentException.class,
                () -> ModelExport.write(model("u\t1"), ModelExport.Format.TSV, out));
        assertEquals("the user id 'u\\t1' holds a tab, which the tsv format cannot hold", tab.getMessage());
        IllegalArgumentException newline = assertThrows(IllegalArgumentException.class,
                () -> ModelExport.write(model("u\n1"), ModelExport.Format.NPY, out));
        assertEquals("the user id 'u\\n1' holds a line break, which the npy format cannot hold", newline.getMessage());
        assertFalse(Files.exists(out));
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "no temporary directory is left behind");
        }
        ModelExport.write(model("u\t1"), ModelExport.Format.NPY, out);
        assertTrue(Files.exists(out.resolve("user_ids.txt")), "npy ids may hold tabs");
    }

    @Test
    void format_of_namesTheChoices() {
        assertEquals(ModelExport.Format.NPY, ModelExport.Format.of("NPY"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelExport.Format.of("csv"));
        assertEquals("unknown export format 'csv'; known: tsv, npy", e.getMessage());
    }
}
