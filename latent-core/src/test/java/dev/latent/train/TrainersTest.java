package dev.latent.train;

import dev.latent.data.RatingMatrix;
import dev.latent.data.RatingReader;
import dev.latent.data.SharedData;
import dev.latent.explain.FactorRotation;
import dev.latent.io.ModelFiles;
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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainersTest {

    /**
     * One config per algorithm with every field away from its default, so that a key the
     * registry drops or swaps fails the round trip. Two stopping rules carry a minDelta of their
     * own; the float 1 ulp above 0.05 checks that values survive their text form bit for bit.
     */
    static Stream<Arguments> unusualConfigs() {
        return Stream.of(
                Arguments.of(BiasedMfTrainer.ALGORITHM, BiasedMfConfig.defaults(),
                        new BiasedMfConfig(7, 3, Math.nextUp(0.05f), 0.2f, 0.02f, 0.3f,
                                new Schedule.InverseDecay(0.25f), 11L, 97, 5, new EarlyStopping(4, 0.5))),
                Arguments.of(FunkSvdTrainer.ALGORITHM, FunkSvdConfig.defaults(),
                        new FunkSvdConfig(9, 4, 0.02f, 0.05f, 0.2f, new Schedule.AdaGrad(), 12L, 97, 3,
                                EarlyStopping.after(2))),
                Arguments.of(SvdppTrainer.ALGORITHM, SvdppConfig.defaults(),
                        new SvdppConfig(6, 5, 0.01f, 0.9f, 0.2f, 0.03f, 0.07f, 0.15f, 13L,
                                new EarlyStopping(3, Math.nextUp(1e-4)))),
                Arguments.of(AlsTrainer.ALGORITHM, AlsConfig.defaults(),
                        new AlsConfig(5, 6, 0.3f, 2f, 0.05f, 14L, 97, EarlyStopping.after(5))),
                Arguments.of(NmfTrainer.ALGORITHM, NmfConfig.defaults(),
                        new NmfConfig(4, 7, 0.2f, 0.3f, 0.8f, 0.9f, 15L)),
                Arguments.of(ImplicitAlsTrainer.ALGORITHM, ImplicitAlsConfig.defaults(),
                        new ImplicitAlsConfig(3, 8, 2f, 0.5f, ImplicitAlsConfig.Confidence.LINEAR,
                                ImplicitAlsConfig.Solver.CHOLESKY, 5, 0.02f, 16L, 97)),
                Arguments.of(BprTrainer.ALGORITHM, BprConfig.defaults(),
                        new BprConfig(2, 9, 0.1f, 0.02f, 0.05f, 17L, 97)));
    }

    /** Small, deterministic configs per algorithm for training: few epochs, at most two threads. */
    static Stream<Arguments> smallTrainers() {
        return Stream.of(
                Arguments.of(BiasedMfTrainer.ALGORITHM, new BiasedMfTrainer(BiasedMfConfig.defaults()
                        .withFactors(4).withEpochs(3).withLearningRate(0.03f)
                        .withSchedule(new Schedule.InverseDecay(0.2f)).withThreads(2).withSeed(3))),
                Arguments.of(FunkSvdTrainer.ALGORITHM, new FunkSvdTrainer(FunkSvdConfig.defaults()
                        .withFactors(4).withEpochs(3).withRegularization(0.05f).withThreads(2).withSeed(4))),
                Arguments.of(SvdppTrainer.ALGORITHM, new SvdppTrainer(SvdppConfig.defaults()
                        .withFactors(4).withEpochs(3).withDecay(0.9f).withEarlyStopping(new EarlyStopping(2, 0.01))
                        .withSeed(5))),
                Arguments.of(AlsTrainer.ALGORITHM, new AlsTrainer(AlsConfig.defaults()
                        .withFactors(4).withEpochs(3).withRegFactors(0.2f).withThreads(2)
                        .withEarlyStopping(EarlyStopping.after(2)).withSeed(6))),
                Arguments.of(NmfTrainer.ALGORITHM, new NmfTrainer(NmfConfig.defaults()
                        .withFactors(3).withEpochs(5).withInitHigh(0.9f).withSeed(7))),
                Arguments.of(ImplicitAlsTrainer.ALGORITHM, new ImplicitAlsTrainer(ImplicitAlsConfig.defaults()
                        .withFactors(4).withEpochs(3).withConfidence(ImplicitAlsConfig.Confidence.LINEAR)
                        .withThreads(2).withSeed(8))),
                Arguments.of(BprTrainer.ALGORITHM, new BprTrainer(BprConfig.defaults()
                        .withFactors(4).withEpochs(3).withThreads(1).withSeed(9))));
    }

    private static RatingMatrix tiny() {
        return RatingMatrix.builder()
                .add("ann", "alien", 5).add("ann", "brazil", 3).add("ann", "casablanca", 1)
                .add("bob", "alien", 4).add("bob", "casablanca", 2)
                .add("cat", "brazil", 2).add("cat", "casablanca", 5).add("cat", "dune", 4)
                .add("dan", "dune", 1)
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unusualConfigs")
    void of_parametersOfAConfigWithNoDefaultField_rebuildsAnEqualConfig(String algorithm, TrainerConfig defaults,
                                                                         TrainerConfig config) {
        // The fixture itself: every stored value differs from the default, and so does the seed.
        defaults.parameters().forEach((name, value) -> assertNotEquals(value, config.parameters().get(name),
                algorithm + " fixture leaves " + name + " at its default"));
        assertNotEquals(defaults.seed(), config.seed());

        Trainer trainer = Trainers.of(algorithm, config.parameters(), config.seed());

        assertEquals(algorithm, trainer.algorithm());
        assertEquals(config, trainer.config());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unusualConfigs")
    void of_emptyParameters_returnsTheDefaultsWithTheSeed(String algorithm, TrainerConfig defaults,
                                                          TrainerConfig ignored) {
        TrainerConfig config = Trainers.of(algorithm, Map.of(), 1234L).config();

        assertEquals(1234L, config.seed());
        assertEquals(defaults.parameters(), config.parameters());
        assertEquals(Trainers.of(algorithm, defaults.parameters(), 1234L).config(), config);
    }

    @Test
    void of_nmfInitRangeAboveTheDefaultRange_isAcceptedWhateverTheOrder() {
        // initLow = 0.8 alone is invalid against the default initHigh = 0.7; together they are fine.
        Map<String, String> lowFirst = new LinkedHashMap<>();
        lowFirst.put("initLow", "0.8");
        lowFirst.put("initHigh", "0.9");
        Map<String, String> highFirst = new LinkedHashMap<>();
        highFirst.put("initHigh", "0.2");
        highFirst.put("initLow", "0.1");

        NmfConfig above = (NmfConfig) Trainers.of(NmfTrainer.ALGORITHM, lowFirst, 1).config();
        NmfConfig below = (NmfConfig) Trainers.of(NmfTrainer.ALGORITHM, highFirst, 1).config();

        assertEquals(NmfConfig.defaults().withSeed(1).withInitHigh(0.9f).withInitLow(0.8f), above);
        assertEquals(NmfConfig.defaults().withSeed(1).withInitLow(0.1f).withInitHigh(0.2f), below);
    }

    @Test
    void of_patienceWithoutMinDelta_buildsTheRuleTheCliBuilds() {
        BiasedMfConfig three = (BiasedMfConfig) Trainers.of(BiasedMfTrainer.ALGORITHM,
                Map.of("earlyStoppingPatience", "3"), 1).config();
        BiasedMfConfig zero = (BiasedMfConfig) Trainers.of(BiasedMfTrainer.ALGORITHM,
                Map.of("earlyStoppingPatience", "0"), 1).config();

        assertEquals(EarlyStopping.after(3), three.earlyStopping());
        assertEquals(EarlyStopping.OFF, zero.earlyStopping());
    }

    @Test
    void parameters_usualStoppingRules_writeOnlyThePatience() {
        assertEquals(Map.of("earlyStoppingPatience", "3"), stoppingEntries(EarlyStopping.after(3)));
        assertEquals(Map.of("earlyStoppingPatience", "0"), stoppingEntries(EarlyStopping.OFF));
        assertEquals(Map.of("earlyStoppingPatience", "3", "earlyStoppingMinDelta", "0.5"),
                stoppingEntries(new EarlyStopping(3, 0.5)));
        assertEquals(Map.of("earlyStoppingPatience", "0", "earlyStoppingMinDelta", "1.0E-4"),
                stoppingEntries(new EarlyStopping(0, 1e-4)));
        assertEquals(List.of("factors", "epochs", "learningRate", "regFactors", "regBias", "initStd", "schedule",
                "threads", "blocks", "earlyStoppingPatience", "earlyStoppingMinDelta"), List.copyOf(
                BiasedMfConfig.defaults().withEarlyStopping(new EarlyStopping(1, 0.5)).parameters().keySet()));
    }

    private static Map<String, String> stoppingEntries(EarlyStopping rule) {
        Map<String, String> map = new HashMap<>();
        rule.putParameters(map);
        return map;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smallTrainers")
    void forModel_modelTrainedOnATinyMatrixAndReloaded_retrainsTheSameModel(String algorithm, Trainer trainer,
                                                                           @TempDir Path dir)
            throws IOException {
        RatingMatrix data = tiny();
        FactorModel model = trainer.train(data);
        Path file = dir.resolve("model.latent");
        ModelFiles.save(model, file);

        Trainer again = Trainers.forModel(ModelFiles.load(file));

        assertEquals(algorithm, again.algorithm());
        assertEquals(trainer.config(), again.config());
        assertTrue(model.sameAs(again.train(data)), "retrained " + algorithm + " model differs");
    }

    @Test
    void forModel_modelTrainedByAnotherTrainer_setsItsParametersAside() {
        BiasedMfConfig config = BiasedMfConfig.defaults().withFactors(3).withEpochs(4).withSeed(9).withThreads(1);
        Map<String, String> parameters = new java.util.LinkedHashMap<>(config.parameters());
        parameters.put(Trainers.TRAINER_PARAMETER, "dsgd");
        parameters.put("dsgd.strata", "4");
        FactorModel trained = new BiasedMfTrainer(config).train(tiny());
        FactorModel elsewhere = new FactorModel(trained.algorithm(), parameters, trained.seed(), trained.stats(),
                trained.users(), trained.items(), trained.rank(), trained.globalMean(),
                new float[trained.users().size()], new float[trained.items().size()],
                new float[trained.users().size() * 3], new float[trained.items().size() * 3],
                new int[trained.users().size() + 1], new int[0]);

        assertEquals(config, Trainers.forModel(elsewhere).config());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Trainers.of(BiasedMfTrainer.ALGORITHM, parameters, 9L));
        assertTrue(unknown.getMessage().startsWith("unknown parameter 'trainer' of biased-mf"), unknown.getMessage());
    }

    @Test
    void forModel_rotatedModel_retrainsTheTrainersOwnFactors() {
        BiasedMfConfig config = BiasedMfConfig.defaults().withFactors(3).withEpochs(4).withSeed(9).withThreads(1);
        FactorModel trained = new BiasedMfTrainer(config).train(tiny());
        FactorModel rotated = FactorRotation.varimax(trained).apply(trained);

        assertEquals("varimax", rotated.parameters().get(Trainers.ROTATION_PARAMETER));
        assertEquals(config, Trainers.forModel(rotated).config());
    }

    @Test
    void algorithms_always_listsTheSevenTrainersInOrder() {
        assertEquals(List.of(BiasedMfTrainer.ALGORITHM, FunkSvdTrainer.ALGORITHM, SvdppTrainer.ALGORITHM,
                AlsTrainer.ALGORITHM, NmfTrainer.ALGORITHM, ImplicitAlsTrainer.ALGORITHM, BprTrainer.ALGORITHM),
                Trainers.algorithms());
        assertEquals(List.of("biased-mf", "funk-svd", "svdpp", "als", "nmf", "ials", "bpr"), Trainers.algorithms());
        List<String> covered = unusualConfigs().map(a -> (String) a.get()[0]).toList();
        assertEquals(Trainers.algorithms(), covered);
    }

    @Test
    void of_unknownAlgorithm_namesItAndTheKnownOnes() {
        assertEquals("unknown algorithm 'svd'; known: biased-mf, funk-svd, svdpp, als, nmf, ials, bpr",
                failure(() -> Trainers.of("svd", Map.of(), 1)));
        assertEquals("unknown algorithm null; known: biased-mf, funk-svd, svdpp, als, nmf, ials, bpr",
                failure(() -> Trainers.of(null, Map.of(), 1)));
    }

    @Test
    void of_unknownParameter_namesItAndTheAlgorithmsParameters() {
        assertEquals("unknown parameter 'learningRate' of als; known: factors, epochs, regFactors, regBias, initStd,"
                        + " threads, earlyStoppingPatience, earlyStoppingMinDelta",
                failure(() -> Trainers.of("als", Map.of("factors", "8", "learningRate", "0.1"), 1)));
        assertEquals("unknown parameter 'lr' of bpr; known: factors, epochs, learningRate, regularization, initStd,"
                + " threads", failure(() -> Trainers.of("bpr", Map.of("lr", "0.1"), 1)));
        Map<String, String> nullName = new HashMap<>();
        nullName.put(null, "1");
        assertEquals("unknown parameter null of nmf; known: factors, epochs, regUser, regItem, initLow, initHigh",
                failure(() -> Trainers.of("nmf", nullName, 1)));
    }

    @Test
    void of_valueThatDoesNotParse_namesTheParameterAndTheValue() {
        assertEquals("parameter learningRate of biased-mf must be a number but was 'abc'",
                failure(() -> Trainers.of("biased-mf", Map.of("learningRate", "abc"), 1)));
        assertEquals("parameter factors of svdpp must be an integer but was '8.5'",
                failure(() -> Trainers.of("svdpp", Map.of("factors", "8.5"), 1)));
        assertEquals("parameter threads of als must be an integer but was ''",
                failure(() -> Trainers.of("als", Map.of("threads", ""), 1)));
        assertEquals("parameter confidence of ials must be one of linear, log but was 'sqrt'",
                failure(() -> Trainers.of("ials", Map.of("confidence", "sqrt"), 1)));
        assertEquals("parameter solver of ials must be one of cg, cholesky but was 'lu'",
                failure(() -> Trainers.of("ials", Map.of("solver", "lu"), 1)));
        assertEquals("parameter schedule of funk-svd: unknown schedule 'adam'; expected constant, decay,"
                + " decay:RATE or adagrad", failure(() -> Trainers.of("funk-svd", Map.of("schedule", "adam"), 1)));
        assertEquals("parameter schedule of funk-svd: schedule 'decay:x': the decay rate is not a number",
                failure(() -> Trainers.of("funk-svd", Map.of("schedule", "decay:x"), 1)));
        assertEquals("parameter earlyStoppingPatience of svdpp must be an integer but was 'soon'",
                failure(() -> Trainers.of("svdpp", Map.of("earlyStoppingPatience", "soon"), 1)));
        assertEquals("parameter earlyStoppingMinDelta of als must be a number but was 'tiny'", failure(() ->
                Trainers.of("als", Map.of("earlyStoppingPatience", "2", "earlyStoppingMinDelta", "tiny"), 1)));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("epochs", null);
        assertEquals("parameter epochs of nmf must be given but was null",
                failure(() -> Trainers.of("nmf", nullValue, 1)));
    }

    @Test
    void of_valueTheConfigRefuses_passesItsMessageOn() {
        assertEquals("learningRate must be a positive finite number but was -1.0",
                failure(() -> Trainers.of("biased-mf", Map.of("learningRate", "-1"), 1)));
        assertEquals("decay must be in (0, 1] but was 1.5",
                failure(() -> Trainers.of("svdpp", Map.of("decay", "1.5"), 1)));
        assertEquals("initHigh must be greater than initLow (0.5) but was 0.4",
                failure(() -> Trainers.of("nmf", Map.of("initLow", "0.5", "initHigh", "0.4"), 1)));
        assertEquals("regularization must be a positive finite number but was NaN",
                failure(() -> Trainers.of("ials", Map.of("regularization", "NaN"), 1)));
        assertEquals("parameter schedule of biased-mf: decay must be a positive finite number but was -0.5",
                failure(() -> Trainers.of("biased-mf", Map.of("schedule", "decay:-0.5"), 1)));
        assertEquals("parameter earlyStoppingPatience of funk-svd must be non-negative but was '-1'",
                failure(() -> Trainers.of("funk-svd", Map.of("earlyStoppingPatience", "-1"), 1)));
        assertEquals("parameter earlyStoppingMinDelta of funk-svd must be non-negative but was '-0.1'",
                failure(() -> Trainers.of("funk-svd", Map.of("earlyStoppingMinDelta", "-0.1"), 1)));
    }

    @Test
    void of_nullParameters_isAnIllegalArgument() {
        assertEquals("the parameters of bpr are missing (null)", failure(() -> Trainers.of("bpr", null, 1)));
    }

    /** The message of the exception {@code call} throws, which must be exactly an IllegalArgumentException. */
    private static String failure(Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        // NumberFormatException is an IllegalArgumentException too; none may escape.
        assertEquals(IllegalArgumentException.class, e.getClass(), () -> "escaped: " + e);
        return e.getMessage();
    }

    /**
     * MovieLens 100K: each algorithm trains briefly on one of u1..u5, the model goes through a
     * model file, and the trainer rebuilt from it retrains the identical model on the same fold.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("smallTrainers")
    void forModel_movieLensFold_retrainsTheIdenticalModel(String algorithm, Trainer trainer, @TempDir Path dir)
            throws IOException {
        int fold = 1 + Trainers.algorithms().indexOf(algorithm) % 5;
        Path base = SharedData.require("ml-100k/u.data").resolveSibling("u" + fold + ".base");
        RatingMatrix data = RatingReader.withDefaults().read(base).ratings();
        FactorModel model = trainer.train(data);
        Path file = dir.resolve("model.latent");
        ModelFiles.save(model, file);

        FactorModel retrained = Trainers.forModel(ModelFiles.load(file)).train(data);

        assertTrue(model.sameAs(retrained), "u" + fold + ": retrained " + algorithm + " model differs");
    }
}
