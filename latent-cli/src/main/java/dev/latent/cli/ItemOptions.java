package dev.latent.cli;

import dev.latent.data.ItemMetadata;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** {@code --items FILE}: titles and genres to show beside item ids. */
final class ItemOptions {

    @Option(names = "--items", paramLabel = "FILE",
            description = "Item titles and genres: MovieLens u.item, movies.dat or movies.csv, or any delimited"
                    + " id,title[,genres] file (UTF-8 or Latin-1). Items it does not list are shown by id; a missing or"
                    + " unreadable file only warns.")
    Path file;

    /** The metadata of {@code --items}, else empty (also when the file is missing or unreadable, with a warning). */
    ItemMetadata read(PrintWriter err) {
        return file == null ? ItemMetadata.empty() : read(file, "--items", err);
    }

    /**
     * {@code --items} when given, else the MovieLens metadata beside {@code ratingFile} ({@code u.item},
     * {@code movies.dat}, {@code movies.csv}) when there is one, else empty: what the demo shows.
     */
    ItemMetadata readOrFindNear(Path ratingFile, PrintWriter err) {
        if (file != null) {
            return read(err);
        }
        Path dir = ratingFile.toAbsolutePath().getParent();
        Optional<Path> near = dir == null ? Optional.empty()
                : Stream.of("u.item", "movies.dat", "movies.csv").map(dir::resolve).filter(Files::isRegularFile).findFirst();
        if (near.isEmpty()) {
            return ItemMetadata.empty();
        }
        try {
            return ItemMetadata.read(near.get());
        } catch (IOException unreadable) {
            // Found, not asked for: without it the output shows ids.
            return ItemMetadata.empty();
        }
    }

    /**
     * Metadata is a nicety, so it never breaks a command: a missing or unreadable file is reported
     * on stderr and the command goes on showing ids.
     */
    private static ItemMetadata read(Path file, String option, PrintWriter err) {
        ItemMetadata metadata;
        try {
            metadata = ItemMetadata.read(file);
        } catch (NoSuchFileException e) {
            err.println("latent: " + option + " " + file + ": no such file; showing item ids only");
            return ItemMetadata.empty();
        } catch (IOException e) {
            err.println("latent: " + option + " " + file + ": cannot be read (" + e.getMessage() + "); showing item ids only");
            return ItemMetadata.empty();
        }
        if (metadata.skippedLines() > 0) {
            err.println("latent: " + option + " " + file + ": skipped " + metadata.skippedLines()
                    + " line" + (metadata.skippedLines() == 1 ? "" : "s") + " it could not read");
        }
        return metadata;
    }
}
