package dev.latent.train;

import dev.latent.model.FactorModel;
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

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * Rebuilds a trainer from the algorithm name, parameter map and seed a {@link FactorModel}
 * stores, so that a model can be retrained "like" an earlier one on new data.
 *
 * <p>{@link #of} inverts every config's {@code parameters()}: for a config {@code c} of algorithm
 * {@code a}, {@code of(a, c.parameters(), c.seed()).config().equals(c)}. A parameter missing from
 * the map keeps the value of the config's {@code defaults()}.
 *
 * <p>Design: each algorithm's config is built by one call of its canonical constructor, whose
 * arguments are read from the map, rather than by a chain of {@code withX} copies. Each copy
 * validates, so a chain would reject valid maps whose fields are only valid together: NMF's
 * {@code initLow = 0.8, initHigh = 0.9} fails at {@code withInitLow(0.8)} against the default
 * {@code initHigh = 0.7}. The reader remembers which names it was asked for; any other name in the
 * map is an error, so a parameter can be neither mistyped nor silently dropped.
 */
public final class Trainers {
    private static final List<String> ALGORITHMS = List.of(BiasedMfTrainer.ALGORITHM, FunkSvdTrainer.ALGORITHM,
            SvdppTrainer.ALGORITHM, AlsTrainer.ALGORITHM, NmfTrainer.ALGORITHM, ImplicitAlsTrainer.ALGORITHM,
            BprTrainer.ALGORITHM);

    private Trainers() {
    }

    /** The algorithm names {@link #of} knows, in a fixed order. */
    public static List<String> algorithms() {
        return ALGORITHMS;
    }

    /**
     * The parameter a model trained by another trainer than the algorithm's own records it under
     * (latent-spark's DSGD writes {@code trainer = dsgd}); that trainer's own parameters are named
     * {@code <trainer>.<name>}.
     */
    public static final String TRAINER_PARAMETER = "trainer";

    /**
     * The parameter a model whose factors were rotated after training records the rotation under
     * ({@code dev.latent.explain.FactorRotation}); retraining gives the trainer's own factors.
     */
    public static final String ROTATION_PARAMETER = "rotation";

    /**
     * The single-machine trainer of {@code model}'s algorithm, with the same config and seed. A
     * model trained elsewhere (see {@link #TRAINER_PARAMETER}) is retrained with the same
     * hyper-parameters on this machine: the other trainer's own parameters are set aside, as is a
     * rotation ({@link #ROTATION_PARAMETER}).
     */
    public static Trainer forModel(FactorModel model) {
        Map<String, String> parameters = new LinkedHashMap<>(model.parameters());
        parameters.remove(ROTATION_PARAMETER);
        String trainer = parameters.remove(TRAINER_PARAMETER);
        if (trainer != null) {
            parameters.keySet().removeIf(name -> name.startsWith(trainer + "."));
        }
        return of(model.algorithm(), parameters, model.seed());
    }

    /**
     * The trainer of {@code algorithm} configured by {@code parameters} (names and values as the
     * config's {@code parameters()} writes them; missing names keep the defaults) and {@code seed}.
     *
     * @throws IllegalArgumentException for an unknown algorithm or parameter name, a value that
     *                                  does not parse, or one the config refuses
     */
    public static Trainer of(String algorithm, Map<String, String> parameters, long seed) {
        if (algorithm == null || !ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException("unknown algorithm " + quote(algorithm) + "; known: "
                    + String.join(", ", ALGORITHMS));
        }
        if (parameters == null) {
            throw new IllegalArgumentException("the parameters of " + algorithm + " are missing (null)");
        }
        Reader p = new Reader(algorithm, parameters);
        return switch (algorithm) {
            case BiasedMfTrainer.ALGORITHM -> new BiasedMfTrainer(p.checked(biasedMf(p, seed)));
            case FunkSvdTrainer.ALGORITHM -> new FunkSvdTrainer(p.checked(funkSvd(p, seed)));
            case SvdppTrainer.ALGORITHM -> new SvdppTrainer(p.checked(svdpp(p, seed)));
            case AlsTrainer.ALGORITHM -> new AlsTrainer(p.checked(als(p, seed)));
            case NmfTrainer.ALGORITHM -> new NmfTrainer(p.checked(nmf(p, seed)));
            case ImplicitAlsTrainer.ALGORITHM -> new ImplicitAlsTrainer(p.checked(implicitAls(p, seed)));
            case BprTrainer.ALGORITHM -> new BprTrainer(p.checked(bpr(p, seed)));
            default -> throw new AssertionError(algorithm);
        };
    }

    private static BiasedMfConfig biasedMf(Reader p, long seed) {
        BiasedMfConfig d = BiasedMfConfig.defaults();
        return new BiasedMfConfig(p.integer("factors", d.factors()), p.integer("epochs", d.epochs()),
                p.number("learningRate", d.learningRate()), p.number("regFactors", d.regFactors()),
                p.number("regBias", d.regBias()), p.number("initStd", d.initStd()),
                p.schedule("schedule", d.schedule()), seed, p.integer("threads", d.threads()),
                p.integer("blocks", d.blocks()), p.earlyStopping(d.earlyStopping()));
    }

    private static FunkSvdConfig funkSvd(Reader p, long seed) {
        FunkSvdConfig d = FunkSvdConfig.defaults();
        return new FunkSvdConfig(p.integer("factors", d.factors()), p.integer("epochs", d.epochs()),
                p.number("learningRate", d.learningRate()), p.number("regularization", d.regularization()),
                p.number("initStd", d.initStd()), p.schedule("schedule", d.schedule()), seed,
                p.integer("threads", d.threads()), p.integer("blocks", d.blocks()), p.earlyStopping(d.earlyStopping()));
    }

    private static SvdppConfig svdpp(Reader p, long seed) {
        SvdppConfig d = SvdppConfig.defaults();
        return new SvdppConfig(p.integer("factors", d.factors()), p.integer("epochs", d.epochs()),
                p.number("learningRate", d.learningRate()), p.number("decay", d.decay()),
                p.number("regFactors", d.regFactors()), p.number("regImplicit", d.regImplicit()),
                p.number("regBias", d.regBias()), p.number("initStd", d.initStd()), seed,
                p.earlyStopping(d.earlyStopping()));
    }

    private static AlsConfig als(Reader p, long seed) {
        AlsConfig d = AlsConfig.defaults();
        return new AlsConfig(p.integer("factors", d.factors()), p.integer("epochs", d.epochs()),
                p.number("regFactors", d.regFactors()), p.number("regBias", d.regBias()),
                p.number("initStd", d.initStd()), seed, p.integer("threads", d.threads()),
                p.earlyStopping(d.earlyStopping()));
    }

    private static NmfConfig nmf(Reader p, long seed) {
        NmfConfig d = NmfConfig.defaults();
        return new NmfConfig(p.integer("factors", d.factors()), p.integer("epochs", d.epochs()),
                p.number("regUser", d.regUser()), p.number("regItem", d.regItem()),
                p.number("initLow", d.initLow()), p.number("initHigh", d.initHigh()), seed);
    }

    private static ImplicitAlsConfig implicitAls(Reader p, long seed) {
        ImplicitAlsConfig d = ImplicitAlsConfig.defaults();
        return new ImplicitAlsConfig(p.integer("factors", d.factors()), p.integer("epochs", d.epochs()),
                p.number("regularization", d.regularization()), p.number("alpha", d.alpha()),
                p.choice("confidence", d.confidence(), ImplicitAlsConfig.Confidence.values(),
                        ImplicitAlsConfig.Confidence::text),
                p.choice("solver", d.solver(), ImplicitAlsConfig.Solver.values(), ImplicitAlsConfig.Solver::text),
                p.integer("cgSteps", d.cgSteps()), p.number("initStd", d.initStd()), seed,
                p.integer("threads", d.threads()));
    }

    private static BprConfig bpr(Reader p, long seed) {
        BprConfig d = BprConfig.defaults();
        return new BprConfig(p.integer("factors", d.factors()), p.integer("epochs", d.epochs()),
                p.number("learningRate", d.learningRate()), p.number("regularization", d.regularization()),
                p.number("initStd", d.initStd()), seed, p.integer("threads", d.threads()));
    }

    private static String quote(String text) {
        return text == null ? "null" : "'" + text + "'";
    }

    /**
     * Reads one algorithm's parameter map by name, each value in the form {@code parameters()}
     * writes it, and remembers the names asked for so that {@link #checked} can reject the rest.
     */
    private static final class Reader {
        private final String algorithm;
        private final Map<String, String> values;
        private final Set<String> known = new LinkedHashSet<>();

        Reader(String algorithm, Map<String, String> values) {
            this.algorithm = algorithm;
            this.values = values;
        }

        int integer(String name, int fallback) {
            String text = text(name);
            if (text == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw invalid(name, "an integer", text);
            }
        }

        float number(String name, float fallback) {
            String text = text(name);
            if (text == null) {
                return fallback;
            }
            try {
                return Float.parseFloat(text);
            } catch (NumberFormatException e) {
                throw invalid(name, "a number", text);
            }
        }

        Schedule schedule(String name, Schedule fallback) {
            String text = text(name);
            if (text == null) {
                return fallback;
            }
            try {
                return Schedule.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("parameter " + name + " of " + algorithm + ": " + e.getMessage(), e);
            }
        }

        <E> E choice(String name, E fallback, E[] options, Function<E, String> text) {
            String given = text(name);
            if (given == null) {
                return fallback;
            }
            StringJoiner names = new StringJoiner(", ", "one of ", "");
            for (E option : options) {
                if (text.apply(option).equalsIgnoreCase(given)) {
                    return option;
                }
                names.add(text.apply(option));
            }
            throw invalid(name, names.toString(), given);
        }

        /**
         * The stopping rule from its patience and, when given, its minDelta; without a minDelta,
         * the rule {@link EarlyStopping#forPatience} makes of the patience, as {@code
         * EarlyStopping.putParameters} leaves it out exactly then. Neither given: {@code fallback}.
         */
        EarlyStopping earlyStopping(EarlyStopping fallback) {
            String patienceText = text(EarlyStopping.PATIENCE_PARAMETER);
            String minDeltaText = text(EarlyStopping.MIN_DELTA_PARAMETER);
            if (patienceText == null && minDeltaText == null) {
                return fallback;
            }
            int patience = integer(EarlyStopping.PATIENCE_PARAMETER, fallback.patience());
            if (patience < 0) {
                throw invalid(EarlyStopping.PATIENCE_PARAMETER, "non-negative", patienceText);
            }
            if (minDeltaText == null) {
                return EarlyStopping.forPatience(patience);
            }
            double minDelta;
            try {
                minDelta = Double.parseDouble(minDeltaText);
            } catch (NumberFormatException e) {
                throw invalid(EarlyStopping.MIN_DELTA_PARAMETER, "a number", minDeltaText);
            }
            if (!(minDelta >= 0)) {
                throw invalid(EarlyStopping.MIN_DELTA_PARAMETER, "non-negative", minDeltaText);
            }
            return new EarlyStopping(patience, minDelta);
        }

        /** {@code config}, once every name in the map has been read. */
        <C> C checked(C config) {
            for (String name : values.keySet()) {
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("unknown parameter " + quote(name) + " of " + algorithm
                            + "; known: " + String.join(", ", known));
                }
            }
            return config;
        }

        private String text(String name) {
            known.add(name);
            String text = values.get(name);
            if (text == null && values.containsKey(name)) {
                throw invalid(name, "given", null);
            }
            return text;
        }

        private IllegalArgumentException invalid(String name, String expected, String text) {
            return new IllegalArgumentException("parameter " + name + " of " + algorithm + " must be " + expected
                    + " but was " + quote(text));
        }
    }
}
