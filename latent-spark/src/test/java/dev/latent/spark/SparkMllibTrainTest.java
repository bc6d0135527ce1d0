package dev.latent.spark;

import dev.latent.data.RatingMatrix;
import dev.latent.data.RatingReader;
import dev.latent.io.ModelFiles;
import dev.latent.model.FactorModel;
import dev.latent.recommend.Recommender;
import dev.latent.recommend.ScoredItem;

import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code SparkTool train --algo spark-als|spark-ials}: Spark MLlib's ALS into a Latent model,
 * checked against an ALS this test fits itself on the same rows, seed and parameters ({@code local[2]}).
 */
class SparkMllibTrainTest {
    private static SparkSession spark;

    @TempDir
    Path dir;

    private final ToolRun tool = new ToolRun();

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start(SparkMllibTrainTest.class);
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** Spark's own predictions of every (user, item) index pair of {@code als}. */
    private static float[][] transformAll(ALSModel als, int users, int items) {
        List<Row> pairs = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            for (int i = 0; i < items; i++) {
                pairs.add(RowFactory.create(u, i));
            }
        }
        StructType schema = new StructType().add("user", DataTypes.IntegerType).add("item", DataTypes.IntegerType);
        float[][] predictions = new float[users][items];
        for (Row row : als.transform(spark.createDataFrame(pairs, schema)).collectAsList()) {
            predictions[row.getInt(0)][row.getInt(1)] = row.getFloat(2);
        }
        return predictions;
    }

    /** Trains through the tool, fits ALS here on the same rows, and checks the model against it. */
    private FactorModel trainAndCompare(ALS reference, String... options) throws IOException {
        Path data = ToolRun.tinyRatings(dir);
        Path modelFile = dir.resolve("model.latent");
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--out", modelFile.toString()));
        args.addAll(List.of(options));
        assertEquals(0, tool.run(args.toArray(String[]::new)), tool.errors());
        FactorModel model = ModelFiles.load(modelFile);
        RatingMatrix matrix = RatingReader.withDefaults().read(data).ratings();
        ALSModel als = reference.setUserCol("user").setItemCol("item").setRatingCol("rating")
                .fit(RatingRows.byIndex(matrix, spark));

        assertEquals(matrix.users(), model.users());
        assertEquals(matrix.items(), model.items());
        float[][] predictions = transformAll(als, matrix.userCount(), matrix.itemCount());
        for (int u = 0; u < matrix.userCount(); u++) {
            for (int i = 0; i < matrix.itemCount(); i++) {
                float expected = predictions[u][i];
                assertEquals(expected, model.score(u, i), 1e-5 * Math.max(1, Math.abs(expected)),
                        "user " + model.users().idAt(u) + ", item " + model.items().idAt(i));
            }
        }
        assertEquals(0f, model.globalMean());
        for (int u = 0; u < matrix.userCount(); u++) {
            assertEquals(0f, model.userBias(u));
        }
        int[][] seen = FactorModel.seenItemsOf(matrix);
        int[] starts = new int[model.seenStarts().remaining()];
        model.seenStarts().duplicate().get(starts);
        int[] items = new int[model.seenItems().remaining()];
        model.seenItems().duplicate().get(items);
        assertArrayEquals(seen[0], starts);
        assertArrayEquals(seen[1], items);
        Recommender recommender = new Recommender(model);
        for (int u = 0; u < matrix.userCount(); u++) {
            List<ScoredItem> top = recommender.recommend(u, 1000);
            assertEquals(matrix.itemCount() - (matrix.userEnd(u) - matrix.userStart(u)), top.size());
            for (ScoredItem item : top) {
                assertFalse(model.hasSeen(u, item.index()), "recommended a rated item");
            }
        }
        return model;
    }

    @Test
    void train_sparkAls_scoresAreAlsPredictions() throws IOException {
        FactorModel model = trainAndCompare(new ALS().setRank(3).setMaxIter(5).setRegParam(0.05).setSeed(7),
                "--algo", "spark-als", "--factors", "3", "--epochs", "5", "--reg", "0.05", "--seed", "7");

        assertEquals("spark-als", model.algorithm());
        assertEquals(Map.of("trainer", "spark-mllib", "rank", "3", "maxIter", "5", "regParam", "0.05", "seed", "7"),
                model.parameters());
        assertEquals(List.of("trainer", "rank", "maxIter", "regParam", "seed"), List.copyOf(model.parameters().keySet()));
        assertEquals(7L, model.seed());
        assertEquals(3, model.rank());
        assertEquals(1f, model.stats().minRating());
        assertTrue(tool.output().contains("with Spark MLlib's ALS"), tool.output());
    }

    @Test
    void train_sparkIals_scoresAreImplicitAlsPredictions() throws IOException {
        FactorModel model = trainAndCompare(new ALS().setImplicitPrefs(true).setAlpha(2).setRank(4).setMaxIter(4)
                        .setRegParam(0.1).setSeed(3),
                "--algo", "spark-ials", "--factors", "4", "--epochs", "4", "--alpha", "2", "--seed", "3");

        assertEquals("spark-ials", model.algorithm());
        assertEquals(List.of("trainer", "rank", "maxIter", "regParam", "alpha", "seed"), List.copyOf(model.parameters().keySet()));
        assertEquals("2.0", model.parameters().get("alpha"));
        assertEquals("0.1", model.parameters().get("regParam"));
    }

    @Test
    void defaults_areSparkAlsDefaults() {
        ALS als = new ALS();
        MllibAlsConfig defaults = MllibAlsConfig.defaults();

        assertEquals(als.getRank(), defaults.rank());
        assertEquals(als.getMaxIter(), defaults.maxIter());
        assertEquals(als.getRegParam(), defaults.regParam());
        assertEquals(als.getImplicitPrefs(), defaults.implicitPrefs());
        assertEquals(als.getAlpha(), defaults.alpha());
        assertEquals(als.getSeed(), defaults.seed());
    }

    @Test
    void config_negativeRegParam_namesTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MllibAlsConfig.defaults().withRegParam(-1));
        assertEquals("regParam must be a non-negative finite number but was -1.0", e.getMessage());
    }

    @Test
    void toModel_nanFactor_isRefusedNamingTheUser() throws IOException {
        RatingMatrix matrix = RatingReader.withDefaults().read(ToolRun.tinyRatings(dir)).ratings();
        MllibAlsTrainer trainer = new MllibAlsTrainer(MllibAlsConfig.defaults().withRank(2));
        List<Row> users = new ArrayList<>();
        for (int u = 0; u < matrix.userCount(); u++) {
            users.add(factorRow(u, 1f, u == 2 ? Float.NaN : 1f));
        }
        List<Row> items = new ArrayList<>();
        for (int i = 0; i < matrix.itemCount(); i++) {
            items.add(factorRow(i, 1f, 2f));
        }

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> trainer.toModel(2, users, items, matrix));
        assertTrue(e.getMessage().startsWith("Spark ALS diverged: the factors of user '" + matrix.users().idAt(2)
                + "' include NaN"), e.getMessage());
        assertEquals(3f, trainer.toModel(2, users.subList(0, 2), items, matrix).score(1, 0));
    }

    @Test
    void toModel_idOutsideTheMatrix_isRefused() throws IOException {
        RatingMatrix matrix = RatingReader.withDefaults().read(ToolRun.tinyRatings(dir)).ratings();
        MllibAlsTrainer trainer = new MllibAlsTrainer(MllibAlsConfig.defaults().withRank(1));
        List<Row> rows = List.of(factorRow(matrix.userCount(), 1f));

        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> trainer.toModel(1, rows, List.of(), matrix));
        assertEquals("the rating matrix does not list the ALS user id 8", e.getCause().getMessage());
    }

    /** A factor row as Spark collects it: the features a Scala sequence, which {@code Row.getList} reads. */
    private static Row factorRow(int id, Float... features) {
        return RowFactory.create(id, CollectionConverters.asScala(List.of(features)).toSeq());
    }

    @Test
    void train_optionOfAnotherAlgo_exitsTwoNamingBoth() throws IOException {
        String data = ToolRun.tinyRatings(dir).toString();
        String[][] cases = {
                {"--algo", "spark-als", "--strata", "2"},
                {"--algo", "spark-ials", "--lr", "0.1"},
                {"--algo", "spark-als", "--reg-bias", "0.1"},
                {"--algo", "spark-als", "--schedule", "adagrad"},
                {"--algo", "spark-als", "--alpha", "2"},
                {"--alpha", "2"},
                {"--algo", "dsgd", "--alpha", "2"},
        };
        for (String[] options : cases) {
            ToolRun one = new ToolRun();
            List<String> args = new ArrayList<>(List.of("train", "--data", data, "--out", "m"));
            args.addAll(List.of(options));
            String algo = options[0].equals("--algo") ? options[1] : "dsgd";
            String option = options[options.length - 2];

            assertEquals(SparkTool.USAGE, one.run(args.toArray(String[]::new)), String.join(" ", options));
            assertEquals("error: option " + option + " does not apply to --algo " + algo, one.errors().strip());
        }
    }

    @Test
    void train_unknownAlgo_exitsTwoWithOneLine() throws IOException {
        assertEquals(SparkTool.USAGE, tool.run("train", "--data", ToolRun.tinyRatings(dir).toString(), "--out", "m", "--algo", "als"));
        assertEquals("error: unknown algo 'als'; expected one of dsgd, spark-als, spark-ials", tool.errors().strip());
    }

    @Test
    void train_sparkAlsZeroFactors_exitsTwoNamingTheParameter() throws IOException {
        assertEquals(SparkTool.USAGE, tool.run("train", "--data", ToolRun.tinyRatings(dir).toString(), "--out", "m", "--algo", "spark-als",
                "--factors", "0"));
        assertEquals("error: rank must be positive but was 0", tool.errors().strip());
    }
}
