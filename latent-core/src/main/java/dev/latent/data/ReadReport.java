package dev.latent.data;

import dev.latent.data.ReadOptions.Separator;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Objects;

/**
 * How reading one rating file went.
 *
 * @param source             the file or stream name
 * @param linesRead          physical lines, blank lines and the header included
 * @param ratingsKept        ratings in the result, after duplicates were replaced
 * @param badLinesSkipped    lines skipped as bad (always 0 unless bad lines are skipped)
 * @param skipMessages       the first {@value #MAX_SKIP_MESSAGES} skipped lines, as {@code "<source>:<line>: <reason>"}
 * @param duplicatesReplaced ratings of a (user, item) pair that a later line of the same pair replaced
 * @param unknownUsers       kept ratings whose user the fixed index does not hold (0 when reading fresh indexes)
 * @param unknownItems       kept ratings whose item the fixed index does not hold (0 when reading fresh indexes)
 * @param userCount          distinct users in the file
 * @param itemCount          distinct items in the file
 * @param separator          the separator used, never {@link Separator#AUTO}
 * @param headerFound        whether the first non-blank line was taken as a header
 * @param charset            the charset ids were decoded with
 * @param cache              the binary cache ({@link RatingCache}) the ratings were loaded from
 *                           instead of parsing the source, or null when the source was parsed; the
 *                           other fields then describe the parse that wrote the cache
 */
public record ReadReport(String source, long linesRead, long ratingsKept, long badLinesSkipped,
                         List<String> skipMessages, long duplicatesReplaced, long unknownUsers, long unknownItems,
                         int userCount, int itemCount, Separator separator, boolean headerFound, Charset charset,
                         String cache) {

    /** How many skip messages a report keeps. */
    public static final int MAX_SKIP_MESSAGES = 10;

    public ReadReport {
        Objects.requireNonNull(source, "source");
        skipMessages = List.copyOf(skipMessages);
        if (skipMessages.size() > MAX_SKIP_MESSAGES) {
            throw new IllegalArgumentException("at most " + MAX_SKIP_MESSAGES + " skip messages but got "
                    + skipMessages.size());
        }
        Objects.requireNonNull(separator, "separator");
        Objects.requireNonNull(charset, "charset");
    }

    /** A report on parsing the source itself (no cache). */
    public ReadReport(String source, long linesRead, long ratingsKept, long badLinesSkipped,
                      List<String> skipMessages, long duplicatesReplaced, long unknownUsers, long unknownItems,
                      int userCount, int itemCount, Separator separator, boolean headerFound, Charset charset) {
        this(source, linesRead, ratingsKept, badLinesSkipped, skipMessages, duplicatesReplaced, unknownUsers,
                unknownItems, userCount, itemCount, separator, headerFound, charset, null);
    }

    /** This report as seen through a cache: the ratings of {@code source} were loaded from {@code cache}. */
    public ReadReport fromCache(String source, String cache) {
        return new ReadReport(source, linesRead, ratingsKept, badLinesSkipped, skipMessages, duplicatesReplaced,
                unknownUsers, unknownItems, userCount, itemCount, separator, headerFound, charset,
                Objects.requireNonNull(cache, "cache"));
    }

    /**
     * One line for people, such as {@code "u.data: 100000 ratings (943 users × 1682 items), tab-separated,
     * no header, UTF-8; 0 bad lines skipped, 0 duplicates replaced"}; unknown ids are added when there
     * are any, and {@code " from cache u.data.latentcache"} after the counts when loaded from a cache.
     */
    public String summary() {
        StringBuilder text = new StringBuilder()
                .append(source).append(": ").append(ratingsKept).append(" ratings (")
                .append(userCount).append(" users × ").append(itemCount).append(" items)")
                .append(cache == null ? "" : " from cache " + cache).append(", ")
                .append(separator.displayName()).append("-separated, ")
                .append(headerFound ? "with header, " : "no header, ")
                .append(charset.name()).append("; ")
                .append(badLinesSkipped).append(badLinesSkipped == 1 ? " bad line skipped, " : " bad lines skipped, ")
                .append(duplicatesReplaced).append(duplicatesReplaced == 1 ? " duplicate replaced" : " duplicates replaced");
        if (unknownUsers > 0 || unknownItems > 0) {
            text.append("; ").append(unknownUsers).append(" with unknown user, ")
                    .append(unknownItems).append(" with unknown item");
        }
        return text.toString();
    }
}
