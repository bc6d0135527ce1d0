package dev.latent.cli;

import dev.latent.data.ReadOptions;
import dev.latent.data.RatingReader;

import picocli.CommandLine.Option;

/** How rating files are read: the separator and whether bad lines are skipped. */
final class InputOptions {

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "auto",
            description = "Field separator: auto, tab, comma, semicolon, ::, whitespace (default: auto-detect).")
    String format;

    @Option(names = "--skip-bad", description = "Skip malformed lines (and report how many) instead of failing.")
    boolean skipBad;

    RatingReader reader() {
        return new RatingReader(ReadOptions.defaults()
                .withSeparator(ReadOptions.Separator.parse(format))
                .withSkipBad(skipBad));
    }
}
