package dev.latent.cli;

import dev.latent.data.RatingCache;
import dev.latent.data.RatingMatrix;
import dev.latent.data.RatingReader;
import dev.latent.data.ReadOptions;
import dev.latent.data.ReadResult;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How training data is read: the format, and the binary rating cache beside the file.
 *
 * <p>{@link #read} is the one way commands read a rating file into a matrix. It loads
 * {@code FILE.latentcache} when that was made from the file as it is now with the same format
 * options; otherwise it parses the file and, when the file has at least {@value #AUTO_CACHE_BYTES}
 * bytes or {@code --cache} is given, writes the cache for the next run. {@code --no-cache} neither
 * reads nor writes it. A cache that cannot be written (a read-only directory, a full disk) costs
 * one line on stderr, never the run.
 */
final class InputOptions {
    /** Files at least this large (64 MiB, about 4 million ratings) are cached without being asked. */
    static final long AUTO_CACHE_BYTES = 64L << 20;

    @Mixin
    FormatOptions format = new FormatOptions();

    @Option(names = "--cache", description = "Write the binary cache FILE" + RatingCache.SUFFIX
            + " beside the rating file even when it is small (large files, ≥ 64 MiB, are cached anyway).")
    boolean cache;

    @Option(names = "--no-cache", description = "Neither use nor write the binary rating cache; always parse the file.")
    boolean noCache;

    RatingReader reader() {
        return format.reader();
    }

    /** The ratings of {@code file}, from its cache when that is fresh; notes about the cache go to {@code err}. */
    ReadResult<RatingMatrix> read(Path file, PrintWriter err) throws IOException {
        if (cache && noCache) {
            throw new CliException("--cache and --no-cache exclude each other");
        }
        ReadOptions options = format.readOptions();
        RatingReader reader = new RatingReader(options);
        if (noCache) {
            return reader.read(file);
        }
        Path cacheFile = RatingCache.pathFor(file);
        Optional<ReadResult<RatingMatrix>> cached = RatingCache.loadIfFresh(cacheFile, file, options);
        if (cached.isPresent()) {
            return cached.get();
        }
        RatingCache.SourceStamp before = RatingCache.SourceStamp.of(file);
        ReadResult<RatingMatrix> read = reader.read(file);
        if (cache || before.size() >= AUTO_CACHE_BYTES) {
            if (!before.equals(RatingCache.SourceStamp.of(file))) {
                err.println("latent: " + file + " changed while it was read; not caching it");
                return read;
            }
            long started = System.nanoTime();
            try {
                RatingCache.write(cacheFile, read, options, before);
                err.printf("Cached the parsed ratings in %s (%.1f s); the next read loads them from there%n",
                        cacheFile, (System.nanoTime() - started) / 1e9);
            } catch (IOException | IllegalArgumentException e) {
                err.println("latent: could not write the rating cache " + cacheFile + " (" + reason(e)
                        + "); continuing without it");
            }
        }
        return read;
    }

    private static String reason(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage();
    }
}
