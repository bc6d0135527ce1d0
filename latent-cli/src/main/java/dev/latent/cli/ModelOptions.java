package dev.latent.cli;

import dev.latent.train.EarlyStopping;
import dev.latent.train.Trainer;
import dev.latent.train.als.AlsConfig;
import dev.latent.train.als.AlsTrainer;
import dev.latent.train.als.ImplicitAlsConfig;
import dev.latent.train.als.ImplicitAlsTrainer;
import dev.latent.train.bpr.BprConfig;
import dev.latent.train.bpr.BprTrainer;
import dev.latent.train.nmf.NmfConfig;
import dev.latent.train.nmf.NmfTrainer;
import dev.latent.train.sgd.BiasedMfConfig;
import dev.latent.train.sgd.BiasedMfTrainer;
import dev.latent.train.sgd.FunkSvdConfig;
import dev.latent.train.sgd.FunkSvdTrainer;
import dev.latent.train.sgd.Schedule;
import dev.latent.train.svdpp.SvdppConfig;
import dev.latent.train.svdpp.SvdppTrainer;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The model options that train, evaluate and demo share; an unset option keeps the algorithm's
 * default, and an option the chosen algorithm has no use for is an error rather than ignored.
 */
final class ModelOptions {
    /** The algorithms, rating models first; {@link #IMPLICIT} lists the implicit-feedback ones. */
    static final List<String> NAMES = List.of(BiasedMfTrainer.ALGORITHM, FunkSvdTrainer.ALGORITHM, SvdppTrainer.ALGORITHM,
            AlsTrainer.ALGORITHM, NmfTrainer.ALGORITHM, ImplicitAlsTrainer.ALGORITHM, BprTrainer.ALGORITHM);
    static final Set<String> IMPLICIT = Set.of(ImplicitAlsTrainer.ALGORITHM, BprTrainer.ALGORITHM);
    static final String ALGORITHMS = String.join(", ", NAMES);

    @Option(names = "--algo", paramLabel = "ALGO",
            description = "Algorithm: ${COMPLETION-CANDIDATES} (default: biased-mf, or ials with --implicit).",
            completionCandidates = Algorithms.class)
    String algorithm;

    @Option(names = "--implicit",
            description = "The value column is an interaction strength (plays, clicks), not a rating: the default "
                    + "algorithm becomes ials and evaluation ranks items instead of predicting ratings.")
    boolean implicit;

    @Option(names = "--factors", paramLabel = "K", description = "Number of latent factors (default: the algorithm's).")
    Integer factors;

    @Option(names = "--epochs", paramLabel = "N",
            description = "Passes over the training data, or ALS iterations (default: the algorithm's).")
    Integer epochs;

    @Option(names = "--lr", paramLabel = "X", description = "SGD learning rate η: biased-mf, funk-svd, svdpp, bpr.")
    Float learningRate;

    @Option(names = "--reg", paramLabel = "X", description = "L2 regularisation λ of the factors (all algorithms).")
    Float regularization;

    @Option(names = "--reg-bias", paramLabel = "X", description = "L2 regularisation of the biases: biased-mf, svdpp, als.")
    Float regBias;

    @Option(names = "--reg-implicit", paramLabel = "X", description = "L2 regularisation of svdpp's implicit-feedback vectors y.")
    Float regImplicit;

    @Option(names = "--schedule", paramLabel = "S",
            description = "Step sizes, biased-mf and funk-svd: adagrad (per-vector AdaGrad), constant, decay or "
                    + "decay:RATE (η/(1+RATE·(t−1))) (default: biased-mf adagrad, funk-svd constant).")
    String schedule;

    @Option(names = "--blocks", paramLabel = "B",
            description = "Grid size of the parallel SGD loop, B × B blocks, biased-mf and funk-svd (default: from the threads and the data).")
    Integer blocks;

    @Option(names = "--alpha", paramLabel = "X",
            description = "Confidence slope of ials: c = 1 + α·log(1 + strength), or 1 + α·strength with --confidence linear.")
    Float alpha;

    @Option(names = "--confidence", paramLabel = "C",
            description = "How ials turns a strength into confidence: log (the default, for counts) or linear.")
    String confidence;

    @Option(names = "--solver", paramLabel = "S", description = "Least-squares solver of ials: cg or cholesky.")
    String solver;

    @Option(names = "--cg-steps", paramLabel = "N", description = "Conjugate-gradient steps per row of ials with --solver cg.")
    Integer cgSteps;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed; same data, seed and threads give the same model (default 42).")
    Long seed;

    @Option(names = "--threads", paramLabel = "T",
            description = "Worker threads (default: the available cores; svdpp and nmf run on one).")
    Integer threads;

    /** Lists the algorithm names for --help. */
    static final class Algorithms implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return NAMES.iterator();
        }
    }

    /** Config parameter name → the option that sets it, for error messages. */
    private static final Map<String, String> OPTION_OF = Map.ofEntries(
            Map.entry("factors", "--factors"), Map.entry("epochs", "--epochs"), Map.entry("learningRate", "--lr"),
            Map.entry("regFactors", "--reg"), Map.entry("regularization", "--reg"), Map.entry("regUser", "--reg"),
            Map.entry("regItem", "--reg"), Map.entry("regBias", "--reg-bias"), Map.entry("regImplicit", "--reg-implicit"),
            Map.entry("alpha", "--alpha"),
            Map.entry("cgSteps", "--cg-steps"), Map.entry("threads", "--threads"), Map.entry("blocks", "--blocks"),
            Map.entry("decay", "--schedule"), Map.entry("schedule", "--schedule"));

    /** The chosen algorithm's name. */
    String algorithm() {
        return algorithm != null ? algorithm : implicit ? ImplicitAlsTrainer.ALGORITHM : BiasedMfTrainer.ALGORITHM;
    }

    /** Whether the chosen algorithm learns from implicit feedback (and so ranks, but predicts no ratings). */
    boolean implicitModel() {
        return IMPLICIT.contains(algorithm());
    }

    /** The configured trainer; an invalid value fails naming the option, the parameter and the value. */
    Trainer trainer() {
        return trainer(EarlyStopping.OFF);
    }

    /** The configured trainer with a stopping rule, which applies when training gets a validation list. */
    Trainer trainer(EarlyStopping stopping) {
        String name = algorithm();
        if (!NAMES.contains(name)) {
            throw new CliException("unknown --algo '" + name + "'; choose one of " + ALGORITHMS);
        }
        rejectInapplicable(name, stopping);
        try {
            return configuredTrainer(name, stopping);
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            String parameter = message.split(" ", 2)[0];
            String option = OPTION_OF.get(parameter);
            throw new CliException(option == null ? message : "invalid " + option + ": " + message);
        }
    }

    /** Options given that {@code name} has no use for: an error, so nothing is silently ignored. */
    private void rejectInapplicable(String name, EarlyStopping stopping) {
        Map<String, Boolean> given = new LinkedHashMap<>();
        given.put("--lr", learningRate != null);
        given.put("--reg-bias", regBias != null);
        given.put("--reg-implicit", regImplicit != null);
        given.put("--schedule", schedule != null);
        given.put("--blocks", blocks != null);
        given.put("--alpha", alpha != null);
        given.put("--confidence", confidence != null);
        given.put("--solver", solver != null);
        given.put("--cg-steps", cgSteps != null);
        Set<String> accepted = switch (name) {
            case BiasedMfTrainer.ALGORITHM -> Set.of("--lr", "--reg-bias", "--schedule", "--blocks");
            case FunkSvdTrainer.ALGORITHM -> Set.of("--lr", "--schedule", "--blocks");
            case SvdppTrainer.ALGORITHM -> Set.of("--lr", "--reg-bias", "--reg-implicit");
            case AlsTrainer.ALGORITHM -> Set.of("--reg-bias");
            case ImplicitAlsTrainer.ALGORITHM -> Set.of("--alpha", "--confidence", "--solver", "--cg-steps");
            case BprTrainer.ALGORITHM -> Set.of("--lr");
            default -> Set.of();
        };
        List<String> rejected = new ArrayList<>();
        given.forEach((option, set) -> {
            if (set && !accepted.contains(option)) {
                rejected.add(option);
            }
        });
        if (!rejected.isEmpty()) {
            throw new CliException(String.join(", ", rejected) + (rejected.size() == 1 ? " does" : " do")
                    + " not apply to " + name);
        }
        if (stopping.enabled() && IMPLICIT.contains(name)) {
            throw new CliException("early stopping watches the validation RMSE, which " + name + " (an implicit-feedback model) has not");
        }
    }

    private Trainer configuredTrainer(String name, EarlyStopping stopping) {
        return switch (name) {
            case BiasedMfTrainer.ALGORITHM -> {
                BiasedMfConfig c = BiasedMfConfig.defaults();
                c = factors == null ? c : c.withFactors(factors);
                c = epochs == null ? c : c.withEpochs(epochs);
                c = learningRate == null ? c : c.withLearningRate(learningRate);
                c = regularization == null ? c : c.withRegFactors(regularization);
                c = regBias == null ? c : c.withRegBias(regBias);
                c = seed == null ? c : c.withSeed(seed);
                c = threads == null ? c : c.withThreads(threads);
                c = schedule == null ? c : c.withSchedule(Schedule.parse(schedule));
                c = blocks == null ? c : c.withBlocks(blocks);
                yield new BiasedMfTrainer(c.withEarlyStopping(stopping));
            }
            case FunkSvdTrainer.ALGORITHM -> {
                FunkSvdConfig c = FunkSvdConfig.defaults();
                c = factors == null ? c : c.withFactors(factors);
                c = epochs == null ? c : c.withEpochs(epochs);
                c = learningRate == null ? c : c.withLearningRate(learningRate);
                c = regularization == null ? c : c.withRegularization(regularization);
                c = seed == null ? c : c.withSeed(seed);
                c = threads == null ? c : c.withThreads(threads);
                c = schedule == null ? c : c.withSchedule(Schedule.parse(schedule));
                c = blocks == null ? c : c.withBlocks(blocks);
                yield new FunkSvdTrainer(c.withEarlyStopping(stopping));
            }
            case SvdppTrainer.ALGORITHM -> {
                rejectThreads(name);
                SvdppConfig c = SvdppConfig.defaults();
                c = factors == null ? c : c.withFactors(factors);
                c = epochs == null ? c : c.withEpochs(epochs);
                c = learningRate == null ? c : c.withLearningRate(learningRate);
                c = regularization == null ? c : c.withRegFactors(regularization);
                c = regBias == null ? c : c.withRegBias(regBias);
                c = regImplicit == null ? c : c.withRegImplicit(regImplicit);
                c = seed == null ? c : c.withSeed(seed);
                yield new SvdppTrainer(c.withEarlyStopping(stopping));
            }
            case AlsTrainer.ALGORITHM -> {
                AlsConfig c = AlsConfig.defaults();
                c = factors == null ? c : c.withFactors(factors);
                c = epochs == null ? c : c.withEpochs(epochs);
                c = regularization == null ? c : c.withRegFactors(regularization);
                c = regBias == null ? c : c.withRegBias(regBias);
                c = seed == null ? c : c.withSeed(seed);
                c = threads == null ? c : c.withThreads(threads);
                yield new AlsTrainer(c.withEarlyStopping(stopping));
            }
            case NmfTrainer.ALGORITHM -> {
                rejectThreads(name);
                if (stopping.enabled()) {
                    throw new CliException("nmf has no early stopping; set --epochs instead");
                }
                NmfConfig c = NmfConfig.defaults();
                c = factors == null ? c : c.withFactors(factors);
                c = epochs == null ? c : c.withEpochs(epochs);
                c = regularization == null ? c : c.withRegUser(regularization).withRegItem(regularization);
                c = seed == null ? c : c.withSeed(seed);
                yield new NmfTrainer(c);
            }
            case ImplicitAlsTrainer.ALGORITHM -> {
                ImplicitAlsConfig c = ImplicitAlsConfig.defaults();
                c = factors == null ? c : c.withFactors(factors);
                c = epochs == null ? c : c.withEpochs(epochs);
                c = regularization == null ? c : c.withRegularization(regularization);
                c = alpha == null ? c : c.withAlpha(alpha);
                c = confidence == null ? c : c.withConfidence(parseConfidence(confidence));
                c = solver == null ? c : c.withSolver(parseSolver(solver));
                c = cgSteps == null ? c : c.withCgSteps(cgSteps);
                c = seed == null ? c : c.withSeed(seed);
                c = threads == null ? c : c.withThreads(threads);
                yield new ImplicitAlsTrainer(c);
            }
            case BprTrainer.ALGORITHM -> {
                BprConfig c = BprConfig.defaults();
                c = factors == null ? c : c.withFactors(factors);
                c = epochs == null ? c : c.withEpochs(epochs);
                c = learningRate == null ? c : c.withLearningRate(learningRate);
                c = regularization == null ? c : c.withRegularization(regularization);
                c = seed == null ? c : c.withSeed(seed);
                c = threads == null ? c : c.withThreads(threads);
                yield new BprTrainer(c);
            }
            default -> throw new CliException("unknown --algo '" + name + "'; choose one of " + ALGORITHMS);
        };
    }

    private void rejectThreads(String name) {
        if (threads != null && threads != 1) {
            throw new CliException("--threads " + threads + ": " + name + " trains on one thread");
        }
    }

    private static ImplicitAlsConfig.Confidence parseConfidence(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "log" -> ImplicitAlsConfig.Confidence.LOG;
            case "linear" -> ImplicitAlsConfig.Confidence.LINEAR;
            default -> throw new CliException("invalid --confidence '" + text + "'; choose log or linear");
        };
    }

    private static ImplicitAlsConfig.Solver parseSolver(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "cg" -> ImplicitAlsConfig.Solver.CG;
            case "cholesky" -> ImplicitAlsConfig.Solver.CHOLESKY;
            default -> throw new CliException("invalid --solver '" + text + "'; choose cg or cholesky");
        };
    }

    /** True when any model option was given, so commands that load a model can reject them. */
    boolean anySet() {
        return factors != null || epochs != null || learningRate != null || regularization != null || regBias != null
                || regImplicit != null || seed != null || threads != null || schedule != null || blocks != null
                || alpha != null || confidence != null || solver != null || cgSteps != null || algorithm != null || implicit;
    }
}
