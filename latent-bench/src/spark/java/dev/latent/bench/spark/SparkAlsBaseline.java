package dev.latent.bench.spark;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.data.RatingReader;
import dev.latent.eval.rank.ItemScorer;
import dev.latent.eval.rank.RankingEvaluator;
import dev.latent.eval.rank.RankingMetrics;
import dev.latent.io.ModelFiles;
import dev.latent.model.DataStats;
import dev.latent.model.FactorModel;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains Spark MLlib's implicit-feedback ALS (Hu, Koren, Volinsky 2008, as implemented in
 * {@code org.apache.spark.ml.recommendation.ALS}) on a training file, turns its factors into a
 * Latent {@link FactorModel} and prints the model's NDCG@10 on a test file as one JSON line, so that
 * Latent's own trainers can be compared with it on the same split.
 *
 * <p>Run (docs/bench-spark.md lists {@code SPARK_JVM}, Spark's JVM flags for JDK 25):
 * <pre>{@code
 * mvn -B -ntp -q -Pspark -pl latent-bench -am compile
 * java -Xmx4g "${SPARK_JVM[@]}" -cp "latent-bench/target/classes:$(cat latent-bench/target/spark.classpath)" \
 *     dev.latent.bench.spark.SparkAlsBaseline --train /tmp/rank-splits/ml100k.train.tsv \
 *     --test /tmp/rank-splits/ml100k.test.tsv --rank 64 --reg 0.1 --alpha 0.3 --iterations 15
 * }</pre>
 *
 * <p>Design. The ratings go to Spark as dense {@code int} indices of the training matrix, the value
 * as the interaction strength r (Spark's confidence is 1 + α·r). Spark's {@code regParam} is
 * scaled by each user's and item's interaction count (ALS-WR, Zhou et al. 2008), so its λ is not
 * the plain λ of Hu et al. The fitted user and item factors become a model with μ = 0 and zero
 * biases; a user or item that Spark returned no factors for keeps a zero vector. {@code
 * train_seconds} is the wall time of {@code ALS.fit}, which materialises both factor sets; Spark's
 * session start-up and the collection of the factors to the driver are not in it.
 */
public final class SparkAlsBaseline {
    public static final String ALGORITHM = "spark-als-implicit";

    private static final int CUTOFF = 10;
    private static final String USAGE = """
            usage: SparkAlsBaseline --train FILE --test FILE --rank K --reg X --alpha X --iterations N
                                    [--seed S] [--master local[2]] [--out-factors DIR]
              --train FILE        training ratings (user, item, strength[, timestamp]); any RatingReader format
              --test FILE         held-out interactions, read against the training ids; every one is relevant
              --rank K            factors per user and item
              --reg X             Spark's regParam (scaled per user/item by its interaction count)
              --alpha X           confidence weight: c = 1 + alpha * strength
              --iterations N      ALS sweeps (maxIter)
              --seed S            Spark's random seed for the initial factors (default 42)
              --master URL        Spark master (default local[2])
              --out-factors DIR   also write DIR/model.latent and DIR/{user,item}-factors.tsv
            Prints one JSON line on standard output; Spark logs go to standard error.""";

    private SparkAlsBaseline() {
    }

    /** The parsed command line. */
    record Settings(Path train, Path test, int rank, double reg, double alpha, int iterations, long seed,
                    String master, Path outFactors) {

        static Settings parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int k = 0; k < args.length; k++) {
                String name = args[k];
                if (!name.startsWith("--") || k + 1 == args.length) {
                    throw new IllegalArgumentException("expected --name value pairs but got '" + name + "'");
                }
                values.put(name.substring(2), args[++k]);
            }
            List<String> known = List.of("train", "test", "rank", "reg", "alpha", "iterations", "seed", "master",
                    "out-factors");
            for (String name : values.keySet()) {
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("unknown option --" + name);
                }
            }
            Settings s = new Settings(Path.of(required(values, "train")), Path.of(required(values, "test")),
                    Integer.parseInt(required(values, "rank")), Double.parseDouble(required(values, "reg")),
                    Double.parseDouble(required(values, "alpha")), Integer.parseInt(required(values, "iterations")),
                    Long.parseLong(values.getOrDefault("seed", "42")), values.getOrDefault("master", "local[2]"),
                    values.containsKey("out-factors") ? Path.of(values.get("out-factors")) : null);
            if (s.rank <= 0 || s.iterations <= 0) {
                throw new IllegalArgumentException("rank and iterations must be positive but were " + s.rank
                        + " and " + s.iterations);
            }
            if (!(s.reg >= 0) || !(s.alpha >= 0)) {
                throw new IllegalArgumentException("reg and alpha must be non-negative but were " + s.reg
                        + " and " + s.alpha);
            }
            return s;
        }

        private static String required(Map<String, String> values, String name) {
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("--" + name + " is required");
            }
            return value;
        }

        Map<String, String> parameters(String sparkVersion) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("rank", Integer.toString(rank));
            p.put("regParam", Double.toString(reg));
            p.put("alpha", Double.toString(alpha));
            p.put("maxIter", Integer.toString(iterations));
            p.put("master", master);
            p.put("sparkVersion", sparkVersion);
            return p;
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0 || Arrays.asList(args).contains("--help")) {
            System.out.println(USAGE);
            return;
        }
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("SparkAlsBaseline: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        // Spark's start-up chatter and progress bars go to stderr; keep stdout for the JSON line.
        PrintStream out = System.out;
        System.setOut(System.err);

        RatingReader reader = RatingReader.withDefaults();
        RatingMatrix train = reader.read(settings.train()).ratings();
        RatingList test = reader.readAgainst(settings.test(), train.users(), train.items()).ratings();

        SparkSession spark = SparkSession.builder()
                .master(settings.master())
                .appName("latent-spark-als-baseline")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        FactorModel model;
        double trainSeconds;
        try {
            SparkContext context = spark.sparkContext();
            context.setLogLevel("WARN");
            Dataset<Row> ratings = spark.createDataFrame(rowsOf(train), new StructType()
                    .add("user", DataTypes.IntegerType, false)
                    .add("item", DataTypes.IntegerType, false)
                    .add("strength", DataTypes.FloatType, false)).cache();
            ratings.count();
            ALS als = new ALS()
                    .setImplicitPrefs(true)
                    .setRank(settings.rank())
                    .setRegParam(settings.reg())
                    .setAlpha(settings.alpha())
                    .setMaxIter(settings.iterations())
                    .setSeed(settings.seed())
                    .setUserCol("user")
                    .setItemCol("item")
                    .setRatingCol("strength");
            long started = System.nanoTime();
            ALSModel fitted = als.fit(ratings);
            trainSeconds = (System.nanoTime() - started) / 1e9;
            model = toModel(train, settings, spark.version(), fitted);
        } finally {
            spark.stop();
        }

        if (settings.outFactors() != null) {
            writeFactors(model, settings.outFactors());
        }
        // The same evaluation as `latent evaluate --task rank --train … --test …`.
        RankingMetrics ranking = RankingEvaluator.fullCatalogue(CUTOFF, Runtime.getRuntime().availableProcessors())
                .evaluate(ItemScorer.of(model), train, test);
        out.println(String.format(Locale.ROOT,
                "{\"algorithm\": \"%s\", \"rank\": %d, \"ndcg@10\": %.6f, \"recall@10\": %.6f, \"map@10\": %.6f, "
                        + "\"train_seconds\": %.3f, \"reg\": %s, \"alpha\": %s, \"iterations\": %d, \"seed\": %d, "
                        + "\"test_users\": %d, \"test_skipped\": %d}",
                ALGORITHM, settings.rank(), ranking.ndcg(), ranking.recall(), ranking.map(), trainSeconds, settings.reg(),
                settings.alpha(), settings.iterations(), settings.seed(), ranking.users(), ranking.skippedRatings()));
        out.flush();
    }

    private static List<Row> rowsOf(RatingMatrix train) {
        List<Row> rows = new ArrayList<>(train.size());
        for (int u = 0; u < train.userCount(); u++) {
            for (int p = train.userStart(u); p < train.userEnd(u); p++) {
                rows.add(RowFactory.create(u, train.itemAt(p), train.valueAt(p)));
            }
        }
        return rows;
    }

    /** Copies Spark's (id, features) rows into flat factor arrays indexed like {@code train}. */
    static FactorModel toModel(RatingMatrix train, Settings settings, String sparkVersion, ALSModel fitted) {
        int k = fitted.rank();
        float[] userFactors = factors(fitted.userFactors(), train.userCount(), k);
        float[] itemFactors = factors(fitted.itemFactors(), train.itemCount(), k);
        int[][] seen = FactorModel.seenItemsOf(train);
        return new FactorModel(ALGORITHM, settings.parameters(sparkVersion), settings.seed(), DataStats.of(train),
                train.users(), train.items(), k, 0f, new float[train.userCount()], new float[train.itemCount()],
                userFactors, itemFactors, seen[0], seen[1]);
    }

    private static float[] factors(Dataset<Row> idAndFeatures, int count, int k) {
        float[] flat = new float[Math.multiplyExact(count, k)];
        for (Row row : idAndFeatures.collectAsList()) {
            int id = row.getInt(0);
            List<Float> features = row.getList(1);
            if (id < 0 || id >= count || features.size() != k) {
                throw new IllegalStateException("Spark returned factors for id " + id + " of length "
                        + features.size() + "; expected an id below " + count + " and length " + k);
            }
            for (int f = 0; f < k; f++) {
                flat[id * k + f] = features.get(f);
            }
        }
        return flat;
    }

    /** Writes the model as {@code model.latent} and the raw factors as TSV (id, then k values). */
    private static void writeFactors(FactorModel model, Path dir) throws IOException {
        Files.createDirectories(dir);
        ModelFiles.save(model, dir.resolve("model.latent"));
        writeTsv(dir.resolve("user-factors.tsv"), model.users().ids(), model.userFactors(), model.rank());
        writeTsv(dir.resolve("item-factors.tsv"), model.items().ids(), model.itemFactors(), model.rank());
    }

    private static void writeTsv(Path file, List<String> ids, FloatBuffer factors, int k) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (int i = 0; i < ids.size(); i++) {
                w.write(ids.get(i));
                for (int f = 0; f < k; f++) {
                    w.write('\t');
                    w.write(Float.toString(factors.get(i * k + f)));
                }
                w.newLine();
            }
        }
    }
}
