package dev.latent.spark;

import dev.latent.data.DataSets;
import dev.latent.data.IdIndex;
import dev.latent.io.ModelFiles;
import dev.latent.model.DataStats;
import dev.latent.model.FactorModel;
import dev.latent.recommend.Recommender;
import dev.latent.recommend.ScoredItem;
import dev.latent.train.sgd.BiasedMfConfig;

import org.apache.spark.SparkConf;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The Spark ML estimator and model on {@code local[2]}: params, scores, recommendations against Latent's Recommender, model files. */
class LatentMFTest {
    private static SparkSession spark;
    /** {@link #smallEstimator()} fitted on {@link #stringRatings()}, shared: fitting is most of this class's time. */
    private static LatentMFModel stringModel;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start(LatentMFTest.class);
        stringModel = smallEstimator().fit(stringRatings());
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** Five users and six items with string ids: every item rated, users of 2 to 4 ratings. */
    private static Dataset<Row> stringRatings() {
        StructType schema = new StructType().add("user", DataTypes.StringType).add("item", DataTypes.StringType)
                .add("rating", DataTypes.DoubleType);
        String[][] rows = {
                {"ann", "alien", "5"}, {"ann", "brazil", "3"}, {"ann", "casablanca", "4"},
                {"bob", "alien", "4"}, {"bob", "dune", "5"}, {"bob", "eraserhead", "1"}, {"bob", "fargo", "2"},
                {"cid", "brazil", "2"}, {"cid", "casablanca", "5"},
                {"dee", "dune", "4"}, {"dee", "fargo", "3"}, {"dee", "alien", "2"},
                {"eve", "eraserhead", "5"}, {"eve", "brazil", "4"}, {"eve", "fargo", "1"}};
        List<Row> data = new ArrayList<>();
        for (String[] r : rows) {
            data.add(RowFactory.create(r[0], r[1], Double.parseDouble(r[2])));
        }
        return spark.createDataFrame(data, schema);
    }

    /** The same shape with integer ids and integer ratings. */
    private static Dataset<Row> integerRatings() {
        StructType schema = new StructType().add("uid", DataTypes.IntegerType).add("iid", DataTypes.IntegerType)
                .add("stars", DataTypes.IntegerType);
        int[][] rows = {{1, 10, 5}, {1, 20, 3}, {1, 30, 4}, {2, 10, 4}, {2, 40, 5}, {2, 50, 1}, {3, 20, 2}, {3, 30, 5},
                {4, 40, 4}, {4, 60, 3}, {4, 10, 2}, {5, 50, 5}, {5, 20, 4}, {5, 60, 1}};
        List<Row> data = new ArrayList<>();
        for (int[] r : rows) {
            data.add(RowFactory.create(r[0], r[1], r[2]));
        }
        return spark.createDataFrame(data, schema);
    }

    private static LatentMF smallEstimator() {
        return new LatentMF().setRank(4).setMaxIter(10).setStepSize(0.1).setRegParam(0.02).setRegBias(0.01)
                .setSeed(7).setStrata(2);
    }

    /**
     * A hand-made rank-1 model: μ = 0.5, b_u = (0, 0.25, 0, 0), b_i = 0, p = (1, 2, −1, 1),
     * q = (1, 0.5, 2, −1); user d is a copy of a, so they tie. Seen: a {w}, b {x}, c {y, z}, d {w}.
     * Scores (rows a..d, columns w..z): a 1.5 1 2.5 −0.5; b 2.75 1.75 4.75 −1.25; c −0.5 0 −1.5 1.5;
     * d as a.
     */
    private static FactorModel handModel() {
        return new FactorModel("biased-mf", Map.of(), 1L, new DataStats(4, 4, 5, 1f, 5f, 3.0),
                IdIndex.of("user", List.of("a", "b", "c", "d")), IdIndex.of("item", List.of("w", "x", "y", "z")), 1, 0.5f,
                new float[] {0f, 0.25f, 0f, 0f}, new float[4], new float[] {1f, 2f, -1f, 1f}, new float[] {1f, 0.5f, 2f, -1f},
                new int[] {0, 1, 2, 4, 5}, new int[] {0, 1, 2, 3, 0});
    }

    /** Recommendation rows as key → "id score, id score, …". */
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

    private static String list(List<ScoredItem> items) {
        List<String> entries = new ArrayList<>();
        for (ScoredItem item : items) {
            entries.add(item.id() + " " + item.score());
        }
        return String.join(", ", entries);
    }

    @Test
    void dsgdConfig_nothingSet_isTheDefaults() {
        assertEquals(DsgdConfig.defaults(), new LatentMF().dsgdConfig());
    }

    @Test
    void dsgdConfig_everyParamSet_mapsOntoBiasedMfConfig() {
        LatentMF estimator = new LatentMF().setRank(8).setMaxIter(3).setRegParam(0.2).setRegBias(0.05)
                .setStepSize(0.01).setSeed(99).setStrata(5);

        DsgdConfig expected = new DsgdConfig(BiasedMfConfig.defaults().withFactors(8).withEpochs(3).withRegFactors(0.2f)
                .withRegBias(0.05f).withLearningRate(0.01f).withSeed(99), 5);
        assertEquals(expected, estimator.dsgdConfig());
    }

    @Test
    void setRank_zero_rejectedByTheParam() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LatentMF().setRank(0));

        assertTrue(e.getMessage().contains("rank"), e.getMessage());
    }

    @Test
    void copy_extraParams_keepsUidAndOverrides() {
        LatentMF estimator = new LatentMF().setRank(8).setUserCol("u");

        LatentMF copy = estimator.copy(new ParamMap().put(estimator.maxIter().w(3)));

        assertEquals(estimator.uid(), copy.uid());
        assertEquals(8, copy.getRank());
        assertEquals("u", copy.getUserCol());
        assertEquals(3, copy.getMaxIter());
        assertEquals(30, estimator.getMaxIter());
        assertTrue(estimator.explainParams().contains("rank: rank k of the factor matrices (> 0) (default: 100, current: 8)"),
                estimator.explainParams());
    }

    @Test
    void fit_stringIds_transformEqualsFactorModelScoreAndNanForUnknown() {
        LatentMFModel model = stringModel;
        FactorModel latent = model.latentModel();
        StructType schema = new StructType().add("user", DataTypes.StringType).add("item", DataTypes.StringType);
        Dataset<Row> pairs = spark.createDataFrame(List.of(RowFactory.create("ann", "dune"), RowFactory.create("eve", "alien"),
                RowFactory.create("bob", "eraserhead"), RowFactory.create("zed", "alien"), RowFactory.create("ann", "zardoz"),
                RowFactory.create(null, "alien")), schema);

        List<Row> scored = model.transform(pairs).collectAsList();

        assertEquals(DataTypes.FloatType, model.transform(pairs).schema().apply("prediction").dataType());
        assertEquals(6, scored.size());
        for (Row row : scored.subList(0, 3)) {
            float expected = latent.score(latent.users().indexOf(row.getString(0)), latent.items().indexOf(row.getString(1)));
            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(row.getFloat(2)), row.toString());
        }
        for (Row row : scored.subList(3, 6)) {
            assertTrue(Float.isNaN(row.getFloat(2)), row.toString());
        }
        assertEquals(List.of("alien", "brazil", "casablanca", "dune", "eraserhead", "fargo"), latent.items().ids());
    }

    @Test
    void fit_integerIds_columnParamsCarriedAndIdsReadAsStrings() {
        LatentMF estimator = smallEstimator().setUserCol("uid").setItemCol("iid").setRatingCol("stars").setPredictionCol("p");
        Dataset<Row> ratings = integerRatings();

        LatentMFModel model = estimator.fit(ratings);

        FactorModel latent = model.latentModel();
        assertEquals(List.of("1", "2", "3", "4", "5"), latent.users().ids());
        assertEquals(List.of("10", "20", "30", "40", "50", "60"), latent.items().ids());
        assertEquals("uid", model.getUserCol());
        assertEquals("iid", model.getItemCol());
        assertEquals("p", model.getPredictionCol());
        assertEquals(estimator.uid(), model.uid());
        assertSame(estimator, model.parent());
        for (Row row : model.transform(ratings).collectAsList()) {
            float expected = latent.score(latent.users().indexOf(Integer.toString(row.getInt(0))),
                    latent.items().indexOf(Integer.toString(row.getInt(1))));
            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(row.getFloat(3)), row.toString());
        }
        Dataset<Row> recommendations = model.recommendForUserSubset(ratings, 2);
        assertEquals(List.of("uid", "recommendations"), List.of(recommendations.schema().fieldNames()));
        assertEquals(5, recommendations.count());
    }

    @Test
    void recommendForUserSubset_everyUser_equalsRecommenderOnTheSavedFile(@TempDir Path dir) throws IOException {
        LatentMFModel model = stringModel;
        Path file = dir.resolve("model.latent");
        model.saveAsLatent(file.toString());
        Recommender served = new Recommender(ModelFiles.load(file));
        StructType schema = new StructType().add("user", DataTypes.StringType);
        Dataset<Row> users = spark.createDataFrame(List.of(RowFactory.create("ann"), RowFactory.create("bob"),
                RowFactory.create("cid"), RowFactory.create("dee"), RowFactory.create("eve"), RowFactory.create("ann"),
                RowFactory.create("zed"), RowFactory.create((Object) null)), schema);

        Map<String, String> lists = lists(model.recommendForUserSubset(users, 5));

        assertEquals(List.of("ann", "bob", "cid", "dee", "eve"), List.copyOf(lists.keySet()), "duplicates once, unknown and null dropped");
        for (String user : lists.keySet()) {
            String expected = list(served.recommend(user, 5));
            assertFalse(expected.isEmpty());
            assertEquals(expected, lists.get(user), user);
        }
        assertEquals(lists, lists(model.recommendForAllUsers(5)));
    }

    @Test
    void saveAsLatent_localPathAndFileUri_loadsTheSameModel(@TempDir Path dir) throws IOException {
        LatentMFModel model = stringModel;

        model.saveAsLatent(dir.resolve("plain.latent").toString());
        model.saveAsLatent(dir.resolve("sub/uri.latent").toUri().toString());

        for (String name : List.of("plain.latent", "sub/uri.latent")) {
            FactorModel loaded = ModelFiles.load(dir.resolve(name));
            assertTrue(model.latentModel().sameAs(loaded), name);
            assertEquals("dsgd", loaded.parameters().get("trainer"));
        }
    }

    @Test
    void recommendForAllUsers_handModel_unseenItemsTiesByIndex() {
        LatentMFModel model = new LatentMFModel(handModel());

        Map<String, String> lists = lists(model.recommendForAllUsers(2));

        assertEquals(Map.of("a", "y 2.5, x 1.0", "b", "y 4.75, w 2.75", "c", "x 0.0, w -0.5", "d", "y 2.5, x 1.0"), lists);
    }

    @Test
    void recommendForAllItems_handModel_topUsersOverAllUsersTiesByIndex() {
        LatentMFModel model = new LatentMFModel(handModel());

        Dataset<Row> recommendations = model.recommendForAllItems(2);

        assertEquals(List.of("item", "recommendations"), List.of(recommendations.schema().fieldNames()));
        assertEquals(Map.of("w", "b 2.75, a 1.5", "x", "b 1.75, a 1.0", "y", "b 4.75, a 2.5", "z", "c 1.5, a -0.5"),
                lists(recommendations));
        StructType schema = new StructType().add("item", DataTypes.StringType);
        Dataset<Row> subset = spark.createDataFrame(List.of(RowFactory.create("z"), RowFactory.create("nope")), schema);
        assertEquals(Map.of("z", "c 1.5, a -0.5, d -0.5"), lists(model.recommendForItemSubset(subset, 3)));
    }

    @Test
    void state_javaAndKryoSerialization_rebuildTheSameModel() throws IOException, ClassNotFoundException {
        FactorModel original = stringModel.latentModel();
        LatentMFState state = LatentMFState.of(original);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(state);
        }
        LatentMFState java;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            java = (LatentMFState) in.readObject();
        }
        SerializerInstance kryo = new KryoSerializer(new SparkConf()).newInstance();
        ClassTag<LatentMFState> tag = ClassTag$.MODULE$.apply(LatentMFState.class);
        LatentMFState viaKryo = kryo.deserialize(kryo.serialize(state, tag), tag);

        assertTrue(original.sameAs(java.model()));
        assertTrue(original.sameAs(viaKryo.model()));
        assertEquals(original.score(1, 2), viaKryo.score(original.users().idAt(1), original.items().idAt(2)));
    }

    @Test
    void transform_coldStartDrop_dropsUnknownPairs() {
        LatentMFModel model = new LatentMFModel(handModel()).setColdStartStrategy("drop");
        StructType schema = new StructType().add("user", DataTypes.StringType).add("item", DataTypes.StringType);
        Dataset<Row> pairs = spark.createDataFrame(List.of(RowFactory.create("b", "y"), RowFactory.create("q", "y"),
                RowFactory.create("c", "nope")), schema);

        List<Row> scored = model.transform(pairs).collectAsList();

        assertEquals(List.of(RowFactory.create("b", "y", 4.75f)), scored);
        LatentMFModel copy = model.copy(new ParamMap().put(model.predictionCol().w("score")));
        assertEquals("drop", copy.getColdStartStrategy());
        assertEquals("score", copy.getPredictionCol());
        assertEquals("prediction", model.getPredictionCol());
        assertSame(model.latentModel(), copy.latentModel());
    }

    @Test
    void transformSchema_missingColumn_rejectedNamingColumnAndParam() {
        StructType schema = new StructType().add("user", DataTypes.StringType).add("movie", DataTypes.IntegerType)
                .add("rating", DataTypes.FloatType);

        IllegalArgumentException model = assertThrows(IllegalArgumentException.class,
                () -> new LatentMFModel(handModel()).transformSchema(schema));
        IllegalArgumentException estimator = assertThrows(IllegalArgumentException.class,
                () -> new LatentMF().transformSchema(schema));

        assertEquals("column 'item' (itemCol) does not exist; the columns are [user, movie, rating]", model.getMessage());
        assertEquals(model.getMessage(), estimator.getMessage());
        assertEquals(schema.add("prediction", DataTypes.FloatType),
                new LatentMF().setItemCol("movie").transformSchema(schema));
    }

    @Test
    void transformSchema_wrongTypes_rejected() {
        StructType booleanUser = new StructType().add("user", DataTypes.BooleanType).add("item", DataTypes.IntegerType)
                .add("rating", DataTypes.FloatType);
        StructType stringRating = new StructType().add("user", DataTypes.StringType).add("item", DataTypes.IntegerType)
                .add("rating", DataTypes.StringType);
        StructType taken = stringRating.add("prediction", DataTypes.DoubleType);

        assertEquals("column 'user' (userCol) must be string or numeric but was boolean",
                assertThrows(IllegalArgumentException.class, () -> new LatentMF().transformSchema(booleanUser)).getMessage());
        assertEquals("column 'rating' (ratingCol) must be numeric but was string",
                assertThrows(IllegalArgumentException.class, () -> new LatentMF().transformSchema(stringRating)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LatentMFModel(handModel()).transformSchema(taken))
                .getMessage().contains("'prediction' (predictionCol) already exists"));
    }

    @Test
    void fit_movieLens100kU1_recommendationsEqualRecommenderAndTestRmseSane() {
        Path dir = DataSets.find("ml-100k/u1.base").map(Path::getParent).orElse(null);
        assumeTrue(dir != null, "MovieLens 100K not found under " + DataSets.root());
        Dataset<Row> train = spark.read().option("sep", "\t").schema("user INT, item INT, rating FLOAT, time LONG")
                .csv(dir.resolve("u1.base").toString());
        Dataset<Row> test = spark.read().option("sep", "\t").schema("user INT, item INT, rating FLOAT, time LONG")
                .csv(dir.resolve("u1.test").toString());

        LatentMFModel model = new LatentMF().setRank(20).setMaxIter(10).setStrata(2).fit(train);
        model.setColdStartStrategy("drop");

        double rmse = new RegressionEvaluator().setLabelCol("rating").setPredictionCol("prediction").evaluate(model.transform(test));
        Recommender recommender = new Recommender(model.latentModel());
        Map<String, String> lists = lists(model.recommendForAllUsers(10));
        assertEquals(943, lists.size());
        for (Map.Entry<String, String> entry : lists.entrySet()) {
            assertEquals(list(recommender.recommend(entry.getKey(), 10)), entry.getValue(), entry.getKey());
        }
        System.out.printf("MovieLens 100K u1, LatentMF k=20, 10 epochs: test RMSE (unclipped) %.4f%n", rmse);
        assertTrue(rmse < 1.0, "test RMSE " + rmse);
    }
}
