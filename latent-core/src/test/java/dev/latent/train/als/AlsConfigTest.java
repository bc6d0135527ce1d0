package dev.latent.train.als;

import dev.latent.train.EarlyStopping;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AlsConfigTest {

    private static void rejects(String message, Supplier<AlsConfig> config) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, config::get);
        assertEquals(message, e.getMessage());
    }

    @Test
    void constructor_badValues_throwNamingParameterAndValue() {
        AlsConfig d = AlsConfig.defaults();
        rejects("factors must be positive but was 0", () -> d.withFactors(0));
        rejects("epochs must be positive but was -1", () -> d.withEpochs(-1));
        rejects("regFactors must be a positive finite number but was 0.0", () -> d.withRegFactors(0));
        rejects("regBias must be a non-negative finite number but was -1.0", () -> d.withRegBias(-1));
        rejects("regBias must be a non-negative finite number but was NaN", () -> d.withRegBias(Float.NaN));
        rejects("initStd must be a positive finite number but was Infinity", () -> d.withInitStd(Float.POSITIVE_INFINITY));
        rejects("threads must be positive but was 0", () -> d.withThreads(0));
        assertThrows(NullPointerException.class, () -> d.withEarlyStopping(null));
    }

    @Test
    void defaults_measuredValues() {
        AlsConfig d = AlsConfig.defaults();

        assertEquals(50, d.factors());
        assertEquals(10, d.epochs());
        assertEquals(0.12f, d.regFactors());
        assertEquals(1f, d.regBias());
        assertEquals(0.1f, d.initStd());
        assertEquals(42L, d.seed());
        assertEquals(Runtime.getRuntime().availableProcessors(), d.threads());
        assertEquals(EarlyStopping.OFF, d.earlyStopping());
    }

    @Test
    void withers_changeOneFieldEach() {
        AlsConfig c = AlsConfig.defaults().withFactors(7).withEpochs(3).withRegFactors(0.5f).withRegBias(2f)
                .withInitStd(0.2f).withSeed(9).withThreads(3).withEarlyStopping(EarlyStopping.after(4));

        assertEquals(new AlsConfig(7, 3, 0.5f, 2f, 0.2f, 9, 3, EarlyStopping.after(4)), c);
    }

    @Test
    void parameters_everyFieldButTheSeedInDeclarationOrder() {
        AlsConfig c = new AlsConfig(7, 3, 0.5f, 2f, 0.2f, 9, 3, EarlyStopping.after(4));

        assertEquals(List.of("factors", "epochs", "regFactors", "regBias", "initStd", "threads", "earlyStoppingPatience"),
                List.copyOf(c.parameters().keySet()));
        assertEquals(List.of("7", "3", "0.5", "2.0", "0.2", "3", "4"), List.copyOf(c.parameters().values()));
    }
}
