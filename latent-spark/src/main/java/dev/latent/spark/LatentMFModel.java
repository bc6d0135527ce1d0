package dev.latent.spark;

import dev.latent.io.ModelFiles;
import dev.latent.model.FactorModel;
import dev.latent.recommend.Recommender;
import dev.latent.recommend.ScoredItem;
import dev.latent.recommend.TopN;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.not;

/**
 * A Latent {@link FactorModel} as a Spark ML {@link Model}: what {@link LatentMF#fit} returns, and
 * what wraps any model, such as one read by {@link ModelFiles#load}.
 *
 * <p>Scores. {@link #transform} adds {@code predictionCol} (float): the unclipped score
 * {@code μ + b_u + b_i + p_u·q_i} of {@link FactorModel#score(int, int)}, bit for bit. A row whose
 * user or item is null or not in the model gets NaN, as ALS's {@code coldStartStrategy "nan"}
 * gives; with {@code coldStartStrategy "drop"} such rows are dropped, so that an evaluator sees
 * no NaN. Ids of any string or numeric column are read as their string cast, as training reads them.
 *
 * <p>Recommendations are shaped like ALS's ({@code userCol}, {@code recommendations:
 * array<struct<itemCol, rating>>}, and the mirror for items) with ids as strings. For users they
 * are exactly {@link Recommender#recommend(int, int)}'s: the n best-scored rated items the user did
 * not rate in training, equal scores by lower item index, so the Latent file from
 * {@link #saveAsLatent} served by {@code latent serve} gives the same lists. For items they are the
 * n best-scored users over ALL users of the model (training ratings are not excluded), equal
 * scores by lower user index. Users or items in a subset that the model does not know are
 * dropped, as ALS drops them. The work runs in the executors' tasks, the model broadcast once per
 * call.
 *
 * <p>Files. {@link #saveAsLatent} writes Latent's own model file, which the CLI and server read
 * and {@code new LatentMFModel(ModelFiles.load(file))} wraps again. ML persistence is ALS's:
 * {@code write().save(dir)} (or a saved {@code PipelineModel} holding this stage) writes the uid
 * and params as Spark's {@code DefaultParamsWriter} does ({@code dir/metadata/}) and that same
 * Latent file as {@code dir/data/model.latent}; {@link #load} reads both back, so the loaded
 * model scores and recommends bit for bit as the saved one. As in Spark, {@code save} refuses an
 * existing {@code dir} and {@code write().overwrite().save(dir)} replaces it.
 */
public final class LatentMFModel extends Model<LatentMFModel> implements MLWritable {
    /** Where {@link #write} puts the Latent model file, relative to the saved directory. */
    public static final String DATA_FILE = "data/model.latent";

    private static final String RECOMMENDATIONS = "recommendations";
    private static final String RATING = "rating";

    private final String uid;
    private final LatentMFState state;
    private final Param<String> userCol;
    private final Param<String> itemCol;
    private final Param<String> predictionCol;
    private final Param<String> coldStartStrategy;

    /** Wraps {@code model} under {@code uid}; the columns take their defaults. */
    public LatentMFModel(String uid, FactorModel model) {
        this(uid, LatentMFState.of(model));
    }

    /** Wraps {@code model} under a fresh uid. */
    public LatentMFModel(FactorModel model) {
        this(Identifiable$.MODULE$.randomUID("latentMF"), model);
    }

    private LatentMFModel(String uid, LatentMFState state) {
        this.uid = Objects.requireNonNull(uid, "uid");
        this.state = state;
        userCol = LatentMF.userColParam(this);
        itemCol = LatentMF.itemColParam(this);
        predictionCol = LatentMF.predictionColParam(this);
        coldStartStrategy = new Param<>(this, "coldStartStrategy",
                "what transform does with a row whose user or item is not in the model: nan (a NaN prediction) or drop",
                ParamValidators.inArray(new String[] {"nan", "drop"}));
        setDefault(userCol, "user");
        setDefault(itemCol, "item");
        setDefault(predictionCol, "prediction");
        setDefault(coldStartStrategy, "nan");
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The wrapped model, the one Latent's CLI, server and Recommender use. */
    public FactorModel latentModel() {
        return state.model();
    }

    public Param<String> userCol() {
        return userCol;
    }

    public Param<String> itemCol() {
        return itemCol;
    }

    public Param<String> predictionCol() {
        return predictionCol;
    }

    public Param<String> coldStartStrategy() {
        return coldStartStrategy;
    }

    public String getUserCol() {
        return getOrDefault(userCol);
    }

    public String getItemCol() {
        return getOrDefault(itemCol);
    }

    public String getPredictionCol() {
        return getOrDefault(predictionCol);
    }

    public String getColdStartStrategy() {
        return getOrDefault(coldStartStrategy);
    }

    public LatentMFModel setUserCol(String value) {
        set(userCol, value);
        return this;
    }

    public LatentMFModel setItemCol(String value) {
        set(itemCol, value);
        return this;
    }

    public LatentMFModel setPredictionCol(String value) {
        set(predictionCol, value);
        return this;
    }

    /** {@code "nan"} (the default) or {@code "drop"}; see the class comment. */
    public LatentMFModel setColdStartStrategy(String value) {
        set(coldStartStrategy, value);
        return this;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema(), true);
        Broadcast<LatentMFState> model = broadcast(dataset.sparkSession());
        Column score = scorer(model).apply(col(getUserCol()).cast("string"), col(getItemCol()).cast("string"));
        Dataset<Row> scored = dataset.withColumn(getPredictionCol(), score);
        return getColdStartStrategy().equals("drop") ? scored.where(not(isnan(col(getPredictionCol())))) : scored;
    }

    /** A UDF made in a static method, so that its closure holds the broadcast and not this model. */
    private static UserDefinedFunction scorer(Broadcast<LatentMFState> model) {
        return org.apache.spark.sql.functions.udf(
                (UDF2<String, String, Float>) (user, item) -> model.value().score(user, item), DataTypes.FloatType);
    }

    /** The input plus {@code predictionCol} (float); rejects absent or ill-typed id columns and a taken prediction column. */
    @Override
    public StructType transformSchema(StructType schema) {
        LatentMF.checkIdColumn(schema, "userCol", getUserCol());
        LatentMF.checkIdColumn(schema, "itemCol", getItemCol());
        return LatentMF.withPrediction(schema, getPredictionCol());
    }

    @Override
    public LatentMFModel copy(ParamMap extra) {
        LatentMFModel copy = copyValues(new LatentMFModel(uid, state), extra);
        return hasParent() ? copy.setParent(parent()) : copy;
    }

    /**
     * The top {@code n} items for every user of the model: rows {@code (userCol: string,
     * recommendations: array<struct<itemCol: string, rating: float>>)}, as {@link Recommender}
     * ranks them.
     */
    public Dataset<Row> recommendForAllUsers(int n) {
        checkN(n);
        SparkSession spark = SparkSession.active();
        Broadcast<LatentMFState> model = broadcast(spark);
        int users = state.model().users().size();
        JavaRDD<Row> rows = indices(spark, users).mapPartitions(indices -> {
            LatentMFState s = model.value();
            List<Row> out = new ArrayList<>();
            while (indices.hasNext()) {
                out.add(userRow(s, Math.toIntExact(indices.next()), n));
            }
            return out.iterator();
        });
        return spark.createDataFrame(rows, recommendationSchema(getUserCol(), getItemCol()));
    }

    /**
     * The top {@code n} items for each distinct user in {@code dataset}'s {@code userCol}, shaped as
     * {@link #recommendForAllUsers}; users the model does not know are left out.
     */
    public Dataset<Row> recommendForUserSubset(Dataset<?> dataset, int n) {
        checkN(n);
        LatentMF.checkIdColumn(dataset.schema(), "userCol", getUserCol());
        Broadcast<LatentMFState> model = broadcast(dataset.sparkSession());
        JavaRDD<Row> rows = distinctIds(dataset, getUserCol()).mapPartitions(ids -> {
            LatentMFState s = model.value();
            List<Row> out = new ArrayList<>();
            while (ids.hasNext()) {
                int user = s.model().users().tryIndexOf(ids.next().getString(0));
                if (user >= 0) {
                    out.add(userRow(s, user, n));
                }
            }
            return out.iterator();
        });
        return dataset.sparkSession().createDataFrame(rows, recommendationSchema(getUserCol(), getItemCol()));
    }

    /**
     * The top {@code n} users for every item of the model, over all users: rows {@code (itemCol:
     * string, recommendations: array<struct<userCol: string, rating: float>>)}.
     */
    public Dataset<Row> recommendForAllItems(int n) {
        checkN(n);
        SparkSession spark = SparkSession.active();
        Broadcast<LatentMFState> model = broadcast(spark);
        int items = state.model().items().size();
        JavaRDD<Row> rows = indices(spark, items).mapPartitions(indices -> {
            LatentMFState s = model.value();
            List<Row> out = new ArrayList<>();
            while (indices.hasNext()) {
                out.add(itemRow(s, Math.toIntExact(indices.next()), n));
            }
            return out.iterator();
        });
        return spark.createDataFrame(rows, recommendationSchema(getItemCol(), getUserCol()));
    }

    /**
     * The top {@code n} users for each distinct item in {@code dataset}'s {@code itemCol}, shaped as
     * {@link #recommendForAllItems}; items the model does not know are left out.
     */
    public Dataset<Row> recommendForItemSubset(Dataset<?> dataset, int n) {
        checkN(n);
        LatentMF.checkIdColumn(dataset.schema(), "itemCol", getItemCol());
        Broadcast<LatentMFState> model = broadcast(dataset.sparkSession());
        JavaRDD<Row> rows = distinctIds(dataset, getItemCol()).mapPartitions(ids -> {
            LatentMFState s = model.value();
            List<Row> out = new ArrayList<>();
            while (ids.hasNext()) {
                int item = s.model().items().tryIndexOf(ids.next().getString(0));
                if (item >= 0) {
                    out.add(itemRow(s, item, n));
                }
            }
            return out.iterator();
        });
        return dataset.sparkSession().createDataFrame(rows, recommendationSchema(getItemCol(), getUserCol()));
    }

    /**
     * Writes the model as a Latent model file ({@link ModelFiles} format) to {@code path} on any
     * file system Hadoop knows ({@code file:}, {@code hdfs:}, {@code s3a:}, …), as configured by the
     * active Spark session's Hadoop configuration; an existing file is replaced. The file is made
     * in a local temporary file first and then copied; on a checksummed local file system Hadoop
     * also writes its {@code .crc} file beside it.
     */
    public void saveAsLatent(String path) throws IOException {
        Objects.requireNonNull(path, "path");
        HadoopFiles.saveModel(state.model(), path, SparkSession.active().sparkContext().hadoopConfiguration(), true);
    }

    /** A writer of this model's params metadata and {@link #DATA_FILE}; see the class comment. */
    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    /** Reads what {@link #write} wrote; Spark's {@code PipelineModel.load} finds this method by reflection. */
    public static MLReader<LatentMFModel> read() {
        return new Reader();
    }

    /**
     * {@code read().load(path)}.
     *
     * @throws UncheckedIOException when {@link #DATA_FILE} is missing or not a readable Latent
     *                              model; the message names the file
     */
    public static LatentMFModel load(String path) {
        return read().load(path);
    }

    private static final class Writer extends MLWriter {
        private final LatentMFModel instance;

        Writer(LatentMFModel instance) {
            this.instance = instance;
        }

        /** Called by {@link MLWriter#save} once it has checked, or with overwrite cleared, {@code path}. */
        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter$.MODULE$.saveMetadata(instance, path, sparkSession());
            org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(path, DATA_FILE);
            try {
                HadoopFiles.saveModel(instance.state.model(), target.toString(), sc().hadoopConfiguration(), false);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
    }

    private static final class Reader extends MLReader<LatentMFModel> {
        @Override
        public LatentMFModel load(String path) {
            DefaultParamsReader.Metadata metadata =
                    DefaultParamsReader.loadMetadata(path, sparkSession(), LatentMFModel.class.getName());
            org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(path, DATA_FILE);
            FactorModel model;
            try {
                model = HadoopFiles.loadModel(source.toString(), sc().hadoopConfiguration());
            } catch (FileNotFoundException e) {
                throw new UncheckedIOException(source + ": no Latent model file; a saved LatentMFModel directory holds"
                        + " metadata/ and " + DATA_FILE, e);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
            LatentMFModel loaded = new LatentMFModel(metadata.uid(), model);
            metadata.getAndSetParams(loaded, Option.empty());
            return loaded;
        }
    }

    @Override
    public String toString() {
        return "LatentMFModel: uid=" + uid + ", " + state.model();
    }

    private Broadcast<LatentMFState> broadcast(SparkSession spark) {
        return JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(state);
    }

    private static JavaRDD<Long> indices(SparkSession spark, int count) {
        int partitions = Math.max(1, Math.min(count, spark.sparkContext().defaultParallelism()));
        return spark.range(0, count, 1, partitions).javaRDD();
    }

    private static JavaRDD<Row> distinctIds(Dataset<?> dataset, String column) {
        return dataset.select(col(column).cast("string").as(column)).where(col(column).isNotNull()).distinct().javaRDD();
    }

    private static Row userRow(LatentMFState state, int user, int n) {
        List<ScoredItem> top = state.recommender().recommend(user, n);
        List<Row> recommendations = new ArrayList<>(top.size());
        for (ScoredItem item : top) {
            recommendations.add(RowFactory.create(item.id(), item.score()));
        }
        return RowFactory.create(state.model().users().idAt(user), asSeq(recommendations));
    }

    /** The {@code n} best users for {@code item} by {@link FactorModel#score(int, int)}, equal scores by lower index. */
    private static Row itemRow(LatentMFState state, int item, int n) {
        FactorModel model = state.model();
        int users = model.users().size();
        TopN top = new TopN(Math.max(1, Math.min(n, users)));
        for (int user = 0; user < users; user++) {
            top.offer(user, model.score(user, item));
        }
        int[] indices = new int[top.size()];
        float[] scores = new float[top.size()];
        int count = top.drainTo(indices, scores);
        List<Row> recommendations = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            recommendations.add(RowFactory.create(model.users().idAt(indices[k]), scores[k]));
        }
        return RowFactory.create(model.items().idAt(item), asSeq(recommendations));
    }

    /** What a Row holds for an array column: a Scala Seq. */
    private static scala.collection.immutable.Seq<Row> asSeq(List<Row> rows) {
        return CollectionConverters.asScala(rows).toSeq();
    }

    private static StructType recommendationSchema(String keyCol, String otherCol) {
        StructType entry = new StructType()
                .add(otherCol, DataTypes.StringType, false)
                .add(RATING, DataTypes.FloatType, false);
        return new StructType()
                .add(keyCol, DataTypes.StringType, false)
                .add(RECOMMENDATIONS, new ArrayType(entry, false), false);
    }

    private static void checkN(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive but was " + n);
        }
    }
}
