package dev.latent.cli;

import dev.latent.data.RatingMatrix;
import dev.latent.data.ReadResult;
import dev.latent.io.ModelFiles;
import dev.latent.model.FactorModel;
import dev.latent.train.EpochEvent;
import dev.latent.train.Trainer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code latent train}: reads a rating file, trains a model and saves it. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model on a rating file (user, item, rating[, timestamp]) and save it.")
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Rating file to train on.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "Where to write the model file.")
    Path out;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Mixin
    InputOptions input = new InputOptions();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        Trainer trainer = model.trainer();
        ReadResult<RatingMatrix> read = input.reader().read(data);
        Commands.printReport(err, read.report());
        RatingMatrix ratings = read.ratings();

        EpochEvent[] last = new EpochEvent[1];
        ProgressListener progress = new ProgressListener(err, ProgressListener.stderrIsTerminal(), "");
        long started = System.nanoTime();
        FactorModel trained = trainer.train(ratings, null, event -> {
            last[0] = event;
            progress.onEpoch(event);
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        ModelFiles.save(trained, this.out);

        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("model", this.out.toString());
            result.put("algorithm", trained.algorithm());
            result.put("parameters", Commands.typedParameters(trained));
            result.put("seed", trained.seed());
            result.put("users", ratings.userCount());
            result.put("items", ratings.itemCount());
            result.put("ratings", ratings.size());
            result.put("skipped_lines", read.report().badLinesSkipped());
            result.put("duplicates", read.report().duplicatesReplaced());
            result.put("epochs", last[0].epoch());
            result.put("train_rmse", last[0].trainRmse());
            result.put("seconds", seconds);
            out.println(Json.write(result));
        } else {
            out.printf("Trained %s (%s) on %d ratings in %.1f s; training RMSE %.4f.%nSaved the model to %s%n",
                    trained.algorithm(), Commands.describe(trained.parameters()), ratings.size(), seconds,
                    last[0].trainRmse(), this.out);
        }
        return 0;
    }
}
