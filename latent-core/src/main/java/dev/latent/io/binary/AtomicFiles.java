package dev.latent.io.binary;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file atomically: the content goes to a temporary file in the target's directory, is
 * forced to disk, and is renamed over the target, so a reader (or a crash) sees the old file or
 * the new one, never half of one.
 */
public final class AtomicFiles {

    /** Writes the whole content of the new file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Writes {@code file} atomically, creating missing parent directories and replacing an
     * existing file (a symbolic link at {@code file} is replaced, not followed). On failure no
     * temporary file is left behind and an existing {@code file} is untouched. {@code fileKind}
     * ("model file") names what could not be written.
     */
    public static void replace(Path file, String fileKind, Content content) throws IOException {
        Objects.requireNonNull(content, "content");
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        if (directory == null || target.getFileName() == null) {
            throw new IOException(file + ": not a path a " + fileKind + " can be saved to");
        }
        Files.createDirectories(directory);
        Path temp = createTemp(directory, target.getFileName().toString());
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                content.writeTo(channel);
                channel.force(true);
            }
            moveIntoPlace(temp, target);
        } catch (Throwable failure) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                failure.addSuppressed(suppressed);
            }
            throw failure;
        }
        syncDirectory(directory);
    }

    /** An empty file {@code .<name>.<random>.tmp} next to the target, created with default permissions. */
    private static Path createTemp(Path directory, String name) throws IOException {
        String base = name.length() > 100 ? name.substring(0, 100) : name;
        while (true) {
            // Randomness for a file name only; nothing here is trained.
            String suffix = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
            try {
                return Files.createFile(directory.resolve("." + base + "." + suffix + ".tmp"));
            } catch (FileAlreadyExistsException taken) {
                // another writer picked the same name; draw again
            }
        }
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Forces the directory entry of the rename to disk where the platform allows it (Linux, macOS);
     * elsewhere opening a directory fails and the rename is durable when the OS gets to it.
     */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException notSupported) {
            // best effort: the file itself is complete and in place
        }
    }
}
