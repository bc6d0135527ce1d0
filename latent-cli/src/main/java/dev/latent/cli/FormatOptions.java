package dev.latent.cli;

import dev.latent.data.RatingReader;
import dev.latent.data.ReadOptions;

import picocli.CommandLine.Option;

/** How a rating file is parsed: the separator and whether bad lines are skipped. */
final class FormatOptions {

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "auto",
            description = "Field separator: auto, tab, comma, semicolon, ::, whitespace (default: auto-detect).")
    String format;

    @Option(names = "--skip-bad", description = "Skip malformed lines (and report how many) instead of failing.")
    boolean skipBad;

    ReadOptions readOptions() {
        return ReadOptions.defaults()
                .withSeparator(ReadOptions.Separator.parse(format))
                .withSkipBad(skipBad);
    }

    RatingReader reader() {
        return new RatingReader(readOptions());
    }
}
