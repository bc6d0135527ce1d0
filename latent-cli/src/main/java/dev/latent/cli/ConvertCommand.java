package dev.latent.cli;

import dev.latent.data.RatingCache;
import dev.latent.data.RatingMatrix;
import dev.latent.data.ReadOptions;
import dev.latent.data.ReadResult;
import dev.latent.io.Json;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code latent convert}: parses a rating file once and writes its binary cache. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Parse a rating file once into the binary cache that train and evaluate load.",
                "The cache goes to FILE" + RatingCache.SUFFIX + " beside the file unless --out says otherwise, and is "
                        + "used while the file (size, modification time) and the format options stay the same. "
                        + "Prints the ratings, the seconds taken and the parse speed in MB/s."})
final class ConvertCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Rating file to parse.")
    Path data;

    @Option(names = "--out", paramLabel = "CACHE",
            description = "Where to write the cache (default: FILE" + RatingCache.SUFFIX + ", where the other commands look).")
    Path out;

    @Option(names = "--json", description = "Print one JSON object: source, cache, ratings, users, items, bytes, "
            + "parse_seconds, parse_mb_per_s, write_seconds, cache_bytes.")
    boolean json;

    @Mixin
    FormatOptions format = new FormatOptions();

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Path cache = out != null ? out : RatingCache.pathFor(data);
        ReadOptions options = format.readOptions();
        RatingCache.SourceStamp stamp = RatingCache.SourceStamp.of(data);

        long started = System.nanoTime();
        ReadResult<RatingMatrix> read = format.reader().read(data);
        double parseSeconds = (System.nanoTime() - started) / 1e9;
        Commands.printReport(err, read.report());
        if (!stamp.equals(RatingCache.SourceStamp.of(data))) {
            throw new CliException(data + " changed while it was read; convert it again when it is complete");
        }

        started = System.nanoTime();
        RatingCache.write(cache, read, options, stamp);
        double writeSeconds = (System.nanoTime() - started) / 1e9;

        RatingMatrix ratings = read.ratings();
        double megabytesPerSecond = stamp.size() / 1e6 / parseSeconds;
        long cacheBytes = Files.size(cache);
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("source", data.toString());
            result.put("cache", cache.toString());
            result.put("ratings", ratings.size());
            result.put("users", ratings.userCount());
            result.put("items", ratings.itemCount());
            result.put("bytes", stamp.size());
            result.put("parse_seconds", parseSeconds);
            result.put("parse_mb_per_s", megabytesPerSecond);
            result.put("write_seconds", writeSeconds);
            result.put("cache_bytes", cacheBytes);
            spec.commandLine().getOut().println(Json.write(result));
        } else {
            spec.commandLine().getOut().printf("Parsed %d ratings (%d users × %d items) from %s in %.1f s (%.0f MB/s); "
                            + "wrote %s (%.0f MB) in %.1f s%n",
                    ratings.size(), ratings.userCount(), ratings.itemCount(), data, parseSeconds, megabytesPerSecond,
                    cache, cacheBytes / 1e6, writeSeconds);
        }
        return 0;
    }
}
