package dev.latent.spark;

import dev.latent.data.IdIndex;
import dev.latent.data.RatingMatrix;
import dev.latent.model.DataStats;
import dev.latent.model.FactorModel;

import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * Trains with Spark MLlib's own ALS ({@code org.apache.spark.ml.recommendation.ALS}), explicit or
 * implicit, into a Latent model: a delegate for comparison and convenience, labelled
 * {@value #EXPLICIT} or {@value #IMPLICIT} with {@code trainer = spark-mllib}, not one of Latent's
 * trainers. Explicit ALS: Zhou, Wilkinson, Schreiber, Pan, "Large-scale parallel collaborative
 * filtering for the Netflix Prize", AAIM 2008; implicit: Hu, Koren, Volinsky, "Collaborative
 * filtering for implicit feedback datasets", ICDM 2008.
 *
 * <p>ALS reads the matrix's dense indices as its int ids, from one broadcast of flat arrays
 * ({@link RatingRows#byIndex}); the fitted factors are mapped back to the matrix's ids. The model
 * has the matrix's seen lists (recommendations skip rated items, unlike a model
 * {@link SparkAlsFormat#read} imports), μ = 0 and zero biases (ALS has none), so its score is
 * Spark's prediction {@code x_u·y_i}. ALS reports no per-iteration progress, so no epoch events.
 */
public final class MllibAlsTrainer {
    /** The algorithm label of a model trained by explicit ALS. */
    public static final String EXPLICIT = "spark-als";
    /** The algorithm label of a model trained by implicit ALS ({@code implicitPrefs}). */
    public static final String IMPLICIT = "spark-ials";
    /** The trainer parameter of its models: Spark MLlib's ALS, not Latent's. */
    public static final String TRAINER = "spark-mllib";

    private final MllibAlsConfig config;

    public MllibAlsTrainer(MllibAlsConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public MllibAlsConfig config() {
        return config;
    }

    /**
     * Fits Spark's ALS on {@code matrix} in {@code spark} and converts the result.
     *
     * @throws IllegalStateException when ALS diverged (a factor is NaN or infinite)
     */
    public FactorModel train(RatingMatrix matrix, SparkSession spark) {
        Objects.requireNonNull(matrix, "matrix");
        Objects.requireNonNull(spark, "spark");
        ALSModel als = config.estimator().fit(RatingRows.byIndex(matrix, spark));
        try {
            return toModel(als.rank(), als.userFactors().collectAsList(), als.itemFactors().collectAsList(), matrix);
        } finally {
            als.userFactors().unpersist();
            als.itemFactors().unpersist();
        }
    }

    /**
     * The model of ALS factor rows ({@code id: int, features: array<float>}) whose ids are
     * {@code matrix}'s dense indices.
     */
    FactorModel toModel(int rank, List<Row> userRows, List<Row> itemRows, RatingMatrix matrix) {
        if (rank != config.rank()) {
            throw new IllegalStateException("Spark's ALS returned rank " + rank + " but " + config.rank() + " was asked for");
        }
        int m = matrix.userCount();
        int n = matrix.itemCount();
        float[] p = new float[m * rank];
        float[] q = new float[n * rank];
        try {
            SparkAlsFormat.copyFactors("user", userRows, rank, id -> id < m ? id : -1, p, "the rating matrix");
            SparkAlsFormat.copyFactors("item", itemRows, rank, id -> id < n ? id : -1, q, "the rating matrix");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        checkFinite("user", p, rank, matrix.users());
        checkFinite("item", q, rank, matrix.items());
        int[][] seen = FactorModel.seenItemsOf(matrix);
        return new FactorModel(config.algorithm(), config.parameters(), config.seed(), DataStats.of(matrix),
                matrix.users(), matrix.items(), rank, 0f, new float[m], new float[n], p, q, seen[0], seen[1]);
    }

    private void checkFinite(String kind, float[] factors, int rank, IdIndex ids) {
        for (int j = 0; j < factors.length; j++) {
            if (!Float.isFinite(factors[j])) {
                throw new IllegalStateException("Spark ALS diverged: the factors of " + kind + " '" + ids.idAt(j / rank)
                        + "' include " + factors[j] + " (rank " + config.rank() + ", regParam " + config.regParam()
                        + ")");
            }
        }
    }
}
