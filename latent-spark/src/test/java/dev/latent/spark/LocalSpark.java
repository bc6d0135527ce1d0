package dev.latent.spark;

import org.apache.spark.sql.SparkSession;

/** The Spark session every latent-spark test runs on: {@code local[2]}, no UI, four shuffle partitions. */
final class LocalSpark {
    private LocalSpark() {
    }

    /** A session named after {@code test} (or the running one, as {@code getOrCreate} gives). */
    static SparkSession start(Class<?> test) {
        return SparkSession.builder().master("local[2]").appName(test.getSimpleName())
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
    }
}
