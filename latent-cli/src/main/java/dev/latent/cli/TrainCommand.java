package dev.latent.cli;

import dev.latent.cli.report.HtmlReport;
import dev.latent.cli.report.LearningCurve;
import dev.latent.cli.report.RunReports;
import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.data.ReadResult;
import dev.latent.eval.split.HoldoutSplitter;
import dev.latent.eval.split.Split;
import dev.latent.io.Json;
import dev.latent.io.ModelFiles;
import dev.latent.model.FactorModel;
import dev.latent.train.EarlyStopping;
import dev.latent.train.EpochEvent;
import dev.latent.train.Trainer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

    @Option(names = "--early-stopping", paramLabel = "PATIENCE",
            description = "Hold out --validation-fraction of the ratings, stop when their RMSE has not improved for "
                    + "PATIENCE epochs, and keep the best epoch's model.")
    Integer patience;

    @Option(names = "--validation-fraction", paramLabel = "X", defaultValue = "0.1",
            description = "Fraction held out for --early-stopping (default: ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Also write a self-contained HTML page: the learning curve, the final numbers and the configuration.")
    Path report;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Mixin
    InputOptions input = new InputOptions();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (patience != null && patience <= 0) {
            throw new CliException("--early-stopping must be positive but was " + patience);
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new CliException("--validation-fraction must be strictly between 0 and 1 but was " + validationFraction);
        }
        if (report != null) {
            if (report.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
                throw new CliException("--report must differ from --out");
            }
            HtmlReport.requireWritable(report, "--report");
        }
        Trainer trainer = model.trainer(patience == null ? EarlyStopping.OFF : EarlyStopping.after(patience));
        ReadResult<RatingMatrix> read = input.read(data, err);
        Commands.printReport(err, read.report());
        RatingMatrix ratings = read.ratings();
        RatingList validation = null;
        if (patience != null) {
            Split split = new HoldoutSplitter(validationFraction, trainer.config().seed()).split(ratings).getFirst();
            ratings = split.train();
            validation = split.test();
            err.printf("Early stopping: %d ratings held out for validation, patience %d epochs%n", validation.size(), patience);
        }

        List<EpochEvent> events = new ArrayList<>();
        ProgressListener progress = new ProgressListener(err, ProgressListener.stderrIsTerminal(), "");
        long started = System.nanoTime();
        FactorModel trained = trainer.train(ratings, validation, event -> {
            events.add(event);
            if (!quiet) {
                progress.onEpoch(event);
            }
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        ModelFiles.save(trained, out);

        EpochEvent last = events.getLast();
        EpochEvent best = validation == null ? last
                : events.stream().min(Comparator.comparingDouble(EpochEvent::validationRmse)).orElseThrow();
        if (!quiet && last.epoch() < last.epochs()) {
            progress.endLine();
        }
        if (report != null) {
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("data", data.toString());
            facts.put("ratings trained on", ratings.size() + " (" + ratings.userCount() + " users × " + ratings.itemCount() + " items)");
            if (validation != null) {
                facts.put("validation ratings", validation.size() + ", patience " + patience + " epochs");
            }
            facts.put("epochs run", Integer.toString(last.epoch()));
            facts.put("training " + RunReports.errorName(trained.algorithm()), String.format(Locale.ROOT, "%.4f", best.trainRmse()));
            if (validation != null) {
                facts.put("kept epoch", Integer.toString(best.epoch()));
                facts.put("validation RMSE", String.format(Locale.ROOT, "%.4f", best.validationRmse()));
            }
            facts.put("seconds", String.format(Locale.ROOT, "%.1f", seconds));
            facts.put("seed", Long.toString(trained.seed()));
            facts.put("model file", out.toString());
            RunReports.training(trained.algorithm(), trained.parameters(), facts, LearningCurve.of("", events),
                    validation == null ? 0 : best.epoch()).write(report);
            if (!quiet) {
                err.println("Wrote the report to " + report);
            }
        }
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("model", out.toString());
            result.put("algorithm", trained.algorithm());
            result.put("parameters", Commands.typedParameters(trained));
            result.put("seed", trained.seed());
            result.put("users", ratings.userCount());
            result.put("items", ratings.itemCount());
            result.put("ratings", ratings.size());
            result.put("skipped_lines", read.report().badLinesSkipped());
            result.put("duplicates", read.report().duplicatesReplaced());
            result.put("epochs", last.epoch());
            result.put("best_epoch", best.epoch());
            result.put("train_rmse", best.trainRmse());
            result.put("validation_rmse", best.validationRmse());
            result.put("seconds", seconds);
            spec.commandLine().getOut().println(Json.write(result));
        } else {
            spec.commandLine().getOut().printf("Trained %s (%s) on %d ratings in %.1f s, %d epochs; training RMSE %.4f%s.%n"
                            + "Saved the model to %s%n",
                    trained.algorithm(), Commands.describe(trained.parameters()), ratings.size(), seconds, last.epoch(),
                    best.trainRmse(), validation == null ? ""
                            : String.format(", validation RMSE %.4f at the kept epoch %d", best.validationRmse(), best.epoch()),
                    out);
        }
        return 0;
    }
}
