package dev.latent.cli;

import dev.latent.train.EarlyStopping;
import dev.latent.train.Trainer;
import dev.latent.train.sgd.BiasedMfConfig;
import dev.latent.train.sgd.BiasedMfTrainer;
import dev.latent.train.sgd.FunkSvdConfig;
import dev.latent.train.sgd.FunkSvdTrainer;

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

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training data (default 50).")
    Integer epochs;

    @Option(names = "--lr", paramLabel = "X", description = "SGD learning rate η (default 0.01).")
    Float learningRate;

    @Option(names = "--reg", paramLabel = "X", description = "L2 regularisation λ of the factors (default 0.1).")
    Float regularization;

    @Option(names = "--reg-bias", paramLabel = "X",
            description = "L2 regularisation of the biases, biased-mf only (default 0.05).")
    Float regBias;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed; same data, seed and threads give the same model (default 42).")
    Long seed;

    @Option(names = "--threads", paramLabel = "T",
            description = "Worker threads (default 1; the SGD loop is sequential in this version).")
    Integer threads;

    /** Lists the algorithm names for --help. */
    static final class Algorithms implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of(BiasedMfTrainer.ALGORITHM, FunkSvdTrainer.ALGORITHM).iterator();
        }
    }

    /** Config parameter name → the option that sets it, for error messages. */
    private static final Map<String, String> OPTION_OF = Map.of(
            "factors", "--factors", "epochs", "--epochs", "learningRate", "--lr", "regFactors", "--reg",
            "regularization", "--reg", "regBias", "--reg-bias", "threads", "--threads");

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
                yield new FunkSvdTrainer(c.withEarlyStopping(stopping));
            }
            default -> throw new CliException("unknown --algo '" + algorithm + "'; choose one of " + ALGORITHMS);
        };
    }

    /** True when any model option was given, so commands that load a model can reject them. */
    boolean anySet() {
        return factors != null || epochs != null || learningRate != null || regularization != null || regBias != null
                || seed != null || threads != null || !BiasedMfTrainer.ALGORITHM.equals(algorithm);
    }
}
