package dev.latent.cli;

import dev.latent.io.ModelExport;
import dev.latent.io.ModelFiles;
import dev.latent.model.FactorModel;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code latent export}: a model as plain TSV or NumPy arrays, for other tools ({@link ModelExport}). */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a model for other tools into a new directory: --format tsv (users.tsv, items.tsv: id, bias, "
                + "factors) or npy (user_factors.npy, item_factors.npy, user_biases.npy, item_biases.npy, user_ids.txt, "
                + "item_ids.txt), each with model.json (algorithm, rank, global_mean, parameters). A prediction is "
                + "global_mean + user bias + item bias + user factors · item factors.")
final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file from 'latent train'.")
    Path modelFile;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "tsv, npy, or spark-als (through ./latent, on Spark).")
    String format;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The directory to create; it must not exist.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (format.equalsIgnoreCase("spark-als")) {
            throw new CliException("--format spark-als needs Spark: run it through the ./latent launcher, which hands"
                    + " export --format spark-als to latent-spark (building it the first time)");
        }
        ModelExport.Format chosen;
        try {
            chosen = ModelExport.Format.of(format);
        } catch (IllegalArgumentException e) {
            throw new CliException("--format: " + e.getMessage());
        }
        FactorModel model = ModelFiles.load(modelFile);
        try {
            ModelExport.write(model, chosen, out);
        } catch (FileAlreadyExistsException e) {
            throw new CliException("--out " + out + " already exists; choose a new directory");
        } catch (IllegalArgumentException e) {
            throw new CliException("cannot export " + modelFile + " as " + chosen + ": " + e.getMessage());
        }
        spec.commandLine().getOut().printf("Exported %s (%s, %d users, %d items, rank %d) as %s to %s%n", modelFile,
                model.algorithm(), model.users().size(), model.items().size(), model.rank(), chosen, out);
        return 0;
    }
}
