package dev.latent.spark;

import dev.latent.data.DataSets;
import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.data.RatingReader;
import dev.latent.eval.metric.ErrorMetrics;
import dev.latent.io.ModelFiles;
import dev.latent.model.FactorModel;
import dev.latent.train.EpochEvent;
import dev.latent.train.sgd.BiasedMfConfig;
import dev.latent.train.sgd.BiasedMfTrainer;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** DSGD on {@code local[2]}: recovery, reproducibility, MovieLens 100K against single-machine biased MF, model files. */
class DsgdTrainerTest {
    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start(DsgdTrainerTest.class);
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** A planted rank-3 matrix of 40 users × 30 items, biases included, 70% observed, noise-free; the rest held out. */
    private record Planted(Dataset<Row> train, List<Row> heldOut) {
        static Planted create() {
            int users = 40;
            int items = 30;
            int rank = 3;
            SplittableRandom random = new SplittableRandom(7);
            double[][] p = gaussian(random, users, rank);
            double[][] q = gaussian(random, items, rank);
            List<Row> train = new ArrayList<>();
            List<Row> held = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                for (int i = 0; i < items; i++) {
                    double truth = 3 + 0.02 * u - 0.03 * i;
                    for (int f = 0; f < rank; f++) {
                        truth += p[u][f] * q[i][f];
                    }
                    Row row = RowFactory.create(u, "item-" + i, truth);
                    (random.nextDouble() < 0.7 ? train : held).add(row);
                }
            }
            StructType schema = new StructType().add("user", DataTypes.IntegerType).add("item", DataTypes.StringType)
                    .add("rating", DataTypes.DoubleType);
            return new Planted(spark.createDataFrame(train, schema), held);
        }

        private static double[][] gaussian(SplittableRandom random, int rows, int rank) {
            double[][] out = new double[rows][rank];
            for (double[] row : out) {
                for (int f = 0; f < rank; f++) {
                    row[f] = random.nextGaussian() * 0.8;
                }
            }
            return out;
        }
    }

    private static DsgdConfig plantedConfig(int epochs, long seed) {
        return new DsgdConfig(BiasedMfConfig.defaults().withFactors(8).withEpochs(epochs).withLearningRate(0.1f)
                .withRegFactors(0.01f).withRegBias(0.01f).withSeed(seed), 3);
    }

    @Test
    void train_plantedLowRankMatrix_fitsTrainingAndHeldOutEntries() {
        Planted planted = Planted.create();
        List<EpochEvent> events = new ArrayList<>();

        FactorModel model = new DsgdTrainer(plantedConfig(50, 5)).train(planted.train(), "user", "item", "rating", events::add);

        assertEquals(50, events.size());
        double trainRmse = events.getLast().trainRmse();
        assertTrue(trainRmse < 0.05, "training RMSE " + trainRmse);
        assertTrue(trainRmse < events.getFirst().trainRmse() / 10, "training RMSE fell only from " + events.getFirst().trainRmse());
        double sse = 0;
        for (Row row : planted.heldOut()) {
            double error = model.score(model.users().indexOf(Integer.toString(row.getInt(0))),
                    model.items().indexOf(row.getString(1))) - row.getDouble(2);
            sse += error * error;
        }
        double heldOutRmse = Math.sqrt(sse / planted.heldOut().size());
        assertTrue(heldOutRmse < 0.15, "held-out RMSE " + heldOutRmse);
    }

    @Test
    void train_sameSeedTwice_identicalModels() {
        Planted planted = Planted.create();
        DsgdTrainer trainer = new DsgdTrainer(plantedConfig(10, 11));

        FactorModel first = trainer.train(planted.train(), "user", "item", "rating");
        FactorModel second = trainer.train(planted.train(), "user", "item", "rating");
        FactorModel otherSeed = new DsgdTrainer(plantedConfig(10, 12)).train(planted.train(), "user", "item", "rating");

        assertTrue(first.sameAs(second), "same seed, same data, same d: the factors, biases and seen lists must be equal");
        assertNotEquals(first.userFactors(), otherSeed.userFactors(), "another seed must give other factors");
    }

    @Test
    void train_tinyMatrix_modelHoldsSortedIdsSeenItemsAndParameters() {
        StructType schema = new StructType().add("user", DataTypes.StringType).add("item", DataTypes.LongType)
                .add("rating", DataTypes.FloatType);
        Dataset<Row> ratings = spark.createDataFrame(List.of(
                RowFactory.create("b", 20L, 4f), RowFactory.create("a", 10L, 5f), RowFactory.create("b", 10L, 1f),
                RowFactory.create("c", 30L, 2f), RowFactory.create("a", 30L, 3f)), schema);

        FactorModel model = new DsgdTrainer(new DsgdConfig(BiasedMfConfig.defaults().withFactors(2).withEpochs(2), 2))
                .train(ratings, "user", "item", "rating");

        assertEquals(List.of("a", "b", "c"), model.users().ids());
        assertEquals(List.of("10", "20", "30"), model.items().ids());
        assertEquals(3f, model.globalMean());
        assertEquals(5, model.stats().ratings());
        assertEquals(1f, model.stats().minRating());
        assertEquals(5f, model.stats().maxRating());
        int[] seen = new int[model.seenItems().remaining()];
        model.seenItems().get(seen);
        assertArrayEquals(new int[] {0, 2, 0, 1, 2}, seen);
        assertEquals("biased-mf", model.algorithm());
        assertEquals("dsgd", model.parameters().get("trainer"));
        assertEquals("2", model.parameters().get(DsgdConfig.STRATA_PARAMETER));
        assertEquals("2", model.parameters().get("factors"));
    }

    @Test
    void train_modelFile_roundTripsThroughModelFiles(@TempDir Path dir) throws IOException {
        FactorModel model = new DsgdTrainer(plantedConfig(3, 5)).train(Planted.create().train(), "user", "item", "rating");
        Path file = dir.resolve("dsgd.latent");

        ModelFiles.save(model, file);
        FactorModel loaded = ModelFiles.load(file);

        assertTrue(model.sameAs(loaded));
        assertEquals(model.parameters(), loaded.parameters());
        assertEquals(model.predict("7", "item-3"), loaded.predict("7", "item-3"));
    }

    @Test
    void config_negativeStrata_rejectedNamingTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DsgdConfig.defaults().withStrata(-1));

        assertTrue(e.getMessage().contains("strata") && e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void train_movieLens100kU1_testRmseWithinOnePercentOfSingleMachine() throws IOException {
        Path dir = DataSets.find("ml-100k/u1.base").map(Path::getParent).orElse(null);
        assumeTrue(dir != null, "MovieLens 100K not found under " + DataSets.root());
        BiasedMfConfig config = BiasedMfConfig.defaults().withFactors(50).withEpochs(20).withThreads(2);
        RatingReader reader = RatingReader.withDefaults();

        RatingMatrix train = reader.read(dir.resolve("u1.base")).ratings();
        FactorModel single = new BiasedMfTrainer(config).train(train);
        double singleRmse = ErrorMetrics.of(single, reader.readAgainst(dir.resolve("u1.test"), train.users(), train.items())
                .ratings()).rmse();

        Dataset<Row> ratings = spark.read().option("sep", "\t").schema("user INT, item INT, rating FLOAT, time LONG")
                .csv(dir.resolve("u1.base").toString());
        FactorModel dsgd = new DsgdTrainer(new DsgdConfig(config, 0)).train(ratings, "user", "item", "rating");
        RatingList test = reader.readAgainst(dir.resolve("u1.test"), dsgd.users(), dsgd.items()).ratings();
        double dsgdRmse = ErrorMetrics.of(dsgd, test).rmse();

        System.out.printf("MovieLens 100K u1, k=50, 20 epochs: biased-mf test RMSE %.4f, DSGD (d=%s) %.4f%n",
                singleRmse, dsgd.parameters().get(DsgdConfig.STRATA_PARAMETER), dsgdRmse);
        assertTrue(Math.abs(dsgdRmse - singleRmse) <= 0.01 * singleRmse, "DSGD " + dsgdRmse + " vs single-machine " + singleRmse);
    }
}
