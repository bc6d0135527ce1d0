package dev.latent.spark;

import dev.latent.model.FactorModel;
import dev.latent.train.sgd.BiasedMfConfig;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import scala.Option;

import java.util.Arrays;
import java.util.Objects;

/**
 * Biased matrix factorisation (Koren, Bell, Volinsky, "Matrix factorization techniques for
 * recommender systems", IEEE Computer 2009) as a Spark ML {@link Estimator}, trained by
 * {@link DsgdTrainer} (Gemulla et al. 2011): a drop-in for {@code ALS} in a Spark ML pipeline whose
 * {@link LatentMFModel} is also a Latent model file.
 *
 * <p>Params and what they set in {@link BiasedMfConfig}: {@code rank} → factors, {@code maxIter}
 * → epochs, {@code stepSize} → learningRate, {@code regParam} → regFactors, {@code regBias} →
 * regBias, {@code seed} → seed; {@code strata} is {@link DsgdConfig#strata()}. Each defaults to
 * {@link BiasedMfConfig#defaults()} (k = 100, 30 epochs, η = 0.05, λ = 0.1 and 0.01, seed 42) and
 * {@link DsgdConfig#defaults()} (strata 0: twice the default parallelism); every other field of
 * the config (AdaGrad schedule, initStd) keeps its default. User and item columns may be string
 * or numeric, read as their string cast; the rating column must be numeric.
 *
 * <p>Readable from Scala as from Java: setters return {@code this}, params are the usual
 * {@code Param} objects ({@code new LatentMF().setRank(20).setMaxIter(10).fit(ratings)}).
 *
 * <p>ML persistence as ALS's: {@code write().save(path)} writes the params as Spark's
 * {@code DefaultParamsWriter} does ({@code metadata/}), {@link #load} reads them back with the uid,
 * so a {@code Pipeline} holding this stage saves and loads.
 */
public final class LatentMF extends Estimator<LatentMFModel> implements DefaultParamsWritable {
    private final String uid;
    private final IntParam rank;
    private final IntParam maxIter;
    private final DoubleParam regParam;
    private final DoubleParam regBias;
    private final DoubleParam stepSize;
    private final LongParam seed;
    private final IntParam strata;
    private final Param<String> userCol;
    private final Param<String> itemCol;
    private final Param<String> ratingCol;
    private final Param<String> predictionCol;

    public LatentMF() {
        this(Identifiable$.MODULE$.randomUID("latentMF"));
    }

    /** The constructor {@link #copy} and Spark's reflection use. */
    public LatentMF(String uid) {
        this.uid = Objects.requireNonNull(uid, "uid");
        BiasedMfConfig mf = BiasedMfConfig.defaults();
        rank = new IntParam(this, "rank", "rank k of the factor matrices (> 0)", ParamValidators.gtEq(1));
        maxIter = new IntParam(this, "maxIter", "epochs: passes over the ratings (> 0)", ParamValidators.gtEq(1));
        regParam = new DoubleParam(this, "regParam", "L2 weight on the factor vectors (>= 0)", ParamValidators.gtEq(0));
        regBias = new DoubleParam(this, "regBias", "L2 weight on the user and item biases (>= 0)", ParamValidators.gtEq(0));
        stepSize = new DoubleParam(this, "stepSize", "SGD learning rate (> 0)", ParamValidators.gt(0));
        seed = new LongParam(this, "seed", "the one seed of the run");
        strata = new IntParam(this, "strata", "DSGD grid size d (d x d blocks), 0 for twice the default parallelism (>= 0)",
                ParamValidators.gtEq(0));
        userCol = userColParam(this);
        itemCol = itemColParam(this);
        ratingCol = new Param<>(this, "ratingCol", "column of the ratings (numeric)");
        predictionCol = predictionColParam(this);
        setDefault(rank, mf.factors());
        setDefault(maxIter, mf.epochs());
        setDefault(regParam, (double) mf.regFactors());
        setDefault(regBias, (double) mf.regBias());
        setDefault(stepSize, (double) mf.learningRate());
        setDefault(seed, mf.seed());
        setDefault(strata, DsgdConfig.defaults().strata());
        setDefault(userCol, "user");
        setDefault(itemCol, "item");
        setDefault(ratingCol, "rating");
        setDefault(predictionCol, "prediction");
    }

    @Override
    public String uid() {
        return uid;
    }

    public IntParam rank() {
        return rank;
    }

    public IntParam maxIter() {
        return maxIter;
    }

    public DoubleParam regParam() {
        return regParam;
    }

    public DoubleParam regBias() {
        return regBias;
    }

    public DoubleParam stepSize() {
        return stepSize;
    }

    public LongParam seed() {
        return seed;
    }

    public IntParam strata() {
        return strata;
    }

    public Param<String> userCol() {
        return userCol;
    }

    public Param<String> itemCol() {
        return itemCol;
    }

    public Param<String> ratingCol() {
        return ratingCol;
    }

    public Param<String> predictionCol() {
        return predictionCol;
    }

    public int getRank() {
        return (Integer) getOrDefault(rank);
    }

    public int getMaxIter() {
        return (Integer) getOrDefault(maxIter);
    }

    public double getRegParam() {
        return (Double) getOrDefault(regParam);
    }

    public double getRegBias() {
        return (Double) getOrDefault(regBias);
    }

    public double getStepSize() {
        return (Double) getOrDefault(stepSize);
    }

    public long getSeed() {
        return (Long) getOrDefault(seed);
    }

    public int getStrata() {
        return (Integer) getOrDefault(strata);
    }

    public String getUserCol() {
        return getOrDefault(userCol);
    }

    public String getItemCol() {
        return getOrDefault(itemCol);
    }

    public String getRatingCol() {
        return getOrDefault(ratingCol);
    }

    public String getPredictionCol() {
        return getOrDefault(predictionCol);
    }

    public LatentMF setRank(int value) {
        set(rank, value);
        return this;
    }

    public LatentMF setMaxIter(int value) {
        set(maxIter, value);
        return this;
    }

    public LatentMF setRegParam(double value) {
        set(regParam, value);
        return this;
    }

    public LatentMF setRegBias(double value) {
        set(regBias, value);
        return this;
    }

    public LatentMF setStepSize(double value) {
        set(stepSize, value);
        return this;
    }

    public LatentMF setSeed(long value) {
        set(seed, value);
        return this;
    }

    public LatentMF setStrata(int value) {
        set(strata, value);
        return this;
    }

    public LatentMF setUserCol(String value) {
        set(userCol, value);
        return this;
    }

    public LatentMF setItemCol(String value) {
        set(itemCol, value);
        return this;
    }

    public LatentMF setRatingCol(String value) {
        set(ratingCol, value);
        return this;
    }

    public LatentMF setPredictionCol(String value) {
        set(predictionCol, value);
        return this;
    }

    /** The trainer configuration {@link #fit} runs with: the params over the defaults. */
    public DsgdConfig dsgdConfig() {
        BiasedMfConfig mf = BiasedMfConfig.defaults()
                .withFactors(getRank())
                .withEpochs(getMaxIter())
                .withLearningRate((float) getStepSize())
                .withRegFactors((float) getRegParam())
                .withRegBias((float) getRegBias())
                .withSeed(getSeed());
        return new DsgdConfig(mf, getStrata());
    }

    /** Trains on {@code dataset} by DSGD; the model carries this estimator's uid and column params. */
    @Override
    public LatentMFModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema(), true);
        FactorModel model = new DsgdTrainer(dsgdConfig()).train(dataset.toDF(), getUserCol(), getItemCol(), getRatingCol());
        return copyValues(new LatentMFModel(uid, model), ParamMap.empty()).setParent(this);
    }

    /**
     * The schema of the fitted model's output: the input plus {@code predictionCol} (float). Rejects
     * an absent or ill-typed user, item or rating column, and a prediction column already there.
     */
    @Override
    public StructType transformSchema(StructType schema) {
        checkIdColumn(schema, "userCol", getUserCol());
        checkIdColumn(schema, "itemCol", getItemCol());
        DataType rating = column(schema, "ratingCol", getRatingCol()).dataType();
        if (!(rating instanceof NumericType)) {
            throw new IllegalArgumentException("column '" + getRatingCol() + "' (ratingCol) must be numeric but was "
                    + rating.simpleString());
        }
        return withPrediction(schema, getPredictionCol());
    }

    @Override
    public LatentMF copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /**
     * Reads what {@code write().save(path)} wrote: Spark's params metadata, checked to be a
     * {@code LatentMF}'s. Spark's {@code Pipeline.load} finds this method by reflection.
     */
    public static MLReader<LatentMF> read() {
        return new ParamsReader();
    }

    /** {@code read().load(path)}. */
    public static LatentMF load(String path) {
        return read().load(path);
    }

    /** {@code DefaultParamsReader} with the class name checked, so another stage's directory is refused by name. */
    private static final class ParamsReader extends MLReader<LatentMF> {
        @Override
        public LatentMF load(String path) {
            DefaultParamsReader.Metadata metadata =
                    DefaultParamsReader.loadMetadata(path, sparkSession(), LatentMF.class.getName());
            LatentMF estimator = new LatentMF(metadata.uid());
            metadata.getAndSetParams(estimator, Option.empty());
            return estimator;
        }
    }

    // The column params the estimator and its model share, so that copyValues carries them over.

    static Param<String> userColParam(Params owner) {
        return new Param<>(owner, "userCol", "column of the user ids (string or numeric)");
    }

    static Param<String> itemColParam(Params owner) {
        return new Param<>(owner, "itemCol", "column of the item ids (string or numeric)");
    }

    static Param<String> predictionColParam(Params owner) {
        return new Param<>(owner, "predictionCol", "column the predicted score is written to");
    }

    /** Checks that the id column {@code name} (the value of param {@code param}) exists and is string or numeric. */
    static void checkIdColumn(StructType schema, String param, String name) {
        DataType type = column(schema, param, name).dataType();
        if (!(type instanceof StringType || type instanceof NumericType)) {
            throw new IllegalArgumentException("column '" + name + "' (" + param + ") must be string or numeric but was "
                    + type.simpleString());
        }
    }

    static StructType withPrediction(StructType schema, String predictionCol) {
        if (Arrays.asList(schema.fieldNames()).contains(predictionCol)) {
            throw new IllegalArgumentException("column '" + predictionCol + "' (predictionCol) already exists; set another predictionCol");
        }
        return schema.add(predictionCol, DataTypes.FloatType, true);
    }

    private static StructField column(StructType schema, String param, String name) {
        for (StructField field : schema.fields()) {
            if (field.name().equals(name)) {
                return field;
            }
        }
        throw new IllegalArgumentException("column '" + name + "' (" + param + ") does not exist; the columns are "
                + Arrays.toString(schema.fieldNames()));
    }
}
