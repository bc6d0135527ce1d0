package dev.latent.spark;

import dev.latent.train.TrainerConfig;

import org.apache.spark.ml.recommendation.ALS;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Configuration of {@link MllibAlsTrainer}, in Spark ALS's own terms; validated on construction.
 *
 * @param rank          rank of the factors ({@code ALS.rank})
 * @param maxIter       iterations ({@code ALS.maxIter})
 * @param regParam      regularization λ ({@code ALS.regParam}; Spark scales it by each row's count)
 * @param implicitPrefs whether the ratings are strengths of implicit feedback ({@code ALS.implicitPrefs})
 * @param alpha         confidence slope of implicit feedback ({@code ALS.alpha}); not used when explicit
 * @param seed          the seed of ALS's initial factors ({@code ALS.seed})
 */
public record MllibAlsConfig(int rank, int maxIter, double regParam, boolean implicitPrefs, double alpha, long seed)
        implements TrainerConfig {

    /** ALS's default seed, as Spark sets it: the hash of ALS's class name. */
    public static final long ALS_DEFAULT_SEED = ALS.class.getName().hashCode();

    public MllibAlsConfig {
        if (rank <= 0) {
            throw new IllegalArgumentException("rank must be positive but was " + rank);
        }
        if (maxIter <= 0) {
            throw new IllegalArgumentException("maxIter must be positive but was " + maxIter);
        }
        if (!(regParam >= 0) || !Double.isFinite(regParam)) {
            throw new IllegalArgumentException("regParam must be a non-negative finite number but was " + regParam);
        }
        if (!(alpha >= 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a non-negative finite number but was " + alpha);
        }
    }

    /** Spark ALS's own defaults: rank 10, 10 iterations, λ = 0.1, explicit, α = 1, its default seed. */
    public static MllibAlsConfig defaults() {
        return new MllibAlsConfig(10, 10, 0.1, false, 1.0, ALS_DEFAULT_SEED);
    }

    public MllibAlsConfig withRank(int value) {
        return new MllibAlsConfig(value, maxIter, regParam, implicitPrefs, alpha, seed);
    }

    public MllibAlsConfig withMaxIter(int value) {
        return new MllibAlsConfig(rank, value, regParam, implicitPrefs, alpha, seed);
    }

    public MllibAlsConfig withRegParam(double value) {
        return new MllibAlsConfig(rank, maxIter, value, implicitPrefs, alpha, seed);
    }

    public MllibAlsConfig withImplicitPrefs(boolean value) {
        return new MllibAlsConfig(rank, maxIter, regParam, value, alpha, seed);
    }

    public MllibAlsConfig withAlpha(double value) {
        return new MllibAlsConfig(rank, maxIter, regParam, implicitPrefs, value, seed);
    }

    public MllibAlsConfig withSeed(long value) {
        return new MllibAlsConfig(rank, maxIter, regParam, implicitPrefs, alpha, value);
    }

    /** The algorithm label of the models it trains: {@code spark-ials} when implicit, else {@code spark-als}. */
    public String algorithm() {
        return implicitPrefs ? MllibAlsTrainer.IMPLICIT : MllibAlsTrainer.EXPLICIT;
    }

    /**
     * {@code trainer = spark-mllib}, then rank, maxIter, regParam, alpha (implicit only) and seed,
     * under ALS's names.
     */
    @Override
    public Map<String, String> parameters() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("trainer", MllibAlsTrainer.TRAINER);
        map.put("rank", Integer.toString(rank));
        map.put("maxIter", Integer.toString(maxIter));
        map.put("regParam", Double.toString(regParam));
        if (implicitPrefs) {
            map.put("alpha", Double.toString(alpha));
        }
        map.put("seed", Long.toString(seed));
        return map;
    }

    /** Spark's estimator with these parameters, reading integer columns user and item and a rating column. */
    ALS estimator() {
        return new ALS().setUserCol("user").setItemCol("item").setRatingCol("rating")
                .setRank(rank).setMaxIter(maxIter).setRegParam(regParam)
                .setImplicitPrefs(implicitPrefs).setAlpha(alpha).setSeed(seed);
    }
}
