package dev.latent.data;

import java.io.IOException;
import java.io.Serial;
import java.nio.file.Path;

/**
 * A file that is not a readable rating cache: wrong magic bytes, a newer format version,
 * truncation, a checksum mismatch or inconsistent contents. The message names the file and what
 * is wrong with it, such as {@code "ratings.tsv.latentcache: checksum mismatch: the file is corrupted"}.
 */
public final class RatingCacheException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    public RatingCacheException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public RatingCacheException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
