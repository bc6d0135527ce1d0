package dev.latent.train.als;

import dev.latent.train.ConfigChecks;
import dev.latent.train.TrainerConfig;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of {@link ImplicitAlsTrainer}; validated on construction.
 *
 * @param factors        rank k of the factor matrices
 * @param epochs         iterations, each solving every user row and then every item row
 * @param regularization L2 weight λ on every factor vector (not scaled by the row's count)
 * @param alpha          confidence slope α: an observed strength r has confidence {@code 1 + α·r},
 *                       or {@code 1 + α·log(1 + r)}
 * @param confidence     whether confidence grows with the strength or with its logarithm
 * @param solver         how each row's k × k system is solved
 * @param cgSteps        conjugate gradient steps per row and half-iteration (used by {@link Solver#CG})
 * @param initStd        standard deviation of the Gaussian the factors are drawn from
 * @param seed           the one seed of the run
 * @param threads        worker threads; the model does not depend on their number
 */
public record ImplicitAlsConfig(int factors, int epochs, float regularization, float alpha, Confidence confidence,
                                Solver solver, int cgSteps, float initStd, long seed, int threads)
        implements TrainerConfig {

    /** How an observed strength r becomes a confidence. */
    public enum Confidence {
        /** {@code c = 1 + α·r}: for strengths on a small scale, such as ratings or a few clicks. */
        LINEAR,
        /**
         * {@code c = 1 + α·log(1 + r)} (Hu, Koren, Volinsky's second choice, with ε = 1): for
         * strengths spread over orders of magnitude, such as play counts.
         */
        LOG;

        /** The lower-case name the CLI and model files use, such as {@code log}. */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a row's system {@code (YᵀY + Yᵀ(C_u − I)Y + λI)·x_u = YᵀC_u·p(u)} is solved. */
    public enum Solver {
        /**
         * A few conjugate gradient steps warm-started from the row's current vector, never
         * forming the row's matrix: O(k² + k·n_u) a step (Takács, Pilászy, Tikk, RecSys 2011).
         */
        CG,
        /** The exact solution by Cholesky: forms the row's k × k matrix, O(k²·n_u + k³) a row. */
        CHOLESKY;

        /** The lower-case name the CLI and model files use, such as {@code cg}. */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ImplicitAlsConfig {
        ConfigChecks.positive("factors", factors);
        ConfigChecks.positive("epochs", epochs);
        // λ > 0 keeps every row's system positive definite, however few items are known.
        ConfigChecks.positive("regularization", regularization);
        ConfigChecks.nonNegative("alpha", alpha);
        Objects.requireNonNull(confidence, "confidence");
        Objects.requireNonNull(solver, "solver");
        ConfigChecks.positive("cgSteps", cgSteps);
        ConfigChecks.positive("initStd", initStd);
        ConfigChecks.positive("threads", threads);
    }

    /**
     * Defaults for play counts, ratings taken as strengths and other positive strengths: k = 64,
     * 15 iterations, λ = 10, logarithmic confidence {@code 1 + log(1 + r)} (α = 1), three CG steps
     * per row, factors drawn from N(0, 0.01²), one thread per core.
     *
     * <p>Chosen by leave-one-out NDCG@10 with every item the user has not interacted with ranked
     * ({@code latent evaluate --task rank}: the latest interaction per user on MovieLens 100K
     * ratings taken as strengths, 1 to 5; a random one on Last.fm play counts, 1 to 352,698). With
     * linear confidence the two data sets pull α apart, since it multiplies the raw strength:
     * Last.fm wants α ≈ 0.01 and MovieLens α ≈ 1, and α = 0.1 left MovieLens at 1.44× the
     * most-popular ranking. The logarithm puts both on one scale: MovieLens 0.0762 (1.59× most
     * popular's 0.0479), Last.fm 0.1354 (3.62× its 0.0374). Over α ∈ {0.3, 1, 3, 10} and λ ∈ {1,
     * 10} no other pair did better on both; see the README for the comparison with Spark's ALS.
     */
    public static ImplicitAlsConfig defaults() {
        return new ImplicitAlsConfig(64, 15, 10f, 1f, Confidence.LOG, Solver.CG, 3, 0.01f, 42L,
                Runtime.getRuntime().availableProcessors());
    }

    public ImplicitAlsConfig withFactors(int value) {
        return new ImplicitAlsConfig(value, epochs, regularization, alpha, confidence, solver, cgSteps, initStd, seed, threads);
    }

    public ImplicitAlsConfig withEpochs(int value) {
        return new ImplicitAlsConfig(factors, value, regularization, alpha, confidence, solver, cgSteps, initStd, seed, threads);
    }

    public ImplicitAlsConfig withRegularization(float value) {
        return new ImplicitAlsConfig(factors, epochs, value, alpha, confidence, solver, cgSteps, initStd, seed, threads);
    }

    public ImplicitAlsConfig withAlpha(float value) {
        return new ImplicitAlsConfig(factors, epochs, regularization, value, confidence, solver, cgSteps, initStd, seed, threads);
    }

    public ImplicitAlsConfig withConfidence(Confidence value) {
        return new ImplicitAlsConfig(factors, epochs, regularization, alpha, value, solver, cgSteps, initStd, seed, threads);
    }

    public ImplicitAlsConfig withSolver(Solver value) {
        return new ImplicitAlsConfig(factors, epochs, regularization, alpha, confidence, value, cgSteps, initStd, seed, threads);
    }

    public ImplicitAlsConfig withCgSteps(int value) {
        return new ImplicitAlsConfig(factors, epochs, regularization, alpha, confidence, solver, value, initStd, seed, threads);
    }

    public ImplicitAlsConfig withInitStd(float value) {
        return new ImplicitAlsConfig(factors, epochs, regularization, alpha, confidence, solver, cgSteps, value, seed, threads);
    }

    public ImplicitAlsConfig withSeed(long value) {
        return new ImplicitAlsConfig(factors, epochs, regularization, alpha, confidence, solver, cgSteps, initStd, value, threads);
    }

    public ImplicitAlsConfig withThreads(int value) {
        return new ImplicitAlsConfig(factors, epochs, regularization, alpha, confidence, solver, cgSteps, initStd, seed, value);
    }

    /** {@code c − 1} for an observed strength: α·r, or α·log(1 + r). */
    public float confidenceWeight(float strength) {
        return confidence == Confidence.LOG ? (float) (alpha * Math.log1p(strength)) : alpha * strength;
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("factors", Integer.toString(factors));
        map.put("epochs", Integer.toString(epochs));
        map.put("regularization", Float.toString(regularization));
        map.put("alpha", Float.toString(alpha));
        map.put("confidence", confidence.text());
        map.put("solver", solver.text());
        map.put("cgSteps", Integer.toString(cgSteps));
        map.put("initStd", Float.toString(initStd));
        map.put("threads", Integer.toString(threads));
        return map;
    }
}
