package dev.latent.bench.spark;

import dev.latent.data.DataSets;
import dev.latent.data.IdIndex;
import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.data.RatingReader;
import dev.latent.eval.metric.ErrorMetrics;
import dev.latent.math.VectorKernels;
import dev.latent.model.FactorModel;
import dev.latent.model.Predictor;
import dev.latent.spark.DsgdConfig;
import dev.latent.spark.DsgdTrainer;
import dev.latent.train.sgd.BiasedMfConfig;
import dev.latent.train.sgd.BiasedMfTrainer;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Explicit-feedback test RMSE and wall time of three trainers on MovieLens 100K u1..u5: Latent's
 * single-machine biased MF ({@link BiasedMfTrainer}, FPSGD, Chin et al. 2015), the same model by
 * DSGD on Spark ({@link DsgdTrainer}, Gemulla et al. 2011) and Spark MLlib's explicit ALS (ALS-WR,
 * Zhou et al. 2008) at the same rank. Prints a table, or with {@code --json} one JSON document.
 *
 * <p>Run (docs/bench-spark.md, "Explicit feedback: DSGD against Spark ALS", lists {@code SPARK_JVM}):
 * <pre>{@code
 * mvn -B -ntp -q -Pspark -pl latent-bench -am compile
 * java -Xmx4g "${SPARK_JVM[@]}" -cp "latent-bench/target/classes:$(cat latent-bench/target/spark.classpath)" \
 *     dev.latent.bench.spark.ExplicitComparison --rank 50 --epochs 20
 * }</pre>
 *
 * <p>Protocol. Both Spark trainers read the same cached {@code (user, item, rating)} DataFrame of
 * the {@code .base} file on one session; Latent reads the file into a {@link RatingMatrix}. Wall
 * times cover training only: {@code BiasedMfTrainer.train}, {@code DsgdTrainer.train} (which
 * numbers the ids, blocks the ratings and collects the model to the driver) and {@code ALS.fit}
 * plus collecting both factor sets to the driver; not the file reading, the session start-up nor
 * the scoring. Before the first split each trainer runs once untimed (two epochs or iterations)
 * so that no timed run pays for class loading and the JIT alone.
 *
 * <p>ALS settings. Unless {@code --als-iterations} is given, maxIter is calibrated on u1: ALS at
 * regParam 0.1 is timed at two iteration counts, a line through the two times is solved for
 * DSGD's u1 wall time, and the result (at least 1) is kept for all splits. Unless
 * {@code --als-reg} is given, regParam is then the best of {0.05, 0.1, 0.2} by test RMSE on u1
 * only — a choice made on u1's test file, which can only favour ALS on u1. Scoring: a user or item
 * absent from the training file (or without Spark factors) is predicted as the training mean,
 * which is what {@code coldStartStrategy "nan"} followed by filling with the mean gives; every other
 * prediction is p_u·q_i clipped to the training range, as {@link FactorModel#predict} clips
 * Latent's. Every test rating is scored, so all three RMSEs are over the same ratings.
 */
public final class ExplicitComparison {
    private static final double[] REG_GRID = {0.05, 0.1, 0.2};
    private static final double CALIBRATION_REG = 0.1;
    private static final String USAGE = """
            usage: ExplicitComparison [--data DIR] [--rank K] [--epochs N] [--strata D] [--splits N]
                                      [--als-iterations N] [--als-reg X] [--seed S] [--master URL] [--json]
              --data DIR            the ml-100k folder (default: ml-100k under the latent.data setting,
                                    else $LATENT_DATA, else ../shared/data)
              --rank K              factors of all three models (default 50)
              --epochs N            epochs of both SGD trainers (default 20)
              --strata D            DSGD's grid size, 0 for twice Spark's parallelism (default 0)
              --splits N            use u1..uN (default 5)
              --als-iterations N    ALS maxIter (default: calibrated on u1 to DSGD's wall time)
              --als-reg X           ALS regParam (default: best of 0.05, 0.1, 0.2 on u1)
              --seed S              seed of all three trainers (default 42)
              --master URL          Spark master (default local[2])
              --json                print one JSON document instead of the table
            Results go to standard output; Spark's log to standard error.""";

    private ExplicitComparison() {
    }

    /** The parsed command line; {@code alsIterations} 0 and {@code alsReg} NaN mean "choose on u1". */
    record Settings(Path data, int rank, int epochs, int strata, int splits, int alsIterations, double alsReg,
                    long seed, String master, boolean json) {

        static Settings parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            boolean json = false;
            List<String> known = List.of("data", "rank", "epochs", "strata", "splits", "als-iterations", "als-reg",
                    "seed", "master");
            for (int k = 0; k < args.length; k++) {
                String name = args[k];
                if (name.equals("--json")) {
                    json = true;
                    continue;
                }
                if (!name.startsWith("--") || !known.contains(name.substring(2))) {
                    throw new IllegalArgumentException("unknown option '" + name + "'");
                }
                if (k + 1 == args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                values.put(name.substring(2), args[++k]);
            }
            Path data = values.containsKey("data") ? Path.of(values.get("data")) : DataSets.root().resolve("ml-100k");
            Settings s = new Settings(data, Integer.parseInt(values.getOrDefault("rank", "50")),
                    Integer.parseInt(values.getOrDefault("epochs", "20")),
                    Integer.parseInt(values.getOrDefault("strata", "0")),
                    Integer.parseInt(values.getOrDefault("splits", "5")),
                    Integer.parseInt(values.getOrDefault("als-iterations", "0")),
                    values.containsKey("als-reg") ? Double.parseDouble(values.get("als-reg")) : Double.NaN,
                    Long.parseLong(values.getOrDefault("seed", "42")), values.getOrDefault("master", "local[2]"), json);
            if (s.rank <= 0 || s.epochs <= 0 || s.strata < 0 || s.splits < 1 || s.splits > 5 || s.alsIterations < 0) {
                throw new IllegalArgumentException("rank, epochs and splits (1..5) must be positive, strata and "
                        + "als-iterations non-negative, but were " + s.rank + ", " + s.epochs + ", " + s.splits
                        + ", " + s.strata + " and " + s.alsIterations);
            }
            if (!Double.isNaN(s.alsReg) && !(s.alsReg >= 0)) {
                throw new IllegalArgumentException("als-reg must be non-negative but was " + s.alsReg);
            }
            return s;
        }
    }

    /** Test RMSE and training wall seconds of one trainer on one split. */
    record Run(double rmse, double seconds) {
    }

    /** The three runs on one split. */
    record SplitResult(String split, Run latent, Run dsgd, Run als) {
    }

    /** A split's files, read once. */
    record Split(String name, Path base, RatingMatrix train, RatingList test) {
    }

    public static void main(String[] args) throws IOException {
        if (Arrays.asList(args).contains("--help")) {
            System.out.println(USAGE);
            return;
        }
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ExplicitComparison: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        // Spark's start-up chatter goes to stderr; keep stdout for the results.
        PrintStream out = System.out;
        System.setOut(System.err);

        RatingReader reader = RatingReader.withDefaults();
        List<Split> splits = new ArrayList<>();
        for (int s = 1; s <= settings.splits(); s++) {
            Path base = settings.data().resolve("u" + s + ".base");
            Path test = settings.data().resolve("u" + s + ".test");
            if (!Files.isRegularFile(base) || !Files.isRegularFile(test)) {
                System.err.println("ExplicitComparison: no " + base + " or " + test + "; set --data or -Dlatent.data");
                System.exit(2);
                return;
            }
            RatingMatrix train = reader.read(base).ratings();
            splits.add(new Split("u" + s, base, train, reader.readAgainst(test, train.users(), train.items()).ratings()));
        }
        BiasedMfConfig model = BiasedMfConfig.defaults().withFactors(settings.rank()).withEpochs(settings.epochs())
                .withSeed(settings.seed()).withThreads(2);
        DsgdConfig dsgd = new DsgdConfig(model, settings.strata());

        SparkSession spark = SparkSession.builder()
                .master(settings.master())
                .appName("latent-explicit-comparison")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
        List<SplitResult> results = new ArrayList<>();
        int alsIterations = settings.alsIterations();
        double alsReg = settings.alsReg();
        Map<String, Double> regGrid = new LinkedHashMap<>();
        try {
            spark.sparkContext().setLogLevel("WARN");
            Split first = splits.getFirst();
            Dataset<Row> firstRatings = ratingsOf(spark, first.base());
            // Untimed warm-up of all three code paths.
            new BiasedMfTrainer(model.withEpochs(2)).train(first.train());
            new DsgdTrainer(dsgd.withModel(model.withEpochs(2))).train(firstRatings, "user", "item", "rating");
            runAls(firstRatings, first, settings, CALIBRATION_REG, 2);

            for (Split split : splits) {
                Dataset<Row> ratings = split == first ? firstRatings : ratingsOf(spark, split.base());
                Run latent = runLatent(model, split);
                Run distributed = runDsgd(dsgd, ratings, split);
                if (alsIterations == 0) {
                    alsIterations = calibrate(ratings, split, settings, distributed.seconds());
                }
                Run als;
                if (Double.isNaN(alsReg)) {
                    Map<Double, Run> byReg = new LinkedHashMap<>();
                    for (double reg : REG_GRID) {
                        Run run = runAls(ratings, split, settings, reg, alsIterations);
                        byReg.put(reg, run);
                        regGrid.put(Double.toString(reg), run.rmse());
                    }
                    alsReg = byReg.entrySet().stream().min(Map.Entry.comparingByValue(
                            Comparator.comparingDouble(Run::rmse))).orElseThrow().getKey();
                    als = byReg.get(alsReg);
                } else {
                    als = runAls(ratings, split, settings, alsReg, alsIterations);
                }
                ratings.unpersist();
                SplitResult result = new SplitResult(split.name(), latent, distributed, als);
                System.err.println("ExplicitComparison: " + result);
                results.add(result);
            }
        } finally {
            spark.stop();
        }
        SplitResult mean = mean(results);
        out.print(settings.json() ? json(settings, alsIterations, alsReg, regGrid, results, mean)
                : table(settings, alsIterations, alsReg, regGrid, results, mean));
        out.flush();
    }

    private static Dataset<Row> ratingsOf(SparkSession spark, Path base) {
        Dataset<Row> ratings = spark.read().option("sep", "\t")
                .schema("user INT, item INT, rating FLOAT, time LONG").csv(base.toString())
                .select("user", "item", "rating").cache();
        ratings.count();
        return ratings;
    }

    private static Run runLatent(BiasedMfConfig model, Split split) {
        long started = System.nanoTime();
        FactorModel fitted = new BiasedMfTrainer(model).train(split.train());
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Run(ErrorMetrics.of(fitted, split.test()).rmse(), seconds);
    }

    private static Run runDsgd(DsgdConfig config, Dataset<Row> ratings, Split split) {
        long started = System.nanoTime();
        FactorModel fitted = new DsgdTrainer(config).train(ratings, "user", "item", "rating");
        double seconds = (System.nanoTime() - started) / 1e9;
        // The split's test list is indexed by the matrix's ids; DSGD numbers ids its own way (sorted strings).
        int[] users = new int[split.test().size()];
        int[] items = new int[split.test().size()];
        float[] values = new float[split.test().size()];
        for (int k = 0; k < users.length; k++) {
            users[k] = reindex(split.test().user(k), split.train().users(), fitted.users());
            items[k] = reindex(split.test().item(k), split.train().items(), fitted.items());
            values[k] = split.test().value(k);
        }
        return new Run(ErrorMetrics.of(fitted, new RatingList(users, items, values)).rmse(), seconds);
    }

    private static int reindex(int index, IdIndex from, IdIndex to) {
        return index < 0 ? -1 : to.tryIndexOf(from.idAt(index));
    }

    /**
     * The ALS maxIter whose wall time on this split is closest to {@code target} seconds, from a line
     * through the times at two iteration counts.
     */
    private static int calibrate(Dataset<Row> ratings, Split split, Settings settings, double target) {
        int low = 5;
        int high = 15;
        double tLow = runAls(ratings, split, settings, CALIBRATION_REG, low).seconds();
        double tHigh = runAls(ratings, split, settings, CALIBRATION_REG, high).seconds();
        double perIteration = (tHigh - tLow) / (high - low);
        int chosen = perIteration > 0 ? (int) Math.round(low + (target - tLow) / perIteration)
                : (int) Math.round(high * target / tHigh);
        chosen = Math.clamp(chosen, 1, 200);
        System.err.printf(Locale.ROOT, "ExplicitComparison: ALS %d iterations %.2f s, %d iterations %.2f s; "
                + "DSGD %.2f s => maxIter %d%n", low, tLow, high, tHigh, target, chosen);
        return chosen;
    }

    private static Run runAls(Dataset<Row> ratings, Split split, Settings settings, double reg, int iterations) {
        ALS als = new ALS()
                .setImplicitPrefs(false)
                .setRank(settings.rank())
                .setRegParam(reg)
                .setMaxIter(iterations)
                .setSeed(settings.seed())
                .setUserCol("user")
                .setItemCol("item")
                .setRatingCol("rating");
        int k = settings.rank();
        RatingMatrix train = split.train();
        float[] p = new float[train.userCount() * k];
        float[] q = new float[train.itemCount() * k];
        boolean[] knownUsers = new boolean[train.userCount()];
        boolean[] knownItems = new boolean[train.itemCount()];
        long started = System.nanoTime();
        ALSModel fitted = als.fit(ratings);
        copyFactors(fitted.userFactors(), train.users(), p, knownUsers, k);
        copyFactors(fitted.itemFactors(), train.items(), q, knownItems, k);
        double seconds = (System.nanoTime() - started) / 1e9;
        float mean = (float) train.mean();
        float min = train.min();
        float max = train.max();
        VectorKernels kernels = VectorKernels.best();
        Predictor predictor = (u, i) -> u < 0 || i < 0 || !knownUsers[u] || !knownItems[i] ? mean
                : Math.clamp(kernels.dot(p, u * k, q, i * k, k), min, max);
        return new Run(ErrorMetrics.of(predictor, split.test()).rmse(), seconds);
    }

    /** Copies Spark's (id, features) rows to the rows of {@code ids}' indices. */
    private static void copyFactors(Dataset<Row> idAndFeatures, IdIndex ids, float[] flat,
                                    boolean[] known, int k) {
        for (Row row : idAndFeatures.collectAsList()) {
            int index = ids.tryIndexOf(Integer.toString(row.getInt(0)));
            List<Float> features = row.getList(1);
            if (index < 0 || features.size() != k) {
                throw new IllegalStateException("Spark returned factors for id " + row.getInt(0) + " of length "
                        + features.size() + "; expected a training id and length " + k);
            }
            for (int f = 0; f < k; f++) {
                flat[index * k + f] = features.get(f);
            }
            known[index] = true;
        }
    }

    private static SplitResult mean(List<SplitResult> results) {
        int n = results.size();
        double[] sums = new double[6];
        for (SplitResult r : results) {
            sums[0] += r.latent().rmse();
            sums[1] += r.latent().seconds();
            sums[2] += r.dsgd().rmse();
            sums[3] += r.dsgd().seconds();
            sums[4] += r.als().rmse();
            sums[5] += r.als().seconds();
        }
        return new SplitResult("mean", new Run(sums[0] / n, sums[1] / n), new Run(sums[2] / n, sums[3] / n),
                new Run(sums[4] / n, sums[5] / n));
    }

    private static String table(Settings settings, int alsIterations, double alsReg, Map<String, Double> regGrid,
                                List<SplitResult> results, SplitResult mean) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "rank %d; biased MF %d epochs (AdaGrad η 0.05, λ 0.1); DSGD on %s; "
                        + "Spark ALS maxIter %d, regParam %s%s%n", settings.rank(), settings.epochs(), settings.master(),
                alsIterations, alsReg, regGrid.isEmpty() ? "" : " (u1 grid RMSE " + regGrid + ")"));
        s.append("| split | Latent RMSE | Latent s | DSGD RMSE | DSGD s | ALS RMSE | ALS s |\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (SplitResult r : results) {
            s.append(row(r));
        }
        s.append(row(mean));
        return s.toString();
    }

    private static String row(SplitResult r) {
        return String.format(Locale.ROOT, "| %s | %.4f | %.1f | %.4f | %.1f | %.4f | %.1f |%n", r.split(),
                r.latent().rmse(), r.latent().seconds(), r.dsgd().rmse(), r.dsgd().seconds(), r.als().rmse(),
                r.als().seconds());
    }

    private static String json(Settings settings, int alsIterations, double alsReg, Map<String, Double> regGrid,
                               List<SplitResult> results, SplitResult mean) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "{\"rank\": %d, \"epochs\": %d, \"strata\": %d, \"master\": \"%s\", "
                        + "\"seed\": %d, \"als_iterations\": %d, \"als_reg\": %s, \"als_reg_grid_u1_rmse\": {",
                settings.rank(), settings.epochs(), settings.strata(), settings.master(), settings.seed(), alsIterations,
                alsReg));
        String separator = "";
        for (Map.Entry<String, Double> e : regGrid.entrySet()) {
            s.append(String.format(Locale.ROOT, "%s\"%s\": %.6f", separator, e.getKey(), e.getValue()));
            separator = ", ";
        }
        s.append("}, \"splits\": [");
        separator = "";
        for (SplitResult r : results) {
            s.append(separator).append(jsonRow(r));
            separator = ", ";
        }
        s.append("], \"mean\": ").append(jsonRow(mean)).append("}\n");
        return s.toString();
    }

    private static String jsonRow(SplitResult r) {
        return String.format(Locale.ROOT, "{\"split\": \"%s\", \"latent_rmse\": %.6f, \"latent_seconds\": %.3f, "
                        + "\"dsgd_rmse\": %.6f, \"dsgd_seconds\": %.3f, \"als_rmse\": %.6f, \"als_seconds\": %.3f}",
                r.split(), r.latent().rmse(), r.latent().seconds(), r.dsgd().rmse(), r.dsgd().seconds(),
                r.als().rmse(), r.als().seconds());
    }
}
