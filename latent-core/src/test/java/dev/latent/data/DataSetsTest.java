package dev.latent.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DataSetsTest {

    @Test
    void root_propertyAndEnvironmentSet_usesProperty() {
        assertEquals(Path.of("/data/a"), DataSets.root("/data/a", "/data/b"));
    }

    @Test
    void root_onlyEnvironmentSet_usesEnvironment() {
        assertEquals(Path.of("/data/b"), DataSets.root(" ", "/data/b"));
    }

    @Test
    void root_neitherSet_isSharedDataBesideWorkingDirectory() {
        Path expected = Path.of("").toAbsolutePath().getParent().resolve("shared").resolve("data");

        assertEquals(expected, DataSets.root(null, null));
    }

    @Test
    void find_existingFile_returnsItsPath(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("ml-100k"));
        Files.writeString(dir.resolve("ml-100k/u.data"), "1\t1\t5\n");

        Optional<Path> found = withRoot(dir, () -> DataSets.find("ml-100k/u.data"));

        assertEquals(Optional.of(dir.resolve("ml-100k/u.data")), found);
    }

    @Test
    void find_missingFile_isEmpty(@TempDir Path dir) {
        assertEquals(Optional.empty(), withRoot(dir, () -> DataSets.find("ml-100k/u.data")));
    }

    @Test
    void find_absolutePath_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> DataSets.find(Path.of("/tmp").toAbsolutePath().toString()));
    }

    private static <T> T withRoot(Path root, java.util.function.Supplier<T> body) {
        String previous = System.getProperty(DataSets.PROPERTY);
        System.setProperty(DataSets.PROPERTY, root.toString());
        try {
            return body.get();
        } finally {
            if (previous == null) {
                System.clearProperty(DataSets.PROPERTY);
            } else {
                System.setProperty(DataSets.PROPERTY, previous);
            }
        }
    }
}
