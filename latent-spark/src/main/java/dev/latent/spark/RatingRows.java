package dev.latent.spark;

import dev.latent.data.RatingMatrix;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A rating matrix read on the driver as a DataFrame of (user, item, rating), made on the executors
 * from one broadcast of flat arrays: the driver never holds a row object per rating, which at tens
 * of millions of ratings would not fit (a local relation of 18 million rows ran out of a 12 GB heap).
 */
final class RatingRows {
    private RatingRows() {
    }

    /** The ratings as flat arrays of indices and the two id tables (empty when not needed). */
    private record Triples(int[] users, int[] items, float[] values, String[] userIds, String[] itemIds)
            implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** Columns user and item as the matrix's id strings, rating as float: what {@link DsgdTrainer} reads. */
    static Dataset<Row> byId(RatingMatrix matrix, SparkSession spark) {
        return rows(matrix, spark, false);
    }

    /**
     * Columns user and item as the matrix's dense int indices, rating as float: what Spark's ALS
     * reads; {@code matrix.users()} and {@code matrix.items()} map the indices back to ids.
     */
    static Dataset<Row> byIndex(RatingMatrix matrix, SparkSession spark) {
        return rows(matrix, spark, true);
    }

    private static Dataset<Row> rows(RatingMatrix matrix, SparkSession spark, boolean indices) {
        int n = matrix.size();
        int[] users = new int[n];
        int[] items = new int[n];
        float[] values = new float[n];
        for (int u = 0, k = 0; u < matrix.userCount(); u++) {
            for (int p = matrix.userStart(u); p < matrix.userEnd(u); p++, k++) {
                users[k] = u;
                items[k] = matrix.itemAt(p);
                values[k] = matrix.valueAt(p);
            }
        }
        String[] userIds = indices ? new String[0] : matrix.users().ids().toArray(String[]::new);
        String[] itemIds = indices ? new String[0] : matrix.items().ids().toArray(String[]::new);
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Triples> triples = context.broadcast(new Triples(users, items, values, userIds, itemIds));
        int slices = Math.max(context.defaultParallelism(), n / 1_000_000 + 1);
        List<Integer> sliceIndices = new ArrayList<>();
        for (int slice = 0; slice < slices; slice++) {
            sliceIndices.add(slice);
        }
        JavaRDD<Row> rows = context.parallelize(sliceIndices, slices).flatMap(slice -> {
            Triples t = triples.value();
            int from = (int) ((long) t.users().length * slice / slices);
            int to = (int) ((long) t.users().length * (slice + 1) / slices);
            List<Row> out = new ArrayList<>(to - from);
            for (int k = from; k < to; k++) {
                out.add(indices
                        ? RowFactory.create(t.users()[k], t.items()[k], t.values()[k])
                        : RowFactory.create(t.userIds()[t.users()[k]], t.itemIds()[t.items()[k]], t.values()[k]));
            }
            return out.iterator();
        });
        StructType schema = indices
                ? new StructType().add("user", DataTypes.IntegerType).add("item", DataTypes.IntegerType)
                        .add("rating", DataTypes.FloatType)
                : new StructType().add("user", DataTypes.StringType).add("item", DataTypes.StringType)
                        .add("rating", DataTypes.FloatType);
        return spark.createDataFrame(rows, schema);
    }
}
