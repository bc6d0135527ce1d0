package dev.latent.tune;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * {@code trials} configurations drawn at random (Bergstra and Bengio 2012), in one batch. Per axis:
 * <ul>
 *   <li>two integers {@code lo,hi}: a uniform integer in [lo, hi];</li>
 *   <li>two decimals {@code lo,hi}: log-uniform in [lo, hi] when the name is on the log scale
 *       (lr, alpha, reg and reg-*; both bounds positive), else uniform; rounded to 3 significant
 *       digits;</li>
 *   <li>one value, or more than two, or two that are not numbers: a set, each value equally likely.</li>
 * </ul>
 * A draw equal to an earlier one is drawn again, so fewer than {@code trials} configurations come
 * out only when the space holds fewer.
 */
public final class RandomSearch implements Search {
    /** The names sampled log-uniformly: learning rate, regularisation and confidence slope. */
    public static final Predicate<String> LOG_SCALE =
            name -> name.equals("lr") || name.equals("alpha") || name.equals("reg") || name.startsWith("reg-");
    private static final int DRAWS_PER_TRIAL = 100;

    private final ParameterSpace space;
    private final int trials;
    private final long seed;
    private final Predicate<String> logScale;
    private boolean proposed;

    public RandomSearch(ParameterSpace space, int trials, long seed) {
        this(space, trials, seed, LOG_SCALE);
    }

    public RandomSearch(ParameterSpace space, int trials, long seed, Predicate<String> logScale) {
        if (trials < 1) {
            throw new IllegalArgumentException("trials must be positive but was " + trials);
        }
        this.space = space;
        this.trials = trials;
        this.seed = seed;
        this.logScale = logScale;
    }

    @Override
    public List<Configuration> next(List<TrialResult> results) {
        if (proposed) {
            return List.of();
        }
        proposed = true;
        SplittableRandom random = new SplittableRandom(seed);
        Set<Configuration> seen = new HashSet<>();
        List<Configuration> drawn = new ArrayList<>();
        for (int draw = 0; draw < trials * DRAWS_PER_TRIAL && drawn.size() < trials; draw++) {
            SequencedMap<String, String> values = new LinkedHashMap<>();
            for (ParameterSpace.Axis axis : space.axes()) {
                values.put(axis.name(), sample(axis, random));
            }
            Configuration configuration = new Configuration(values);
            if (seen.add(configuration)) {
                drawn.add(configuration);
            }
        }
        return drawn;
    }

    @Override
    public long maxTrials() {
        return trials;
    }

    private String sample(ParameterSpace.Axis axis, SplittableRandom random) {
        List<String> values = axis.values();
        if (values.size() == 2) {
            Long lowInt = integer(values.get(0));
            Long highInt = integer(values.get(1));
            if (lowInt != null && highInt != null) {
                long low = Math.min(lowInt, highInt);
                long high = Math.max(lowInt, highInt);
                return Long.toString(low + random.nextLong(high - low + 1));
            }
            Double lowNumber = number(values.get(0));
            Double highNumber = number(values.get(1));
            if (lowNumber != null && highNumber != null) {
                double low = Math.min(lowNumber, highNumber);
                double high = Math.max(lowNumber, highNumber);
                double u = random.nextDouble();
                double x = logScale.test(axis.name()) && low > 0
                        ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low)))
                        : low + u * (high - low);
                double rounded = new BigDecimal(x).round(new MathContext(3)).doubleValue();
                return format(Math.min(high, Math.max(low, rounded)));
            }
        }
        return values.get(random.nextInt(values.size()));
    }

    private static String format(double x) {
        return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    private static Long integer(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double number(String text) {
        try {
            double x = Double.parseDouble(text);
            return Double.isFinite(x) ? x : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
