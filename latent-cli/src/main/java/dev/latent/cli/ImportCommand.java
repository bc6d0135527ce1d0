package dev.latent.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code latent import}: listed here so that {@code --help} shows it; reading Spark's ALS layout
 * (Parquet) needs Spark, so the {@code ./latent} launcher hands the command to latent-spark's
 * {@code SparkTool} before this CLI starts. Run without the launcher, it says so.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Read a Spark ALS model directory (ALSModel.save, or 'export --format spark-als') into a Latent"
                + " model file. Runs on Spark: the ./latent launcher hands it to latent-spark, building it the first time.")
final class ImportCommand implements Callable<Integer> {

    @Option(names = "--format", required = true, paramLabel = "spark-als", description = "spark-als.")
    String format;

    @Option(names = "--model-dir", required = true, paramLabel = "DIR", description = "The ALS model directory.")
    String modelDir;

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "The Latent model file to write.")
    String out;

    @Override
    public Integer call() {
        throw new CliException("import runs on Spark: run it through the ./latent launcher, which hands it to"
                + " latent-spark (building it the first time)");
    }
}
