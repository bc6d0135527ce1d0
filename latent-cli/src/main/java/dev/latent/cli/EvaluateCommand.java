package dev.latent.cli;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.data.RatingReader;
import dev.latent.data.ReadResult;
import dev.latent.eval.EvaluationReport;
import dev.latent.eval.Evaluator;
import dev.latent.eval.split.HoldoutSplitter;
import dev.latent.eval.split.KFoldSplitter;
import dev.latent.eval.split.Split;
import dev.latent.io.ModelFiles;
import dev.latent.model.FactorModel;
import dev.latent.train.Trainer;
import dev.latent.train.TrainingListener;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code latent evaluate}: RMSE and MAE of a model, beside the global-mean and user+item-bias
 * baselines, in one of four modes: a given train/test pair, k-fold cross-validation, a random
 * holdout, or a saved model on a test file.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Measure RMSE and MAE against the global-mean and bias baselines. Modes:",
                "  --train FILE --test FILE      train on one file, test on the other",
                "  --data FILE --folds K         k-fold cross-validation",
                "  --data FILE --holdout X       one random holdout of fraction X",
                "  --model MODEL --test FILE     a saved model on a test file (no baselines)"})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--train", paramLabel = "FILE", description = "Training file (with --test).")
    Path train;

    @Option(names = "--test", paramLabel = "FILE", description = "Test file (with --train or --model).")
    Path test;

    @Option(names = "--data", paramLabel = "FILE", description = "One file to split (with --folds or --holdout).")
    Path data;

    @Option(names = "--folds", paramLabel = "K", description = "Number of cross-validation folds.")
    Integer folds;

    @Option(names = "--holdout", paramLabel = "X", description = "Fraction of ratings held out for testing, e.g. 0.2.")
    Double holdout;

    @Option(names = "--split-seed", paramLabel = "S", defaultValue = "42",
            description = "Seed of the random split (default: ${DEFAULT-VALUE}).")
    long splitSeed;

    @Option(names = "--model", paramLabel = "MODEL", description = "A saved model to evaluate (with --test).")
    Path model;

    @Option(names = "--json", description = "Print one JSON object: rmse, mae, rmse_std, mae_std, folds, per_fold, baselines.")
    boolean json;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Mixin
    InputOptions input = new InputOptions();

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

    @Override
    public Integer call() throws IOException {
        RatingReader reader = input.reader();
        PrintWriter err = spec.commandLine().getErr();
        EvaluationReport report;
        String title;
        String algorithm;
        Map<String, String> parameters;
        if (model != null) {
            requireOnly("--model", train == null && data == null && folds == null && holdout == null && test != null,
                    "--model needs --test FILE and no --train, --data, --folds or --holdout");
            if (modelOptions.anySet()) {
                throw new CliException("model options (--algo, --factors, ...) do not apply to a saved --model");
            }
            FactorModel loaded = ModelFiles.load(model);
            ReadResult<RatingList> testSet = reader.readAgainst(test, loaded.users(), loaded.items());
            Commands.printReport(err, testSet.report());
            report = Evaluator.evaluateModel(loaded, testSet.ratings());
            title = model + " on " + test;
            algorithm = loaded.algorithm();
            parameters = loaded.parameters();
        } else {
            Trainer trainer = modelOptions.trainer();
            List<Split> splits;
            if (train != null) {
                requireOnly("--train", test != null && data == null && folds == null && holdout == null,
                        "--train needs --test FILE and no --data, --folds or --holdout");
                ReadResult<RatingMatrix> trainSet = input.read(train, err);
                Commands.printReport(err, trainSet.report());
                ReadResult<RatingList> testSet = reader.readAgainst(test, trainSet.ratings().users(), trainSet.ratings().items());
                Commands.printReport(err, testSet.report());
                splits = List.of(Split.of(trainSet.ratings(), testSet.ratings()));
                title = train + " → " + test;
            } else if (data != null) {
                requireOnly("--data", test == null && (folds == null) != (holdout == null),
                        "--data needs exactly one of --folds K or --holdout X, and no --test");
                ReadResult<RatingMatrix> all = input.read(data, err);
                Commands.printReport(err, all.report());
                splits = folds != null
                        ? new KFoldSplitter(folds, splitSeed).split(all.ratings())
                        : new HoldoutSplitter(holdout, splitSeed).split(all.ratings());
                title = data + (folds != null ? ", " + folds + "-fold cross-validation" : ", holdout " + holdout);
            } else {
                throw new CliException("say what to evaluate: --train FILE --test FILE, --data FILE --folds K, "
                        + "--data FILE --holdout X, or --model MODEL --test FILE");
            }
            int count = splits.size();
            boolean terminal = ProgressListener.stderrIsTerminal();
            Evaluator evaluator = new Evaluator(fold -> quiet ? TrainingListener.NONE
                    : new ProgressListener(err, terminal, count > 1 ? "fold " + fold + "/" + count + "  " : ""));
            report = evaluator.evaluate(trainer, splits);
            algorithm = trainer.algorithm();
            parameters = trainer.config().parameters();
        }
        print(report, title, algorithm, parameters);
        return 0;
    }

    private static void requireOnly(String option, boolean valid, String message) {
        if (!valid) {
            throw new CliException(message + " (" + option + " given)");
        }
    }

    private void print(EvaluationReport report, String title, String algorithm, Map<String, String> parameters) {
        PrintWriter out = spec.commandLine().getOut();
        EvaluationReport.Summary summary = report.summary(EvaluationReport.MODEL);
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("rmse", summary.meanRmse());
            result.put("mae", summary.meanMae());
            result.put("rmse_std", summary.rmseStd());
            result.put("mae_std", summary.maeStd());
            result.put("folds", report.folds().size());
            result.put("algorithm", algorithm);
            result.put("parameters", Commands.typed(parameters));
            List<Map<String, Object>> perFold = new ArrayList<>();
            for (EvaluationReport.FoldResult fold : report.folds()) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("fold", fold.fold());
                f.put("rmse", fold.metrics(EvaluationReport.MODEL).rmse());
                f.put("mae", fold.metrics(EvaluationReport.MODEL).mae());
                f.put("train_ratings", fold.trainSize());
                f.put("test_ratings", fold.testSize());
                f.put("unknown_test_ratings", fold.unknownTestRatings());
                f.put("train_seconds", fold.trainSeconds());
                perFold.add(f);
            }
            result.put("per_fold", perFold);
            Map<String, Object> baselines = new LinkedHashMap<>();
            for (EvaluationReport.Summary s : report.summaries()) {
                if (!s.predictor().equals(EvaluationReport.MODEL)) {
                    Map<String, Object> b = new LinkedHashMap<>();
                    b.put("rmse", s.meanRmse());
                    b.put("mae", s.meanMae());
                    b.put("rmse_std", s.rmseStd());
                    b.put("mae_std", s.maeStd());
                    baselines.put(s.predictor(), b);
                }
            }
            result.put("baselines", baselines);
            out.println(Json.write(result));
            return;
        }
        out.printf("%s (%s)%n%s, %d fold%s%n", algorithm, Commands.describe(parameters), title, report.folds().size(),
                report.folds().size() == 1 ? "" : "s");
        Commands.printSummaries(out, report, algorithm);
    }
}
