package dev.latent.cli;

import dev.latent.cli.report.HtmlReport;
import dev.latent.cli.report.LearningCurve;
import dev.latent.cli.report.TuningReport;
import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.data.ReadResult;
import dev.latent.eval.split.HoldoutSplitter;
import dev.latent.eval.split.KFoldSplitter;
import dev.latent.eval.split.Split;
import dev.latent.io.Json;
import dev.latent.train.EarlyStopping;
import dev.latent.train.EpochEvent;
import dev.latent.train.Trainer;
import dev.latent.train.nmf.NmfTrainer;
import dev.latent.tune.Configuration;
import dev.latent.tune.GridSearch;
import dev.latent.tune.Journal;
import dev.latent.tune.LineSearch;
import dev.latent.tune.Metric;
import dev.latent.tune.ParameterSpace;
import dev.latent.tune.RandomSearch;
import dev.latent.tune.Search;
import dev.latent.tune.TrialListener;
import dev.latent.tune.TrialResult;
import dev.latent.tune.TrialRunner;
import dev.latent.tune.Tuner;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
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
import java.util.SequencedMap;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code latent tune}: searches a grid of model options by cross-validation, with the epochs of
 * each trial found by early stopping on the validation part, and prints the ranked trials and the
 * best configuration as a ready-to-paste {@code latent train} line.
 *
 * <p>A trial's trainer is built the way {@code train} builds one: picocli parses the model options
 * given to {@code tune} (held fixed) plus the trial's values as {@code --name value} into a fresh
 * {@link ModelOptions}, so every option's validation and message is the same. Trials run in
 * parallel on {@code --threads} threads, each trainer on one.
 */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = {"Search model options by cross-validation; epochs by early stopping.",
                "Splits: --data FILE --folds K, --data FILE --validation-fraction X, or",
                "  --train FILE --test FILE.",
                "--grid \"factors=16,32;lr=0.005,0.01;reg=0.02,0.05\": model option names",
                "  without dashes. With --search random, two values lo,hi are a range",
                "  (log-uniform for lr, reg, reg-*, alpha; uniform integers for whole",
                "  numbers), more values a set. Other model options are held fixed;",
                "  --epochs is the maximum, --threads the trials run at once (each",
                "  trainer then gets one thread), --seed seeds the splits and trainers."})
final class TuneCommand implements Callable<Integer> {
    /** Model options that are no tuning parameter: the algorithm, and --threads, which tune spends on trials. */
    private static final Set<String> NOT_TUNABLE = Set.of("--algo", "--implicit", "--threads");

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE", description = "The rating file to split (with --folds or --validation-fraction).")
    Path data;

    @Option(names = "--train", paramLabel = "FILE", description = "A training file (with --test).")
    Path train;

    @Option(names = "--test", paramLabel = "FILE", description = "The validation file for --train.")
    Path test;

    @Option(names = "--folds", paramLabel = "K", description = "K-fold cross-validation of --data.")
    Integer folds;

    @Option(names = "--validation-fraction", paramLabel = "X", description = "One random holdout of fraction X of --data.")
    Double validationFraction;

    @Option(names = "--grid", required = true, paramLabel = "GRID",
            description = "The parameters and their values: \"name=v1,v2,...;name=...\".")
    String grid;

    @Option(names = "--search", paramLabel = "S", defaultValue = "grid",
            description = "grid (every combination), random (--trials draws) or line (coordinate search from the "
                    + "middle values) (default: ${DEFAULT-VALUE}).")
    String search;

    @Option(names = "--trials", paramLabel = "N", description = "Draws of --search random (default 20).")
    Integer trials;

    @Option(names = "--metric", paramLabel = "M",
            description = "rmse, mae, or a top-N metric such as ndcg@10, recall@10, precision@10, map@10, mrr@10, hr@10 "
                    + "(default: rmse, or ndcg@10 for implicit-feedback algorithms).")
    String metricName;

    @Option(names = "--patience", paramLabel = "N", defaultValue = "3",
            description = "Early stopping: epochs without improvement of the validation RMSE (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--journal", paramLabel = "FILE",
            description = "Append each finished trial to FILE (JSON lines) and, when FILE holds an earlier run of the "
                    + "same data, algorithm, grid, split, metric and seed, skip the trials it finished (default: none).")
    Path journal;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Also write a self-contained HTML page: the metric against each parameter (a heat map for two), "
                    + "the best trial's learning curves and folds, and the ranked trials.")
    Path report;

    @Option(names = "--json", description = "Print one JSON object {\"best\": {...}, \"trials\": [...]}.")
    boolean json;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Mixin
    InputOptions input = new InputOptions();

    @Mixin
    ModelOptions model = new ModelOptions();

    /** Holds one trial's model options as picocli parses them. */
    @Command(name = "trial")
    static final class TrialOptions {
        @Mixin
        ModelOptions model = new ModelOptions();
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        String algorithm = model.algorithm();
        if (!ModelOptions.NAMES.contains(algorithm)) {
            throw new CliException("unknown --algo '" + algorithm + "'; choose one of " + ModelOptions.ALGORITHMS);
        }
        if (patience < 1) {
            throw new CliException("--patience must be positive but was " + patience);
        }
        if (report != null) {
            HtmlReport.requireWritable(report, "--report");
        }
        boolean stops = !ModelOptions.IMPLICIT.contains(algorithm) && !algorithm.equals(NmfTrainer.ALGORITHM);
        EarlyStopping stopping = stops ? EarlyStopping.after(patience) : EarlyStopping.OFF;
        List<String> fixed = fixedModelArguments();
        trainer(List.of(), fixed, stopping);  // a bad fixed option fails here, before the grid is blamed
        ParameterSpace space = parseGrid();
        checkValues(space, fixed, stopping);
        Metric metric = metric(algorithm);
        int threads = model.threads != null ? model.threads : Runtime.getRuntime().availableProcessors();
        if (threads < 1) {
            throw new CliException("--threads must be positive but was " + threads);
        }
        long seed = model.seed != null ? model.seed : 42;
        Search strategy = strategy(space, metric, seed);

        String splitName;
        String dataName;
        List<Split> splits;
        if (train != null) {
            if (test == null || data != null || folds != null || validationFraction != null) {
                throw new CliException("--train needs --test FILE and no --data, --folds or --validation-fraction");
            }
            ReadResult<RatingMatrix> trainSet = input.read(train, err);
            Commands.printReport(err, trainSet.report());
            ReadResult<RatingList> testSet = input.reader().readAgainst(test, trainSet.ratings().users(), trainSet.ratings().items());
            Commands.printReport(err, testSet.report());
            splits = List.of(Split.of(trainSet.ratings(), testSet.ratings()));
            splitName = "validation file " + test;
            dataName = train.toString();
        } else if (data != null) {
            if (test != null || (folds == null) == (validationFraction == null)) {
                throw new CliException("--data needs exactly one of --folds K or --validation-fraction X, and no --test");
            }
            ReadResult<RatingMatrix> all = input.read(data, err);
            Commands.printReport(err, all.report());
            try {
                splits = folds != null ? new KFoldSplitter(folds, seed).split(all.ratings())
                        : new HoldoutSplitter(validationFraction, seed).split(all.ratings());
            } catch (IllegalArgumentException e) {
                throw new CliException(folds != null ? "invalid --folds: " + e.getMessage()
                        : "invalid --validation-fraction: " + e.getMessage());
            }
            splitName = folds != null ? folds + "-fold cross-validation" : "holdout " + validationFraction;
            dataName = data.toString();
        } else {
            throw new CliException("say what to tune on: --data FILE --folds K, --data FILE --validation-fraction X, "
                    + "or --train FILE --test FILE");
        }

        TrialRunner runner = new TrialRunner(splits, metric, c -> trainer(c, fixed, stopping), stops);
        Tuner tuner = new Tuner(runner, metric.higherIsBetter(), threads);
        TrialListener progress = quiet ? TrialListener.NONE : new Progress(err, ProgressListener.stderrIsTerminal(), metric);
        Tuner.TuneResult result;
        if (journal != null) {
            SequencedMap<String, String> run = new LinkedHashMap<>();
            run.put("data", dataName);
            run.put("split", splitName);
            run.put("algo", algorithm);
            run.put("fixed", String.join(" ", fixed));
            run.put("grid", space.toString());
            run.put("search", search + (search.equals("random") ? " " + strategy.maxTrials() : ""));
            run.put("metric", metric.name());
            run.put("seed", Long.toString(seed));
            run.put("patience", stops ? Integer.toString(patience) : "off");
            try (Journal opened = Journal.open(journal, run)) {
                result = tuner.run(strategy, opened, progress);
            }
        } else {
            result = tuner.run(strategy, null, progress);
        }
        if (progress instanceof Progress p) {
            p.end();
        }

        if (report != null) {
            writeReport(runner, result, algorithm, metric, splitName, dataName);
        }

        List<String> trainLine = trainLine(dataName, algorithm, fixed, result.best());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("best", trialJson(result.best(), algorithm, fixed, metric, false));
            List<Map<String, Object>> all = new ArrayList<>();
            for (TrialResult trial : result.trials()) {
                all.add(trialJson(trial, algorithm, fixed, metric, true));
            }
            object.put("trials", all);
            out.println(Json.write(object));
        } else {
            out.printf("%s, %s of %s, %s search, metric %s: %d trials (%d ran, %d from journal)%n", algorithm, splitName,
                    dataName, search, metric.name(), result.trials().size(), result.ran(), result.replayed());
            printTable(out, space, metric, result.trials());
            out.println("Best:");
            out.println(String.join(" ", trainLine));
        }
        return 0;
    }

    /** The HTML report: every trial, and the best one's learning curves, from one more training of it. */
    private void writeReport(TrialRunner runner, Tuner.TuneResult result, String algorithm, Metric metric, String splitName,
                             String dataName) throws IOException {
        List<TuningReport.Trial> trials = new ArrayList<>();
        for (TrialResult trial : result.trials()) {
            List<LearningCurve> curves = new ArrayList<>();
            if (trial == result.best() && !Double.isNaN(trial.mean())) {
                List<List<EpochEvent>> folds = runner.learningCurves(trial.configuration());
                for (int f = 0; f < folds.size(); f++) {
                    curves.add(LearningCurve.of(folds.size() == 1 ? "" : "fold " + (f + 1), folds.get(f)));
                }
            }
            Map<String, Object> parameters = new LinkedHashMap<>();
            trial.configuration().values().forEach((name, value) -> parameters.put(name, typed(value)));
            double[] perFold = trial.folds().stream().mapToDouble(Double::doubleValue).toArray();
            trials.add(new TuningReport.Trial(parameters, trial.mean(), trial.std(), trial.epochs(), trial.seconds(), perFold,
                    curves));
        }
        TuningReport.build(splitName + " of " + dataName, algorithm, metric.name(),
                !metric.higherIsBetter(), trials).write(report);
        if (!quiet) {
            spec.commandLine().getErr().println("Wrote the report to " + report);
        }
    }

    /** A parameter value as a number when it is one, so the report can place it on an axis. */
    private static Object typed(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return value;
        }
    }

    private ParameterSpace parseGrid() {
        ParameterSpace space;
        try {
            space = ParameterSpace.parse(grid);
        } catch (IllegalArgumentException e) {
            throw new CliException("invalid --grid '" + grid + "': " + e.getMessage());
        }
        List<String> tunable = tunableNames();
        for (String name : space.names()) {
            if (!tunable.contains(name)) {
                throw new CliException("invalid --grid: unknown parameter '" + name + "'; choose from " + String.join(", ", tunable));
            }
            if (spec.commandLine().getParseResult().hasMatchedOption("--" + name)) {
                throw new CliException("invalid --grid: '" + name + "' is also given as --" + name + "; give it in one place");
            }
        }
        return space;
    }

    /** The model options' names without dashes, but --algo, --implicit and --threads. */
    private static List<String> tunableNames() {
        List<String> names = new ArrayList<>();
        for (OptionSpec option : CommandSpec.forAnnotatedObject(new TrialOptions()).options()) {
            if (!NOT_TUNABLE.contains(option.longestName())) {
                names.add(option.longestName().substring(2));
            }
        }
        return names;
    }

    /** The model options given to tune, as arguments, but --threads (the trials' parallelism here). */
    private List<String> fixedModelArguments() {
        Set<String> modelNames = CommandSpec.forAnnotatedObject(new TrialOptions()).options().stream()
                .map(OptionSpec::longestName).collect(Collectors.toSet());
        return passThrough(modelNames, Set.of("--threads"));
    }

    /** The matched options among {@code names}, but {@code except}, as their original arguments. */
    private List<String> passThrough(Set<String> names, Set<String> except) {
        List<String> arguments = new ArrayList<>();
        for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            String name = option.longestName();
            if (names.contains(name) && !except.contains(name)) {
                arguments.add(name);
                if (option.arity().max() > 0) {
                    arguments.add(option.originalStringValues().getLast());
                }
            }
        }
        return arguments;
    }

    /** Builds every value of every axis once on top of the fixed options, so a bad value fails before any training. */
    private void checkValues(ParameterSpace space, List<String> fixed, EarlyStopping stopping) {
        for (ParameterSpace.Axis axis : space.axes()) {
            for (String value : axis.values()) {
                try {
                    trainer(List.of("--" + axis.name(), value), fixed, stopping);
                } catch (CliException e) {
                    throw new CliException("invalid --grid value " + axis.name() + "=" + value + ": " + e.getMessage());
                }
            }
        }
    }

    /** A trial's trainer: picocli parses the fixed options, the trial's values and --threads 1 into fresh model options. */
    private static Trainer trainer(Configuration configuration, List<String> fixed, EarlyStopping stopping) {
        List<String> values = new ArrayList<>();
        configuration.values().forEach((name, value) -> {
            values.add("--" + name);
            values.add(value);
        });
        return trainer(values, fixed, stopping);
    }

    private static Trainer trainer(List<String> values, List<String> fixed, EarlyStopping stopping) {
        List<String> arguments = new ArrayList<>(fixed);
        arguments.addAll(values);
        arguments.add("--threads");
        arguments.add("1");
        TrialOptions options;
        try {
            options = CommandLine.populateCommand(new TrialOptions(), arguments.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new CliException(e.getMessage());
        }
        return options.model.trainer(stopping);
    }

    private Metric metric(String algorithm) {
        boolean implicitModel = ModelOptions.IMPLICIT.contains(algorithm);
        String name = metricName != null ? metricName : implicitModel ? "ndcg@10" : "rmse";
        Metric metric;
        try {
            metric = Metric.named(name.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CliException("invalid --metric: " + e.getMessage());
        }
        if (implicitModel && !metric.higherIsBetter()) {
            throw new CliException("--metric " + name + ": " + algorithm + " learns from implicit feedback and predicts "
                    + "no ratings; choose a ranking metric such as ndcg@10");
        }
        return metric;
    }

    private Search strategy(ParameterSpace space, Metric metric, long seed) {
        if (trials != null && !search.equals("random")) {
            throw new CliException("--trials applies to --search random");
        }
        return switch (search) {
            case "grid" -> new GridSearch(space);
            case "line" -> new LineSearch(space, metric.higherIsBetter());
            case "random" -> {
                int n = trials == null ? 20 : trials;
                if (n < 1) {
                    throw new CliException("--trials must be positive but was " + n);
                }
                yield new RandomSearch(space, n, seed);
            }
            default -> throw new CliException("invalid --search '" + search + "'; choose grid, random or line");
        };
    }

    /** {@code ./latent train --data FILE --algo A <format> <fixed> <best values> --epochs N --out model.latent} */
    private List<String> trainLine(String dataName, String algorithm, List<String> fixed, TrialResult best) {
        List<String> line = new ArrayList<>(List.of("./latent", "train", "--data", dataName, "--algo", algorithm));
        line.addAll(passThrough(Set.of("--format", "--skip-bad"), Set.of()));
        for (int k = 0; k < fixed.size(); k++) {
            String argument = fixed.get(k);
            boolean valued = k + 1 < fixed.size() && !fixed.get(k + 1).startsWith("--");
            if (!argument.equals("--algo") && !argument.equals("--epochs")) {
                line.add(argument);
                if (valued) {
                    line.add(fixed.get(k + 1));
                }
            }
            k += valued ? 1 : 0;
        }
        best.configuration().values().forEach((name, value) -> {
            if (!name.equals("epochs")) {
                line.add("--" + name);
                line.add(value);
            }
        });
        line.add("--epochs");
        line.add(Integer.toString(best.epochs()));
        line.add("--out");
        line.add("model.latent");
        return line;
    }

    /** Option names without dashes → values: the trial's parameters, epochs, the fixed options, then the metric. */
    private static Map<String, Object> trialJson(TrialResult trial, String algorithm, List<String> fixed, Metric metric,
                                                 boolean details) {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("algo", algorithm);
        trial.configuration().values().forEach((name, value) -> {
            if (!name.equals("epochs")) {
                text.put(name, value);
            }
        });
        text.put("epochs", Integer.toString(trial.epochs()));
        Map<String, Object> object = new LinkedHashMap<>(Commands.typed(text));
        for (int k = 0; k < fixed.size(); k++) {
            String name = fixed.get(k).substring(2);
            boolean valued = k + 1 < fixed.size() && !fixed.get(k + 1).startsWith("--");
            if (!name.equals("algo") && !name.equals("epochs")) {
                object.putAll(valued ? Commands.typed(Map.of(name, fixed.get(k + 1))) : Map.of(name, true));
            }
            k += valued ? 1 : 0;
        }
        object.put(metric.name(), trial.mean());
        if (details) {
            object.put("std", trial.std());
            object.put("seconds", trial.seconds());
            object.put("folds", trial.folds());
        }
        return object;
    }

    private static void printTable(PrintWriter out, ParameterSpace space, Metric metric, List<TrialResult> ranked) {
        List<String> header = new ArrayList<>(List.of("rank"));
        header.addAll(space.names());
        header.addAll(List.of(metric.name() + " (mean ± std)", "epochs", "seconds"));
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (int r = 0; r < ranked.size(); r++) {
            TrialResult trial = ranked.get(r);
            List<String> row = new ArrayList<>(List.of(Integer.toString(r + 1)));
            row.addAll(trial.configuration().values().values());
            row.add(String.format(Locale.ROOT, "%.4f ± %.4f", trial.mean(), trial.std()));
            row.add(Integer.toString(trial.epochs()));
            row.add(String.format(Locale.ROOT, "%.1f", trial.seconds()));
            rows.add(row);
        }
        int[] widths = new int[header.size()];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                line.append(c == 0 ? String.format("%" + widths[c] + "s", row.get(c))
                        : String.format("  %-" + widths[c] + "s", row.get(c)));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** Progress over trials on stderr: a bar redrawn in place on a terminal, one line per finished trial otherwise. */
    private static final class Progress implements TrialListener {
        private static final int WIDTH = 30;
        private final PrintWriter err;
        private final boolean terminal;
        private final Metric metric;
        private boolean drawn;

        Progress(PrintWriter err, boolean terminal, Metric metric) {
            this.err = err;
            this.terminal = terminal;
            this.metric = metric;
        }

        @Override
        public void onTrial(TrialResult result, boolean fromJournal, int finished, long maxTrials) {
            String count = "trial " + finished + "/" + maxTrials;
            if (terminal) {
                int done = (int) Math.min(WIDTH, Math.round((double) WIDTH * finished / maxTrials));
                err.print("\r[" + "#".repeat(done) + " ".repeat(WIDTH - done) + "] " + count + "  " + result.configuration()
                        + String.format(Locale.ROOT, "  %s %.4f", metric.name(), result.mean()) + "   ");
                drawn = true;
            } else {
                err.printf(Locale.ROOT, "%s  %s  %s %.4f ± %.4f  %d epochs  %.1f s  (%s)%n", count, result.configuration(),
                        metric.name(), result.mean(), result.std(), result.epochs(), result.seconds(),
                        fromJournal ? "from journal" : "ran");
            }
            err.flush();
        }

        void end() {
            if (drawn) {
                err.println();
                err.flush();
            }
        }
    }
}
