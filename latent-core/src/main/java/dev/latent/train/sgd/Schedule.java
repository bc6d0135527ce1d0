package dev.latent.train.sgd;

import java.util.Locale;

/**
 * How the SGD step size evolves, the variation point between a fixed rate and an adaptive one.
 *
 * <ul>
 * <li>{@link Constant}: η in every epoch;</li>
 * <li>{@link InverseDecay}: η / (1 + rate·(t − 1)) in epoch t;</li>
 * <li>{@link AdaGrad}: per-vector AdaGrad as in LIBMF (Chin, Zhuang, Juan, Lin, "A
 *     Learning-Rate Schedule for Stochastic Gradient Methods to Matrix Factorization", PAKDD
 *     2015): each user and item vector, and each bias, keeps the running sum G of its mean squared
 *     gradient, starting at 1, and steps with η / √G.</li>
 * </ul>
 */
public sealed interface Schedule {

    /** The name {@link #parse} reads back, such as {@code "adagrad"} or {@code "decay:0.1"}. */
    String text();

    /** The base step size of epoch {@code epoch} (1-based), before any per-vector adaptation. */
    float rate(float eta, int epoch);

    record Constant() implements Schedule {
        @Override
        public String text() {
            return "constant";
        }

        @Override
        public float rate(float eta, int epoch) {
            return eta;
        }
    }

    record InverseDecay(float decay) implements Schedule {
        public InverseDecay {
            if (!(decay > 0) || !Float.isFinite(decay)) {
                throw new IllegalArgumentException("decay must be a positive finite number but was " + decay);
            }
        }

        @Override
        public String text() {
            return "decay:" + decay;
        }

        @Override
        public float rate(float eta, int epoch) {
            return eta / (1f + decay * (epoch - 1));
        }
    }

    record AdaGrad() implements Schedule {
        @Override
        public String text() {
            return "adagrad";
        }

        @Override
        public float rate(float eta, int epoch) {
            return eta;
        }
    }

    /** Reads {@code constant}, {@code decay} (rate 0.1), {@code decay:RATE} or {@code adagrad}. */
    static Schedule parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.equals("constant")) {
            return new Constant();
        }
        if (s.equals("adagrad")) {
            return new AdaGrad();
        }
        if (s.equals("decay")) {
            return new InverseDecay(0.1f);
        }
        if (s.startsWith("decay:")) {
            try {
                return new InverseDecay(Float.parseFloat(s.substring("decay:".length())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("schedule '" + text + "': the decay rate is not a number");
            }
        }
        throw new IllegalArgumentException("unknown schedule '" + text + "'; expected constant, decay, decay:RATE or adagrad");
    }
}
