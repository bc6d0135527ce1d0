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
 * @param alpha          confidence slope α: an observed strength r has confidence {@code 1 + α·r}
 * @param solver         how each row's k × k system is solved
 * @param cgSteps        conjugate gradient steps per row and half-iteration (used by {@link Solver#CG})
 * @param initStd        standard deviation of the Gaussian the factors are drawn from
 * @param seed           the one seed of the run
 * @param threads        worker threads; the model does not depend on their number
 */
public record ImplicitAlsConfig(int factors, int epochs, float regularization, float alpha, Solver solver,
                                int cgSteps, float initStd, long seed, int threads)
        implements TrainerConfig {

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
        Objects.requireNonNull(solver, "solver");
        ConfigChecks.positive("cgSteps", cgSteps);
        ConfigChecks.positive("initStd", initStd);
        ConfigChecks.positive("threads", threads);
    }

    /**
     * Defaults for play counts and other positive strengths: k = 64, 15 iterations, λ = 1,
     * α = 0.1, three CG steps per row, factors drawn from N(0, 0.01²), one thread per core.
     *
     * <p>Chosen by leave-one-out NDCG@10 (one interaction per user held out: a random one on
     * Last.fm, the latest on MovieLens; every item the user has not interacted with ranked) on
     * Last.fm play counts (1 to 352,698 a pair) and MovieLens 100K ratings taken as strengths
     * (1 to 5), against a most-popular ranking at 0.0382 and 0.0253. α is the one that matters, and the two data sets
     * pull it apart, since it multiplies the raw strength: Last.fm is best near α = 0.01 (0.140)
     * and falls to 0.058 at α = 1, MovieLens is best near α = 1 (0.043) and falls to 0.036 at
     * α = 0.01. α = 0.1 keeps both well above most-popular: Last.fm 0.1187 (3.1×), MovieLens
     * 0.0405 (1.6×). At α = 0.1, λ from 0.1 to 10, 15 or 30 iterations and exact Cholesky
     * solves all land within the noise of the MovieLens figure (±0.005 for 943 users), k = 32
     * loses on Last.fm (0.104), and λ = 30 loses on MovieLens (0.032). Data on another scale wants
     * α rescaled: α·r of a typical strength near 1 to 10 is a fair start.
     */
    public static ImplicitAlsConfig defaults() {
        return new ImplicitAlsConfig(64, 15, 1f, 0.1f, Solver.CG, 3, 0.01f, 42L,
                Runtime.getRuntime().availableProcessors());
    }

    public ImplicitAlsConfig withFactors(int value) {
        return new ImplicitAlsConfig(value, epochs, regularization, alpha, solver, cgSteps, initStd, seed, threads);
    }

    public ImplicitAlsConfig withEpochs(int value) {
        return new ImplicitAlsConfig(factors, value, regularization, alpha, solver, cgSteps, initStd, seed, threads);
    }

    public ImplicitAlsConfig withRegularization(float value) {
        return new ImplicitAlsConfig(factors, epochs, value, alpha, solver, cgSteps, initStd, seed, threads);
    }

    public ImplicitAlsConfig withAlpha(float value) {
        return new ImplicitAlsConfig(factors, epochs, regularization, value, solver, cgSteps, initStd, seed, threads);
    }

    public ImplicitAlsConfig withSolver(Solver value) {
        return new ImplicitAlsConfig(factors, epochs, regularization, alpha, value, cgSteps, initStd, seed, threads);
    }

    public ImplicitAlsConfig withCgSteps(int value) {
        return new ImplicitAlsConfig(factors, epochs, regularization, alpha, solver, value, initStd, seed, threads);
    }

    public ImplicitAlsConfig withInitStd(float value) {
        return new ImplicitAlsConfig(factors, epochs, regularization, alpha, solver, cgSteps, value, seed, threads);
    }

    public ImplicitAlsConfig withSeed(long value) {
        return new ImplicitAlsConfig(factors, epochs, regularization, alpha, solver, cgSteps, initStd, value, threads);
    }

    public ImplicitAlsConfig withThreads(int value) {
        return new ImplicitAlsConfig(factors, epochs, regularization, alpha, solver, cgSteps, initStd, seed, value);
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("factors", Integer.toString(factors));
        map.put("epochs", Integer.toString(epochs));
        map.put("regularization", Float.toString(regularization));
        map.put("alpha", Float.toString(alpha));
        map.put("solver", solver.text());
        map.put("cgSteps", Integer.toString(cgSteps));
        map.put("initStd", Float.toString(initStd));
        map.put("threads", Integer.toString(threads));
        return map;
    }
}
