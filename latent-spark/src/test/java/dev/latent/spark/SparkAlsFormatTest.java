package dev.latent.spark;

import dev.latent.data.RatingMatrix;
import dev.latent.io.Json;
import dev.latent.model.FactorModel;
import dev.latent.train.sgd.BiasedMfConfig;
import dev.latent.train.sgd.BiasedMfTrainer;

import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
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
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Latent models to and from Spark ALS model directories, checked against Spark's own ALSModel on {@code local[2]}. */
class SparkAlsFormatTest {
    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start(SparkAlsFormatTest.class);
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** Biased MF (k = 3, biases far from zero) on 5 users × 4 items given by {@code userIds} and {@code itemIds}. */
    private static FactorModel biasedMf(List<String> userIds, List<String> itemIds) {
        RatingMatrix.Builder builder = RatingMatrix.builder();
        for (int u = 0; u < userIds.size(); u++) {
            for (int i = 0; i < itemIds.size(); i++) {
                if ((u + i) % 3 != 0) {
                    builder.add(userIds.get(u), itemIds.get(i), 1 + (u * 7 + i * 3) % 5);
                }
            }
        }
        BiasedMfConfig config = BiasedMfConfig.defaults().withFactors(3).withEpochs(20).withThreads(1).withSeed(3);
        return new BiasedMfTrainer(config).train(builder.build());
    }

    private static FactorModel intIdModel() {
        return biasedMf(List.of("7", "3", "100", "42", "-5"), List.of("10", "20", "2000000000", "30"));
    }

    /** Every (user, item) pair of the ALS ids, as ints in columns user and item. */
    private static Dataset<Row> allPairs(int[] users, int[] items) {
        List<Row> rows = new ArrayList<>();
        for (int u : users) {
            for (int i : items) {
                rows.add(RowFactory.create(u, i));
            }
        }
        StructType schema = new StructType().add("user", DataTypes.IntegerType).add("item", DataTypes.IntegerType);
        return spark.createDataFrame(rows, schema);
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-5 * Math.max(1, Math.abs(expected)), what);
    }

    @Test
    void write_biasedMfModel_alsLoadPredictsEveryLatentScore() throws IOException {
        FactorModel model = intIdModel();
        String out = dir.resolve("als").toString();

        SparkAlsFormat.write(model, out, spark);
        ALSModel als = ALSModel.load(out);

        assertEquals(model.rank() + 2, als.rank());
        int[] users = {7, 3, 100, 42, -5};
        int[] items = {10, 20, 2_000_000_000, 30};
        List<Row> predictions = als.transform(allPairs(users, items)).collectAsList();
        assertEquals(users.length * items.length, predictions.size());
        for (Row row : predictions) {
            int u = model.users().indexOf(Integer.toString(row.getInt(0)));
            int i = model.items().indexOf(Integer.toString(row.getInt(1)));
            float prediction = row.getFloat(row.fieldIndex("prediction"));
            assertClose(model.score(u, i), prediction, "user " + row.getInt(0) + ", item " + row.getInt(1));
        }
        // The biases matter: without folding them in, predictions would be off by about μ ≈ 3.
        assertTrue(model.globalMean() > 2, "μ " + model.globalMean());
    }

    @Test
    void readAndWrite_modelFittedBySparkAls_scoresEqualAlsPredictionsAndMetadataMatches() throws IOException {
        List<Row> ratings = new ArrayList<>();
        for (int u = 0; u < 6; u++) {
            for (int i = 0; i < 5; i++) {
                if ((u + 2 * i) % 4 != 0) {
                    ratings.add(RowFactory.create(u * 10, i + 1, (float) (1 + (u * i) % 5)));
                }
            }
        }
        StructType schema = new StructType().add("user", DataTypes.IntegerType).add("item", DataTypes.IntegerType)
                .add("rating", DataTypes.FloatType);
        ALSModel als = new ALS().setRank(3).setMaxIter(5).setSeed(1).fit(spark.createDataFrame(ratings, schema));
        String saved = dir.resolve("spark-als").toString();
        als.write().save(saved);

        FactorModel model = SparkAlsFormat.read(saved, spark);

        assertEquals(SparkAlsFormat.ALGORITHM, model.algorithm());
        assertEquals(3, model.rank());
        assertEquals(List.of("0", "10", "20", "30", "40", "50"), model.users().ids());
        assertEquals(List.of("1", "2", "3", "4", "5"), model.items().ids());
        assertEquals(0f, model.globalMean());
        assertEquals(0f, model.userBias(2));
        assertEquals(0f, model.itemBias(4));
        assertEquals(0, model.seenItems().remaining(), "an ALS model has no seen items");
        List<Row> predictions = als.transform(allPairs(new int[] {0, 10, 20, 30, 40, 50}, new int[] {1, 2, 3, 4, 5}))
                .collectAsList();
        for (Row row : predictions) {
            int u = model.users().indexOf(Integer.toString(row.getInt(0)));
            int i = model.items().indexOf(Integer.toString(row.getInt(1)));
            float prediction = row.getFloat(row.fieldIndex("prediction"));
            assertClose(prediction, model.score(u, i), "user " + row.getInt(0) + ", item " + row.getInt(1));
            assertEquals(model.score(u, i), model.predict(u, i), "an ALS model has no rating range to clip to");
        }

        // What write puts in metadata/part-00000 has the keys, in order, and the defaults of Spark's own save.
        String ours = dir.resolve("ours").toString();
        SparkAlsFormat.write(model, ours, spark);
        Map<?, ?> expected = metadataOf(Path.of(saved));
        Map<?, ?> actual = metadataOf(Path.of(ours));
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()));
        assertEquals(expected.get("class"), actual.get("class"));
        assertEquals(expected.get("sparkVersion"), actual.get("sparkVersion"));
        assertEquals(expected.get("defaultParamMap"), actual.get("defaultParamMap"));
        assertEquals(5.0, actual.get("rank"), "k + 2 with the biases folded in");
    }

    private static Map<?, ?> metadataOf(Path model) throws IOException {
        try (var files = Files.list(model.resolve("metadata"))) {
            Path part = files.filter(f -> f.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
            return (Map<?, ?>) Json.parse(Files.readString(part).strip());
        }
    }

    @Test
    void writeThenRead_intIds_roundTripsIdsAndScores() throws IOException {
        FactorModel model = intIdModel();
        String out = dir.resolve("round-trip").toString();

        SparkAlsFormat.write(model, out, spark);
        FactorModel back = SparkAlsFormat.read(out, spark);

        assertEquals(model.users(), back.users(), "ids and their order");
        assertEquals(model.items(), back.items());
        assertEquals(model.rank() + 2, back.rank());
        for (int u = 0; u < model.users().size(); u++) {
            for (int i = 0; i < model.items().size(); i++) {
                assertClose(model.score(u, i), back.score(u, i), "user " + u + ", item " + i);
            }
        }
        // p_u, then μ + b_u and 1: the folded user vector of index 0.
        float[] first = new float[model.rank() + 2];
        back.userFactors().get(first);
        float[] expected = new float[model.rank() + 2];
        model.userFactors().get(expected, 0, model.rank());
        expected[model.rank()] = model.globalMean() + model.userBias(0);
        expected[model.rank() + 1] = 1f;
        assertArrayEquals(expected, first);
    }

    @Test
    void write_nonIntIds_denseIndicesInAlsAndLatentIdsMapBack() throws IOException {
        // Users: not all ints ("007" is not canonical), so dense indices; items: all ints, kept.
        FactorModel model = biasedMf(List.of("alice", "007", "b\tx", "12", "z\\n"), List.of("5", "6", "7", "8"));
        String out = dir.resolve("strings").toString();

        SparkAlsFormat.write(model, out, spark);

        ALSModel als = ALSModel.load(out);
        List<Integer> userIds = als.userFactors().orderBy("id").select("id").as(Encoders.INT()).collectAsList();
        List<Integer> itemIds = als.itemFactors().orderBy("id").select("id").as(Encoders.INT()).collectAsList();
        assertEquals(List.of(0, 1, 2, 3, 4), userIds);
        assertEquals(List.of(5, 6, 7, 8), itemIds);
        assertEquals("0\talice\n1\t007\n2\tb\\tx\n3\t12\n4\tz\\\\n\n",
                Files.readString(Path.of(out, "latent-ids", "users.tsv")));
        // Items keep their int ids, listed in the model's index order (first seen: 6, 7, 5, 8).
        assertEquals(List.of("6", "7", "5", "8"), model.items().ids());
        assertEquals("6\t6\n7\t7\n5\t5\n8\t8\n", Files.readString(Path.of(out, "latent-ids", "items.tsv")));
        FactorModel back = SparkAlsFormat.read(out, spark);
        assertEquals(model.users(), back.users());
        assertEquals(model.items(), back.items());
        int bob = back.users().indexOf("b\tx");
        assertClose(model.score(model.users().indexOf("b\tx"), model.items().indexOf("7")),
                back.score(bob, back.items().indexOf("7")), "user b<TAB>x, item 7");
    }

    @Test
    void write_existingDirectory_throwsAndLeavesItAlone() throws IOException {
        Path existing = Files.createDirectory(dir.resolve("taken"));

        assertThrows(FileAlreadyExistsException.class, () -> SparkAlsFormat.write(intIdModel(), existing.toString(), spark));

        try (var files = Files.list(existing)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void escape_specialCharacters_unescapeRestoresThem() {
        String id = "a\tb\nc\rd\\e";

        assertEquals("a\\tb\\nc\\rd\\\\e", SparkAlsFormat.escape(id));
        assertEquals(id, SparkAlsFormat.unescape(SparkAlsFormat.escape(id)));
    }
}
