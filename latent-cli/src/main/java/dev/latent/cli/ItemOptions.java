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
                    + " id,title[,genres] file (UTF-8 or Latin-1). Items it does not list are shown by id.")
    Path file;

    /** The metadata of {@code --items}, else empty; a missing or unreadable file is an error naming it. */
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

    private static ItemMetadata read(Path file, String option, PrintWriter err) {
        ItemMetadata metadata;
        try {
            metadata = ItemMetadata.read(file);
        } catch (NoSuchFileException e) {
            throw new CliException(option + " " + file + ": no such file");
        } catch (IOException e) {
            throw new CliException(option + " " + file + ": cannot be read (" + e.getMessage() + ")");
        }
        if (metadata.skippedLines() > 0) {
            err.println("latent: " + option + " " + file + ": skipped " + metadata.skippedLines()
                    + " line" + (metadata.skippedLines() == 1 ? "" : "s") + " it could not read");
        }
        return metadata;
    }
}
