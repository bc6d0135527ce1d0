package dev.latent.cli;

import dev.latent.cli.report.HtmlReport;
import dev.latent.cli.report.LearningCurve;
import dev.latent.cli.report.RunReports;
import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.data.RatingReader;
import dev.latent.data.ReadResult;
import dev.latent.eval.EvaluationReport;
import dev.latent.eval.Evaluator;
import dev.latent.eval.rank.MostPopular;
import dev.latent.eval.rank.RankingEvaluator;
import dev.latent.eval.split.HoldoutSplitter;
import dev.latent.eval.split.KFoldSplitter;
import dev.latent.eval.split.Split;
import dev.latent.io.Json;
import dev.latent.io.ModelFiles;
import dev.latent.model.FactorModel;
import dev.latent.train.EpochEvent;
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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code latent evaluate}: RMSE and MAE of a model, beside the global-mean and user+item-bias
 * baselines, in one of four modes: a given train/test pair, k-fold cross-validation, a random
 * holdout, or a saved model on a test file.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Measure RMSE and MAE against the global-mean and bias baselines, or (--task rank) top-N",
                "metrics against the most-popular baseline. Modes:",
                "  --train FILE --test FILE      train on one file, test on the other",
                "  --data FILE --folds K         k-fold cross-validation",
                "  --data FILE --holdout X       one random holdout of fraction X",
                "  --data FILE --task rank [--split SPLIT]   a ranking split (default leave-one-out)",
                "  --model MODEL --test FILE     a saved model on a test file (no rating baselines)"})
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

    @Option(names = "--split-seed", paramLabel = "S",
            description = "Seed of the random split (default: 42; with --task rank, --seed when given).")
    Long splitSeed;

    @Option(names = "--task", paramLabel = "TASK",
            description = "rating: RMSE and MAE (the default); rank: top-N metrics beside the most-popular baseline "
                    + "(the default with --implicit or an implicit-feedback algorithm).")
    String task;

    @Option(names = "--k", paramLabel = "K", description = "Cut-off of the ranking metrics, --task rank (default 10).")
    Integer cutoff;

    @Option(names = "--split", paramLabel = "SPLIT",
            description = "How --data is split for --task rank: leave-one-out (each user's latest interaction, a random "
                    + "one without timestamps; the default), user-fraction:X, user-count:N, or temporal:X (the earliest "
                    + "fraction X of all interactions trains).")
    String split;

    @Option(names = "--sampled-negatives", paramLabel = "N",
            description = "--task rank: rank each user's held-out items among N sampled items the user never "
                    + "interacted with (the NCF protocol) instead of the whole catalogue.")
    Integer sampledNegatives;

    @Option(names = "--model", paramLabel = "MODEL", description = "A saved model to evaluate (with --test).")
    Path model;

    @Option(names = "--json", description = "Print one JSON object: rmse, mae, rmse_std, mae_std, folds, per_fold, baselines; "
            + "with --task rank ndcg@K, recall@K, precision@K, map@K, mrr@K, hr@K, coverage@K and baseline.")
    boolean json;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Also write a self-contained HTML page: learning curves, the metric per fold, the final "
                    + "numbers beside the baselines, and the configuration.")
    Path reportFile;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Mixin
    InputOptions input = new InputOptions();

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

    @Override
    public Integer call() throws IOException {
        if (reportFile != null) {
            HtmlReport.requireWritable(reportFile, "--report");
        }
        if (rankTask()) {
            return rank();
        }
        if (split != null || sampledNegatives != null || cutoff != null) {
            throw new CliException("--k, --split and --sampled-negatives apply to --task rank");
        }
        if (modelOptions.implicitModel()) {
            throw new CliException(modelOptions.algorithm() + " learns from implicit feedback and predicts no ratings; "
                    + "evaluate it with --task rank");
        }
        long ratingSplitSeed = splitSeed == null ? 42 : splitSeed;
        RatingReader reader = input.reader();
        PrintWriter err = spec.commandLine().getErr();
        EvaluationReport report;
        List<List<EpochEvent>> foldEvents = new ArrayList<>();
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
                        ? new KFoldSplitter(folds, ratingSplitSeed).split(all.ratings())
                        : new HoldoutSplitter(holdout, ratingSplitSeed).split(all.ratings());
                title = data + (folds != null ? ", " + folds + "-fold cross-validation" : ", holdout " + holdout);
            } else {
                throw new CliException("say what to evaluate: --train FILE --test FILE, --data FILE --folds K, "
                        + "--data FILE --holdout X, or --model MODEL --test FILE");
            }
            int count = splits.size();
            boolean terminal = ProgressListener.stderrIsTerminal();
            Evaluator evaluator = new Evaluator(fold -> {
                TrainingListener progress = quiet ? TrainingListener.NONE
                        : new ProgressListener(err, terminal, count > 1 ? "fold " + fold + "/" + count + "  " : "");
                if (reportFile == null) {
                    return progress;
                }
                List<EpochEvent> events = new ArrayList<>();
                foldEvents.add(events);
                return event -> {
                    events.add(event);
                    progress.onEpoch(event);
                };
            });
            report = evaluator.evaluate(trainer, splits);
            algorithm = trainer.algorithm();
            parameters = trainer.config().parameters();
        }
        print(report, title, algorithm, parameters);
        if (reportFile != null) {
            List<LearningCurve> curves = new ArrayList<>();
            for (int f = 0; f < foldEvents.size(); f++) {
                curves.add(LearningCurve.of(foldEvents.size() > 1 ? "fold " + (f + 1) : "", foldEvents.get(f)));
            }
            RunReports.ratingEvaluation(title, algorithm, parameters, report, curves).write(reportFile);
            noteReport(err);
        }
        return 0;
    }

    private boolean rankTask() {
        if (task == null) {
            return modelOptions.implicit || modelOptions.implicitModel();
        }
        return switch (task) {
            case "rank" -> true;
            case "rating" -> false;
            default -> throw new CliException("invalid --task '" + task + "'; choose rating or rank");
        };
    }

    /** {@code --task rank}: one train/test pair (given, or split from --data), or a saved model on a test file. */
    private int rank() throws IOException {
        if (folds != null || holdout != null) {
            throw new CliException("--task rank splits --data with --split, not --folds or --holdout");
        }
        int k = cutoff == null ? 10 : cutoff;
        int negatives = sampledNegatives == null ? 0 : sampledNegatives;
        if (k <= 0) {
            throw new CliException("--k must be positive but was " + k);
        }
        if (negatives < 0) {
            throw new CliException("--sampled-negatives must be non-negative but was " + negatives);
        }
        PrintWriter err = spec.commandLine().getErr();
        RatingReader reader = input.reader();
        long seed = splitSeed != null ? splitSeed : modelOptions.seed != null ? modelOptions.seed : 42;
        int threads = modelOptions.threads != null ? modelOptions.threads : Runtime.getRuntime().availableProcessors();
        RankingEvaluator evaluator;
        try {
            evaluator = new RankingEvaluator(k, negatives, seed, threads);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        String splitName;
        RatingMatrix trainSet;
        RatingList testSet;
        FactorModel trained;
        String title;
        double trainSeconds = 0;
        List<EpochEvent> events = new ArrayList<>();
        if (model != null) {
            requireOnly("--model", train == null && data == null && split == null && test != null,
                    "--model needs --test FILE and no --train, --data or --split");
            if (modelOptions.anySet()) {
                throw new CliException("model options (--algo, --factors, ...) do not apply to a saved --model");
            }
            trained = ModelFiles.load(model);
            ReadResult<RatingList> read = reader.readAgainst(test, trained.users(), trained.items());
            Commands.printReport(err, read.report());
            trainSet = RankEvaluation.seenMatrix(trained);
            testSet = read.ratings();
            splitName = "given";
            title = model + " on " + test;
        } else {
            Trainer trainer = modelOptions.trainer();
            if (train != null) {
                requireOnly("--train", test != null && data == null && split == null,
                        "--train needs --test FILE and no --data or --split");
                ReadResult<RatingMatrix> read = input.read(train, err);
                Commands.printReport(err, read.report());
                trainSet = read.ratings();
                ReadResult<RatingList> readTest = reader.readAgainst(test, trainSet.users(), trainSet.items());
                Commands.printReport(err, readTest.report());
                testSet = readTest.ratings();
                splitName = "given";
                title = train + " → " + test;
            } else if (data != null) {
                requireOnly("--data", test == null, "--data is split with --split; it takes no --test");
                ReadResult<RatingMatrix> read = input.read(data, err);
                Commands.printReport(err, read.report());
                splitName = split == null ? "leave-one-out" : split;
                Split first = RankEvaluation.splitter(splitName, data, input.format.readOptions(), read.ratings(), seed)
                        .split(read.ratings()).getFirst();
                trainSet = first.train();
                testSet = first.test();
                title = data + ", split " + splitName;
            } else {
                throw new CliException("say what to evaluate: --data FILE [--split SPLIT], --train FILE --test FILE, "
                        + "or --model MODEL --test FILE");
            }
            TrainingListener progress = quiet ? TrainingListener.NONE
                    : new ProgressListener(err, ProgressListener.stderrIsTerminal(), "");
            long started = System.nanoTime();
            trained = trainer.train(trainSet, null, event -> {
                events.add(event);
                progress.onEpoch(event);
            });
            trainSeconds = (System.nanoTime() - started) / 1e9;
        }
        RankEvaluation.Result result = RankEvaluation.evaluate(evaluator, trained, trainSet, testSet);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(RankEvaluation.json(result, trained.algorithm(), trained.parameters(), splitName, negatives, trainSeconds)));
        } else {
            RankEvaluation.print(out, result, trained.algorithm(), trained.parameters(), title);
        }
        if (reportFile != null) {
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("users ranked", Integer.toString(result.model().users()));
            facts.put("split", splitName);
            facts.put("candidates", negatives == 0 ? "the whole catalogue" : negatives + " sampled negatives per user");
            facts.put("skipped test ratings", Integer.toString(result.model().skippedRatings()));
            facts.put("train seconds", String.format(Locale.ROOT, "%.1f", trainSeconds));
            facts.put("evaluate seconds", String.format(Locale.ROOT, "%.1f", result.seconds()));
            RunReports.rankingEvaluation(title, trained.algorithm(), trained.parameters(), result.model().asMap(),
                    MostPopular.NAME, result.baseline().asMap(), facts,
                    events.isEmpty() ? null : LearningCurve.of("", events)).write(reportFile);
            noteReport(err);
        }
        return 0;
    }

    private void noteReport(PrintWriter err) {
        if (!quiet) {
            err.println("Wrote the report to " + reportFile);
        }
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
