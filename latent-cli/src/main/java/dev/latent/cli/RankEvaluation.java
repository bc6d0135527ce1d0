package dev.latent.cli;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.data.ReadOptions;
import dev.latent.data.Timestamps;
import dev.latent.eval.rank.ItemScorer;
import dev.latent.eval.rank.MostPopular;
import dev.latent.eval.rank.RankingEvaluator;
import dev.latent.eval.rank.RankingMetrics;
import dev.latent.eval.split.LeaveOneOutSplitter;
import dev.latent.eval.split.Splitter;
import dev.latent.eval.split.TemporalSplitter;
import dev.latent.eval.split.UserHoldoutSplitter;
import dev.latent.model.FactorModel;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.IntBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The ranking side of {@code latent evaluate --task rank}: the {@code --split} grammar, and the
 * model's top-N metrics printed beside the most-popular baseline's.
 */
final class RankEvaluation {
    static final String SPLITS = "leave-one-out, user-fraction:X, user-count:N or temporal:X";

    private RankEvaluation() {
    }

    /**
     * The splitter {@code spec} names. Leave-one-out holds out each user's latest interaction when
     * the file has timestamps and a random one otherwise; temporal needs timestamps.
     */
    static Splitter splitter(String spec, Path file, ReadOptions options, RatingMatrix data, long seed) throws IOException {
        String name = spec;
        String argument = null;
        int colon = spec.indexOf(':');
        if (colon >= 0) {
            name = spec.substring(0, colon);
            argument = spec.substring(colon + 1);
        }
        try {
            return switch (name) {
                case "leave-one-out" -> {
                    noArgument(spec, argument);
                    Optional<Timestamps> times = Timestamps.read(file, options, data);
                    yield times.map(t -> LeaveOneOutSplitter.latest(t, seed)).orElseGet(() -> LeaveOneOutSplitter.random(seed));
                }
                case "user-fraction" -> UserHoldoutSplitter.fraction(number(spec, argument), seed);
                case "user-count" -> UserHoldoutSplitter.count(count(spec, argument), seed);
                case "temporal" -> {
                    double fraction = number(spec, argument);
                    Timestamps times = Timestamps.read(file, options, data).orElseThrow(() -> new CliException(
                            "--split " + spec + " needs timestamps, and " + file + " has no fourth column"));
                    yield new TemporalSplitter(fraction, times);
                }
                default -> throw new CliException("invalid --split '" + spec + "'; use " + SPLITS);
            };
        } catch (IllegalArgumentException e) {
            throw new CliException("invalid --split '" + spec + "': " + e.getMessage());
        }
    }

    private static void noArgument(String spec, String argument) {
        if (argument != null) {
            throw new CliException("invalid --split '" + spec + "': leave-one-out takes no value");
        }
    }

    private static double number(String spec, String argument) {
        try {
            return Double.parseDouble(require(spec, argument));
        } catch (NumberFormatException e) {
            throw new CliException("invalid --split '" + spec + "': '" + argument + "' is not a number");
        }
    }

    private static int count(String spec, String argument) {
        try {
            return Integer.parseInt(require(spec, argument));
        } catch (NumberFormatException e) {
            throw new CliException("invalid --split '" + spec + "': '" + argument + "' is not a whole number");
        }
    }

    private static String require(String spec, String argument) {
        if (argument == null || argument.isEmpty()) {
            throw new CliException("invalid --split '" + spec + "': give a value after the colon, as in " + SPLITS);
        }
        return argument;
    }

    /** A saved model's training interactions (from its seen items), for exclusion and the baseline. */
    static RatingMatrix seenMatrix(FactorModel model) {
        IntBuffer starts = model.seenStarts();
        IntBuffer items = model.seenItems();
        int count = items.remaining();
        int[] us = new int[count];
        int[] is = new int[count];
        float[] vs = new float[count];
        for (int u = 0; u + 1 < starts.remaining(); u++) {
            for (int p = starts.get(u); p < starts.get(u + 1); p++) {
                us[p] = u;
                is[p] = items.get(p);
                vs[p] = 1f;
            }
        }
        return RatingMatrix.of(model.users(), model.items(), new RatingList(us, is, vs));
    }

    /** The model's and the baseline's metrics on one train/test pair. */
    record Result(RankingMetrics model, RankingMetrics baseline, double seconds) {
    }

    static Result evaluate(RankingEvaluator evaluator, FactorModel model, RatingMatrix train, RatingList test) {
        long started = System.nanoTime();
        RankingMetrics metrics;
        try {
            metrics = evaluator.evaluate(ItemScorer.of(model), train, test);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        RankingMetrics baseline = evaluator.evaluate(MostPopular.fit(train), train, test);
        return new Result(metrics, baseline, (System.nanoTime() - started) / 1e9);
    }

    static Map<String, Object> json(Result result, String algorithm, Map<String, String> parameters, String split,
                                    int sampledNegatives, double trainSeconds) {
        Map<String, Object> out = new LinkedHashMap<>(result.model().asMap());
        Map<String, Object> baseline = new LinkedHashMap<>();
        baseline.put("name", MostPopular.NAME);
        baseline.putAll(result.baseline().asMap());
        out.put("baseline", baseline);
        out.put("k", result.model().k());
        out.put("users", result.model().users());
        out.put("skipped_test_ratings", result.model().skippedRatings());
        out.put("split", split);
        out.put("sampled_negatives", sampledNegatives);
        out.put("algorithm", algorithm);
        out.put("parameters", Commands.typed(parameters));
        out.put("train_seconds", trainSeconds);
        out.put("evaluate_seconds", result.seconds());
        return out;
    }

    static void print(PrintWriter out, Result result, String algorithm, Map<String, String> parameters, String title) {
        RankingMetrics m = result.model();
        out.printf("%s (%s)%n%s; %d users ranked%s%n%n", algorithm, Commands.describe(parameters), title, m.users(),
                m.skippedRatings() == 0 ? "" : ", " + m.skippedRatings() + " test ratings skipped (unknown or in training)");
        out.printf("%-14s %10s %14s%n", "metric", algorithm, MostPopular.NAME);
        Map<String, Double> base = result.baseline().asMap();
        m.asMap().forEach((name, value) -> out.printf("%-14s %10.4f %14.4f%n", name, value, base.get(name)));
    }
}
