package dev.latent.recommend;

import dev.latent.model.FactorModel;
import dev.latent.train.ConfigChecks;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link FoldIn} regularises a new user's least-squares solve; validated on construction.
 *
 * @param regFactors       λ on the factor vector: weighted by the user's rating count n
 *                         ({@code λ·n·|p|²}, weighted-λ) for an explicit model, plain
 *                         ({@code λ·|x|²}) for an implicit one, as the trainers do
 * @param regBias          λ_b on the user's bias (explicit models with biases only)
 * @param biasPerRating    whether the bias weight is {@code λ_b·n} (as SGD, which regularises at
 *                         every rating, effectively does) or plain {@code λ_b} (as ALS does)
 * @param alpha            confidence slope α of an implicit model (see {@link Confidence})
 * @param confidence       how an implicit model turns a given value into a confidence weight
 */
public record FoldInConfig(float regFactors, float regBias, boolean biasPerRating, float alpha,
                           Confidence confidence) {

    /** What an implicit fold-in adds to a given item's confidence 1, {@code c − 1}, for a value r. */
    public enum Confidence {
        /** {@code α} whatever the value: every given item counts the same. */
        CONSTANT,
        /** {@code α·r}. */
        LINEAR,
        /** {@code α·log(1 + r)}. */
        LOG;

        /** The lower-case name the model files use, such as {@code log}. */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }

        float weight(float alpha, float value) {
            return switch (this) {
                case CONSTANT -> alpha;
                case LINEAR -> alpha * value;
                case LOG -> (float) (alpha * Math.log1p(value));
            };
        }
    }

    /** λ for explicit models whose parameters do not name one: {@code AlsConfig.defaults()}'s. */
    public static final float DEFAULT_REG_FACTORS = 0.12f;
    /** λ_b for explicit models whose parameters do not name one: {@code AlsConfig.defaults()}'s. */
    public static final float DEFAULT_REG_BIAS = 1f;
    /** λ for implicit models whose parameters do not name one: {@code ImplicitAlsConfig.defaults()}'s. */
    public static final float DEFAULT_REG_IMPLICIT = 10f;

    public FoldInConfig {
        // λ > 0 keeps the system positive definite however few items are given.
        ConfigChecks.positive("regFactors", regFactors);
        ConfigChecks.nonNegative("regBias", regBias);
        ConfigChecks.nonNegative("alpha", alpha);
        Objects.requireNonNull(confidence, "confidence");
    }

    /**
     * The regularisation the model was trained with, read from {@link FactorModel#parameters()}:
     * <ul>
     *   <li>{@code als}: regFactors, regBias, plain bias weight;</li>
     *   <li>{@code biased-mf}, {@code svdpp}: regFactors, regBias, bias weight per rating;</li>
     *   <li>{@code funk-svd}: regularization; {@code nmf}: regUser;</li>
     *   <li>{@code ials}: regularization, alpha, confidence ({@code linear} or {@code log});</li>
     *   <li>{@code bpr}: regularization, confidence {@link Confidence#CONSTANT} with α = 1.</li>
     * </ul>
     * A missing, unparsable or negative value falls back to {@link #DEFAULT_REG_FACTORS} (or
     * {@link #DEFAULT_REG_IMPLICIT} for ials and bpr), {@link #DEFAULT_REG_BIAS}, α = 1; so does a
     * factor λ of 0 (a model trained without regularisation), which would leave the solve singular
     * for a user with fewer ratings than factors.
     */
    public static FoldInConfig forModel(FactorModel model) {
        Map<String, String> p = model.parameters();
        boolean implicit = FoldIn.isImplicit(model);
        float regFactors = number(p, "regFactors", number(p, "regularization",
                number(p, "regUser", implicit ? DEFAULT_REG_IMPLICIT : DEFAULT_REG_FACTORS, false), false), false);
        float regBias = number(p, "regBias", DEFAULT_REG_BIAS, true);
        boolean biasPerRating = !model.algorithm().equals("als");
        float alpha = number(p, "alpha", 1f, true);
        Confidence confidence = switch (p.getOrDefault("confidence", "")) {
            case "linear" -> Confidence.LINEAR;
            case "log" -> Confidence.LOG;
            default -> Confidence.CONSTANT;
        };
        return new FoldInConfig(regFactors, regBias, biasPerRating, alpha, confidence);
    }

    /** The named parameter when it parses as a finite number above (or, if {@code zeroAllowed}, at) zero. */
    private static float number(Map<String, String> parameters, String name, float fallback, boolean zeroAllowed) {
        String text = parameters.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            float value = Float.parseFloat(text);
            return Float.isFinite(value) && (value > 0 || zeroAllowed && value == 0) ? value : fallback;
        } catch (NumberFormatException notANumber) {
            return fallback;
        }
    }

    public FoldInConfig withRegFactors(float value) {
        return new FoldInConfig(value, regBias, biasPerRating, alpha, confidence);
    }

    public FoldInConfig withRegBias(float value) {
        return new FoldInConfig(regFactors, value, biasPerRating, alpha, confidence);
    }

    public FoldInConfig withBiasPerRating(boolean value) {
        return new FoldInConfig(regFactors, regBias, value, alpha, confidence);
    }

    public FoldInConfig withAlpha(float value) {
        return new FoldInConfig(regFactors, regBias, biasPerRating, value, confidence);
    }

    public FoldInConfig withConfidence(Confidence value) {
        return new FoldInConfig(regFactors, regBias, biasPerRating, alpha, value);
    }
}
