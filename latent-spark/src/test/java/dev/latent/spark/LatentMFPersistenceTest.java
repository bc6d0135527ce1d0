package dev.latent.spark;

import dev.latent.data.IdIndex;
import dev.latent.model.DataStats;
import dev.latent.model.FactorModel;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
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

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spark ML persistence of {@link LatentMF} and {@link LatentMFModel} on {@code local[2]}, alone and in a Pipeline. */
class LatentMFPersistenceTest {
    private static SparkSession spark;
    /** {@link #estimator()} fitted on {@link #ratings()}, shared: fitting is most of this class's time. */
    private static LatentMFModel fitted;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start(LatentMFPersistenceTest.class);
        fitted = estimator().fit(ratings());
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** Four users and five items with string ids, every item rated. */
    private static Dataset<Row> ratings() {
        StructType schema = new StructType().add("user", DataTypes.StringType).add("item", DataTypes.StringType)
                .add("rating", DataTypes.DoubleType);
        String[][] rows = {
                {"ann", "alien", "5"}, {"ann", "brazil", "3"}, {"ann", "casablanca", "4"},
                {"bob", "alien", "4"}, {"bob", "dune", "5"}, {"bob", "eraserhead", "1"},
                {"cid", "brazil", "2"}, {"cid", "casablanca", "5"},
                {"dee", "dune", "4"}, {"dee", "eraserhead", "3"}, {"dee", "alien", "2"}};
        List<Row> data = new ArrayList<>();
        for (String[] r : rows) {
            data.add(RowFactory.create(r[0], r[1], Double.parseDouble(r[2])));
        }
        return spark.createDataFrame(data, schema);
    }

    /** Every known pair, plus an unknown user and an unknown item (NaN under coldStartStrategy "nan"). */
    private static Dataset<Row> pairs() {
        StructType schema = new StructType().add("user", DataTypes.StringType).add("item", DataTypes.StringType);
        List<Row> data = new ArrayList<>();
        for (String user : List.of("ann", "bob", "cid", "dee", "zed")) {
            for (String item : List.of("alien", "brazil", "casablanca", "dune", "eraserhead", "zardoz")) {
                data.add(RowFactory.create(user, item));
            }
        }
        return spark.createDataFrame(data, schema);
    }

    private static LatentMF estimator() {
        return new LatentMF().setRank(3).setMaxIter(3).setStepSize(0.1).setRegParam(0.02).setRegBias(0.01)
                .setSeed(7).setStrata(2);
    }

    /** A rank-1 model over users a, b and items w, x: a distinct model to overwrite with. */
    private static FactorModel tinyModel() {
        return new FactorModel("biased-mf", Map.of(), 1L, new DataStats(2, 2, 2, 1f, 5f, 3.0),
                IdIndex.of("user", List.of("a", "b")), IdIndex.of("item", List.of("w", "x")), 1, 0.5f,
                new float[2], new float[2], new float[] {1f, 2f}, new float[] {1f, -1f}, new int[] {0, 1, 2},
                new int[] {0, 1});
    }

    /** Each row as its string (floats printed exactly, NaN as "NaN"), in the order collected. */
    private static List<String> rows(Dataset<Row> dataset) {
        List<String> out = new ArrayList<>();
        for (Row row : dataset.collectAsList()) {
            out.add(row.toString());
        }
        return out;
    }

    /** Recommendation rows as key → "id score, id score, …" (row order is not part of the contract). */
    private static Map<String, String> lists(Dataset<Row> recommendations) {
        Map<String, String> out = new TreeMap<>();
        for (Row row : recommendations.collectAsList()) {
            List<String> entries = new ArrayList<>();
            for (Row entry : row.<Row>getList(1)) {
                entries.add(entry.getString(0) + " " + entry.getFloat(1));
            }
            out.put(row.getString(0), String.join(", ", entries));
        }
        return out;
    }

    /** name=value for every param, "(default)" marking the ones not set explicitly. */
    private static Map<String, String> params(Params params) {
        Map<String, String> out = new TreeMap<>();
        for (Param<?> param : params.params()) {
            out.put(param.name(), params.getOrDefault(param) + (params.isSet(param) ? "" : " (default)"));
        }
        return out;
    }

    private static String dir(Path base, String name) {
        return base.resolve(name).toString();
    }

    @Test
    void load_estimatorWithEveryParamSet_keepsUidAndEveryParam(@TempDir Path tmp) throws IOException {
        LatentMF saved = new LatentMF().setRank(8).setMaxIter(3).setRegParam(0.2).setRegBias(0.05).setStepSize(0.01)
                .setSeed(99).setStrata(5).setUserCol("u").setItemCol("i").setRatingCol("r").setPredictionCol("p");
        saved.write().save(dir(tmp, "estimator"));

        LatentMF loaded = LatentMF.load(dir(tmp, "estimator"));

        assertEquals(saved.uid(), loaded.uid());
        assertEquals(params(saved), params(loaded));
        assertEquals(11, params(loaded).size());
        assertFalse(params(loaded).containsValue(" (default)"));
        assertEquals(saved.dsgdConfig(), loaded.dsgdConfig());
    }

    @Test
    void load_estimatorNothingSet_keepsDefaultsAsDefaults(@TempDir Path tmp) throws IOException {
        LatentMF saved = new LatentMF();
        saved.save(dir(tmp, "estimator"));

        LatentMF loaded = LatentMF.load(dir(tmp, "estimator"));

        assertEquals(params(saved), params(loaded));
        assertTrue(params(loaded).values().stream().allMatch(v -> v.endsWith(" (default)")));
    }

    @Test
    void load_estimatorFromAModelDirectory_rejectedNamingBothClasses(@TempDir Path tmp) throws IOException {
        fitted.write().save(dir(tmp, "model"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LatentMF.load(dir(tmp, "model")));

        assertTrue(e.getMessage().contains(LatentMF.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(LatentMFModel.class.getName()), e.getMessage());
    }

    @Test
    void load_model_identicalScoresRecommendationsUidParamsAndFactors(@TempDir Path tmp) throws IOException {
        LatentMFModel saved = fitted.copy(ParamMap.empty()).setPredictionCol("score");
        saved.write().save(dir(tmp, "model"));

        LatentMFModel loaded = LatentMFModel.load(dir(tmp, "model"));

        assertEquals(saved.uid(), loaded.uid());
        assertEquals(params(saved), params(loaded));
        assertEquals("score", loaded.getPredictionCol());
        List<String> scores = rows(saved.transform(pairs()));
        assertEquals(30, scores.size());
        assertTrue(scores.contains("[zed,alien,NaN]"), scores.toString());
        assertEquals(scores, rows(loaded.transform(pairs())));
        assertEquals(lists(saved.recommendForUserSubset(pairs(), 3)), lists(loaded.recommendForUserSubset(pairs(), 3)));
        assertEquals(4, lists(loaded.recommendForUserSubset(pairs(), 3)).size());
        assertEquals(lists(saved.recommendForAllItems(2)), lists(loaded.recommendForAllItems(2)));
        FactorModel a = saved.latentModel();
        FactorModel b = loaded.latentModel();
        assertEquals(a.userFactors(), b.userFactors());
        assertEquals(a.itemFactors(), b.itemFactors());
        assertEquals(a.parameters(), b.parameters());
        assertEquals(a.seenItems(), b.seenItems());
    }

    @Test
    void load_modelSavedWithColdStartDrop_keepsTheStrategy(@TempDir Path tmp) throws IOException {
        LatentMFModel saved = new LatentMFModel(tinyModel()).setColdStartStrategy("drop").setUserCol("user")
                .setItemCol("item");
        saved.save(dir(tmp, "model"));

        LatentMFModel loaded = LatentMFModel.load(dir(tmp, "model"));

        assertEquals("drop", loaded.getColdStartStrategy());
        assertEquals(0, loaded.transform(pairs()).count());
    }

    @Test
    void save_existingPath_failsAndOverwriteReplaces(@TempDir Path tmp) throws IOException {
        String path = dir(tmp, "model");
        fitted.write().save(path);
        LatentMFModel other = new LatentMFModel(tinyModel());

        IOException e = assertThrows(IOException.class, () -> other.write().save(path));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertEquals(fitted.uid(), LatentMFModel.load(path).uid());

        other.write().overwrite().save(path);

        LatentMFModel loaded = LatentMFModel.load(path);
        assertEquals(other.uid(), loaded.uid());
        assertNotEquals(fitted.uid(), loaded.uid());
        assertEquals(List.of("a", "b"), loaded.latentModel().users().ids());
    }

    @Test
    void pipeline_latentMFStage_fitSaveLoadTransformsTheSame(@TempDir Path tmp) throws IOException {
        SQLTransformer rename = new SQLTransformer()
                .setStatement("SELECT user AS customer, item AS product, rating FROM __THIS__");
        LatentMF mf = estimator().setMaxIter(2).setUserCol("customer").setItemCol("product");
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {rename, mf});
        pipeline.write().save(dir(tmp, "pipeline"));
        Pipeline loadedPipeline = Pipeline.load(dir(tmp, "pipeline"));
        LatentMF loadedStage = (LatentMF) loadedPipeline.getStages()[1];
        assertEquals(params(mf), params(loadedStage));

        PipelineModel model = pipeline.fit(ratings());
        model.write().save(dir(tmp, "pipelineModel"));
        PipelineModel loaded = PipelineModel.load(dir(tmp, "pipelineModel"));

        Dataset<Row> test = pairs().selectExpr("user", "item", "CAST(0 AS DOUBLE) AS rating");
        List<String> expected = rows(model.transform(test));
        assertEquals(30, expected.size());
        assertEquals(expected, rows(loaded.transform(test)));
        LatentMFModel stage = assertInstanceOf(LatentMFModel.class, loaded.stages()[1]);
        assertEquals("customer", stage.getUserCol());
        assertEquals(model.stages()[1].uid(), stage.uid());
    }

    @Test
    void load_dataFileMissing_failsNamingTheFile(@TempDir Path tmp) throws IOException {
        fitted.write().save(dir(tmp, "model"));
        Files.delete(tmp.resolve("model/data/model.latent"));

        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> LatentMFModel.load(dir(tmp, "model")));

        assertInstanceOf(FileNotFoundException.class, e.getCause());
        assertTrue(e.getMessage().contains("data/model.latent: no Latent model file"), e.getMessage());
    }

    @Test
    void load_dataFileDamaged_failsNamingTheFileAndProblem(@TempDir Path tmp) throws IOException {
        fitted.write().save(dir(tmp, "model"));
        Path file = tmp.resolve("model/data/model.latent");
        Files.write(file, "not a model".getBytes(StandardCharsets.US_ASCII));
        Files.deleteIfExists(tmp.resolve("model/data/.model.latent.crc"));

        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> LatentMFModel.load(dir(tmp, "model")));

        assertTrue(e.getMessage().contains("data/model.latent: not a readable Latent model: "), e.getMessage());
        assertFalse(e.getMessage().contains("latent-model-"), e.getMessage());
    }

    @Test
    void load_dataFileFlippedUnderItsChecksum_failsNamingTheFile(@TempDir Path tmp) throws IOException {
        fitted.write().save(dir(tmp, "model"));
        Path file = tmp.resolve("model/data/model.latent");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);

        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> LatentMFModel.load(dir(tmp, "model")));

        assertTrue(e.getMessage().contains("data/model.latent"), e.getMessage());
    }
}
