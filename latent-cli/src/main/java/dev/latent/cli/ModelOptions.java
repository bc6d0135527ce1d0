package dev.latent.cli;

import dev.latent.train.EarlyStopping;
import dev.latent.train.Trainer;
import dev.latent.train.sgd.BiasedMfConfig;
import dev.latent.train.sgd.BiasedMfTrainer;
import dev.latent.train.sgd.FunkSvdConfig;
import dev.latent.train.sgd.FunkSvdTrainer;
import dev.latent.train.sgd.Schedule;

import picocli.CommandLine.Option;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The model options that train, evaluate and demo share; an unset option keeps the algorithm's default. */
final class ModelOptions {
    static final String ALGORITHMS = "biased-mf, funk-svd";

    @Option(names = "--algo", paramLabel = "ALGO", defaultValue = BiasedMfTrainer.ALGORITHM,
            description = "Algorithm: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = Algorithms.class)
    String algorithm;

    @Option(names = "--factors", paramLabel = "K", description = "Number of latent factors (default 100).")
    Integer factors;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training data (default: biased-mf 30, funk-svd 50).")
    Integer epochs;

    @Option(names = "--lr", paramLabel = "X", description = "SGD learning rate η (default: biased-mf 0.05, funk-svd 0.01).")
    Float learningRate;

    @Option(names = "--reg", paramLabel = "X", description = "L2 regularisation λ of the factors (default 0.1).")
    Float regularization;

    @Option(names = "--reg-bias", paramLabel = "X",
            description = "L2 regularisation of the biases, biased-mf only (default 0.01).")
    Float regBias;

    @Option(names = "--schedule", paramLabel = "S",
            description = "Step sizes: adagrad (per-vector AdaGrad), constant, decay or decay:RATE (η/(1+RATE·(t−1))) "
                    + "(default: biased-mf adagrad, funk-svd constant).")
    String schedule;

    @Option(names = "--blocks", paramLabel = "B",
            description = "Grid size of the parallel SGD loop, B × B blocks (default: from the threads and the data).")
    Integer blocks;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed; same data, seed and threads give the same model (default 42).")
    Long seed;

    @Option(names = "--threads", paramLabel = "T",
            description = "Worker threads (default: the available cores).")
    Integer threads;

    /** Lists the algorithm names for --help. */
    static final class Algorithms implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of(BiasedMfTrainer.ALGORITHM, FunkSvdTrainer.ALGORITHM).iterator();
        }
    }

    /** Config parameter name → the option that sets it, for error messages. */
    private static final Map<String, String> OPTION_OF = Map.ofEntries(
            Map.entry("factors", "--factors"), Map.entry("epochs", "--epochs"), Map.entry("learningRate", "--lr"),
            Map.entry("regFactors", "--reg"), Map.entry("regularization", "--reg"), Map.entry("regBias", "--reg-bias"),
            Map.entry("threads", "--threads"), Map.entry("blocks", "--blocks"), Map.entry("decay", "--schedule"),
            Map.entry("schedule", "--schedule"));

    /** The configured trainer; an invalid value fails naming the option, the parameter and the value. */
    Trainer trainer() {
        return trainer(EarlyStopping.OFF);
    }

    /** The configured trainer with a stopping rule, which applies when training gets a validation list. */
    Trainer trainer(EarlyStopping stopping) {
        try {
            return configuredTrainer(stopping);
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            String parameter = message.split(" ", 2)[0];
            String option = OPTION_OF.get(parameter);
            throw new CliException(option == null ? message : "invalid " + option + ": " + message);
        }
    }

    private Trainer configuredTrainer(EarlyStopping stopping) {
        return switch (algorithm) {
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
                if (regBias != null) {
                    throw new CliException("--reg-bias applies to biased-mf only; funk-svd has no biases");
                }
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
            default -> throw new CliException("unknown --algo '" + algorithm + "'; choose one of " + ALGORITHMS);
        };
    }

    /** True when any model option was given, so commands that load a model can reject them. */
    boolean anySet() {
        return factors != null || epochs != null || learningRate != null || regularization != null || regBias != null
                || seed != null || threads != null || schedule != null || blocks != null || !BiasedMfTrainer.ALGORITHM.equals(algorithm);
    }
}
