package dev.latent.train.als;

import dev.latent.train.als.ImplicitAlsConfig.Confidence;
import dev.latent.train.als.ImplicitAlsConfig.Solver;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImplicitAlsConfigTest {

    private static void rejects(String message, Supplier<ImplicitAlsConfig> config) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, config::get);
        assertEquals(message, e.getMessage());
    }

    @Test
    void constructor_badValues_throwNamingParameterAndValue() {
        ImplicitAlsConfig d = ImplicitAlsConfig.defaults();
        rejects("factors must be positive but was 0", () -> d.withFactors(0));
        rejects("epochs must be positive but was 0", () -> d.withEpochs(0));
        rejects("regularization must be a positive finite number but was 0.0", () -> d.withRegularization(0));
        rejects("alpha must be a non-negative finite number but was -0.5", () -> d.withAlpha(-0.5f));
        rejects("cgSteps must be positive but was 0", () -> d.withCgSteps(0));
        rejects("initStd must be a positive finite number but was NaN", () -> d.withInitStd(Float.NaN));
        rejects("threads must be positive but was -2", () -> d.withThreads(-2));
        assertThrows(NullPointerException.class, () -> d.withSolver(null));
    }

    @Test
    void defaults_measuredValues() {
        ImplicitAlsConfig d = ImplicitAlsConfig.defaults();

        assertEquals(64, d.factors());
        assertEquals(15, d.epochs());
        assertEquals(10f, d.regularization());
        assertEquals(1f, d.alpha());
        assertEquals(Confidence.LOG, d.confidence());
        assertEquals(Solver.CG, d.solver());
        assertEquals(3, d.cgSteps());
        assertEquals(0.01f, d.initStd());
        assertEquals(42L, d.seed());
        assertEquals(Runtime.getRuntime().availableProcessors(), d.threads());
    }

    @Test
    void withers_changeOneFieldEach() {
        ImplicitAlsConfig c = ImplicitAlsConfig.defaults().withFactors(8).withEpochs(4).withRegularization(0.3f)
                .withAlpha(5f).withConfidence(Confidence.LINEAR).withSolver(Solver.CHOLESKY).withCgSteps(6).withInitStd(0.5f).withSeed(1).withThreads(3);

        assertEquals(new ImplicitAlsConfig(8, 4, 0.3f, 5f, Confidence.LINEAR, Solver.CHOLESKY, 6, 0.5f, 1, 3), c);
    }

    @Test
    void parameters_everyFieldButTheSeedInDeclarationOrder() {
        ImplicitAlsConfig c = new ImplicitAlsConfig(8, 4, 0.3f, 5f, Confidence.LINEAR, Solver.CHOLESKY, 6, 0.5f, 1, 3);

        assertEquals(List.of("factors", "epochs", "regularization", "alpha", "confidence", "solver", "cgSteps", "initStd", "threads"),
                List.copyOf(c.parameters().keySet()));
        assertEquals(List.of("8", "4", "0.3", "5.0", "linear", "cholesky", "6", "0.5", "3"), List.copyOf(c.parameters().values()));
    }

    @Test
    void confidenceWeight_linearOrLogOfTheStrength() {
        ImplicitAlsConfig c = ImplicitAlsConfig.defaults().withAlpha(2f);

        assertEquals(2f * 9f, c.withConfidence(Confidence.LINEAR).confidenceWeight(9f), 1e-6f);
        assertEquals(2f * (float) Math.log(10), c.withConfidence(Confidence.LOG).confidenceWeight(9f), 1e-6f);
        assertEquals("log", Confidence.LOG.text());
    }

    @Test
    void solverText_lowerCase() {
        assertEquals("cg", Solver.CG.text());
        assertEquals("cholesky", Solver.CHOLESKY.text());
    }
}
