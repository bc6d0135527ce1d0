package dev.latent.spark;

import dev.latent.data.RatingMatrix;
import dev.latent.data.RatingReader;
import dev.latent.io.ModelFiles;
import dev.latent.model.FactorModel;
import dev.latent.train.sgd.BiasedMfConfig;
import dev.latent.train.sgd.Schedule;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of latent-spark: converts model files to and from Spark ALS model directories
 * and trains biased MF by DSGD on a local or cluster Spark master.
 *
 * <pre>
 * export --model M --format spark-als --out DIR [--master URL]
 * import --format spark-als --model-dir DIR --out M [--master URL]
 * train --data FILE --out M [--master URL] [--factors K] [--epochs N] [--lr X] [--reg X]
 *       [--reg-bias X] [--schedule S] [--seed S] [--strata D]
 * </pre>
 *
 * <p>{@code train} reads the rating file on the driver with latent-core's {@link RatingReader}
 * (separator, header and charset detected as the CLI does, with its file:line errors), then
 * broadcasts the ratings as flat arrays from which the executors make the rows, so the file need
 * only be visible to the driver. The master is {@code --master}, else the one spark-submit
 * set, else {@code local[2]}; when a Spark session is already running in this JVM, the tool uses it
 * and leaves it running. Bad input (an
 * unknown command or option, a missing or malformed value or file) prints one line to stderr and
 * exits with status 2.
 */
public final class SparkTool {
    /** The exit status for bad input. */
    public static final int USAGE = 2;
    /** The one conversion format there is. */
    public static final String FORMAT = "spark-als";

    private static final String SYNOPSIS = "usage: SparkTool export --model M --format spark-als --out DIR"
            + " | import --format spark-als --model-dir DIR --out M"
            + " | train --data FILE --out M [--master URL --factors K --epochs N --lr X --reg X --reg-bias X --schedule S --seed S --strata D]";

    private SparkTool() {
    }

    public static void main(String[] args) {
        // Exit explicitly: threads Spark leaves behind must not keep the JVM alive.
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit status: 0, {@link #USAGE} for bad input, 1 when Spark fails. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0) {
                throw new BadInput(SYNOPSIS);
            }
            String command = args[0];
            Map<String, String> options = switch (command) {
                case "export" -> options(args, Set.of("--model", "--format", "--out", "--master"));
                case "import" -> options(args, Set.of("--format", "--model-dir", "--out", "--master"));
                case "train" -> options(args, Set.of("--data", "--out", "--master", "--factors", "--epochs", "--lr",
                        "--reg", "--reg-bias", "--schedule", "--seed", "--strata"));
                default -> throw new BadInput("unknown command '" + command + "'; " + SYNOPSIS);
            };
            switch (command) {
                case "export" -> export(options, out);
                case "import" -> importModel(options, out);
                default -> train(options, out);
            }
            return 0;
        } catch (BadInput | IllegalArgumentException | IOException | UncheckedIOException e) {
            err.println("error: " + oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
            return USAGE;
        } catch (Exception e) {
            err.println("error: " + oneLine(String.valueOf(e)));
            return 1;
        }
    }

    private static void export(Map<String, String> options, PrintStream out) throws IOException, BadInput {
        Path modelFile = Path.of(required(options, "--model"));
        checkFormat(required(options, "--format"));
        String dir = required(options, "--out");
        FactorModel model = ModelFiles.load(modelFile);
        try (Session session = Session.open(options.get("--master"))) {
            SparkAlsFormat.write(model, dir, session.spark);
        }
        out.println("wrote " + model + " as a Spark ALS model of rank " + (model.rank() + 2) + " (biases folded) to " + dir);
    }

    private static void importModel(Map<String, String> options, PrintStream out) throws IOException, BadInput {
        checkFormat(required(options, "--format"));
        String dir = required(options, "--model-dir");
        Path modelFile = Path.of(required(options, "--out"));
        FactorModel model;
        try (Session session = Session.open(options.get("--master"))) {
            model = SparkAlsFormat.read(dir, session.spark);
        }
        ModelFiles.save(model, modelFile);
        out.println("wrote " + model + " to " + modelFile + " (no seen items: recommendations may include rated items)");
    }

    private static void train(Map<String, String> options, PrintStream out) throws IOException, BadInput {
        Path data = Path.of(required(options, "--data"));
        Path modelFile = Path.of(required(options, "--out"));
        BiasedMfConfig mf = BiasedMfConfig.defaults();
        if (options.containsKey("--factors")) {
            mf = mf.withFactors(intValue(options, "--factors"));
        }
        if (options.containsKey("--epochs")) {
            mf = mf.withEpochs(intValue(options, "--epochs"));
        }
        if (options.containsKey("--lr")) {
            mf = mf.withLearningRate(floatValue(options, "--lr"));
        }
        if (options.containsKey("--reg")) {
            mf = mf.withRegFactors(floatValue(options, "--reg"));
        }
        if (options.containsKey("--reg-bias")) {
            mf = mf.withRegBias(floatValue(options, "--reg-bias"));
        }
        if (options.containsKey("--schedule")) {
            try {
                mf = mf.withSchedule(Schedule.parse(options.get("--schedule")));
            } catch (IllegalArgumentException e) {
                throw new BadInput("--schedule: " + e.getMessage());
            }
        }
        if (options.containsKey("--seed")) {
            mf = mf.withSeed(longValue(options, "--seed"));
        }
        DsgdConfig config = new DsgdConfig(mf, options.containsKey("--strata") ? intValue(options, "--strata") : 0);
        RatingMatrix matrix = RatingReader.withDefaults().read(data).ratings();
        FactorModel model;
        try (Session session = Session.open(options.get("--master"))) {
            model = new DsgdTrainer(config).train(distribute(matrix, session.spark), "user", "item", "rating");
        }
        ModelFiles.save(model, modelFile);
        out.println("trained " + model + " on " + matrix.size() + " ratings by DSGD; wrote " + modelFile);
    }

    /** The ratings as flat arrays of indices and the two id tables: what one broadcast carries. */
    private record Triples(int[] users, int[] items, float[] values, String[] userIds, String[] itemIds)
            implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /**
     * {@code matrix} as a DataFrame of (user, item, rating) strings and floats, made on the
     * executors from one broadcast of flat arrays: the driver never holds a row object per rating,
     * which at tens of millions of ratings would not fit (a local relation of 18 million rows ran
     * out of a 12 GB heap).
     */
    private static Dataset<Row> distribute(RatingMatrix matrix, SparkSession spark) {
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
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Triples> triples = context.broadcast(new Triples(users, items, values,
                matrix.users().ids().toArray(String[]::new), matrix.items().ids().toArray(String[]::new)));
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
                out.add(RowFactory.create(t.userIds()[t.users()[k]], t.itemIds()[t.items()[k]], t.values()[k]));
            }
            return out.iterator();
        });
        StructType schema = new StructType().add("user", DataTypes.StringType).add("item", DataTypes.StringType)
                .add("rating", DataTypes.FloatType);
        return spark.createDataFrame(rows, schema);
    }

    /** The options after the command: each a known name followed by a value, none twice. */
    private static Map<String, String> options(String[] args, Set<String> known) throws BadInput {
        Map<String, String> options = new LinkedHashMap<>();
        for (int a = 1; a < args.length; a++) {
            String name = args[a];
            String value;
            int equals = name.indexOf('=');
            if (name.startsWith("--") && equals > 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (a + 1 < args.length) {
                value = args[++a];
            } else {
                value = null;
            }
            if (!known.contains(name)) {
                throw new BadInput("unknown option '" + name + "' for " + args[0] + "; " + SYNOPSIS);
            }
            if (value == null) {
                throw new BadInput("option " + name + " needs a value");
            }
            if (options.put(name, value) != null) {
                throw new BadInput("option " + name + " is given twice");
            }
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) throws BadInput {
        String value = options.get(name);
        if (value == null) {
            throw new BadInput("missing option " + name);
        }
        return value;
    }

    private static void checkFormat(String format) throws BadInput {
        if (!FORMAT.equals(format)) {
            throw new BadInput("unknown format '" + format + "'; the only format is " + FORMAT);
        }
    }

    private static int intValue(Map<String, String> options, String name) throws BadInput {
        try {
            return Integer.parseInt(options.get(name));
        } catch (NumberFormatException e) {
            throw new BadInput(name + " must be an integer but was '" + options.get(name) + "'");
        }
    }

    private static long longValue(Map<String, String> options, String name) throws BadInput {
        try {
            return Long.parseLong(options.get(name));
        } catch (NumberFormatException e) {
            throw new BadInput(name + " must be an integer but was '" + options.get(name) + "'");
        }
    }

    private static float floatValue(Map<String, String> options, String name) throws BadInput {
        try {
            return Float.parseFloat(options.get(name));
        } catch (NumberFormatException e) {
            throw new BadInput(name + " must be a number but was '" + options.get(name) + "'");
        }
    }

    private static String oneLine(String message) {
        return message.replace('\n', ' ').replace('\r', ' ');
    }

    /** The Spark session of one command: a running one is borrowed, a new one is stopped at the end. */
    private static final class Session implements AutoCloseable {
        final SparkSession spark;
        private final boolean owned;

        private Session(SparkSession spark, boolean owned) {
            this.spark = spark;
            this.owned = owned;
        }

        /**
         * {@code master} when given; else the one spark-submit set ({@code spark.master}); else
         * {@code local[2]}.
         */
        static Session open(String master) {
            if (SparkSession.getDefaultSession().isDefined()) {
                return new Session(SparkSession.getDefaultSession().get(), false);
            }
            SparkSession.Builder builder = SparkSession.builder().appName("latent-spark");
            if (master != null) {
                builder.master(master);
            } else if (System.getProperty("spark.master") == null) {
                builder.master("local[2]");
            }
            return new Session(builder.getOrCreate(), true);
        }

        @Override
        public void close() {
            if (owned) {
                spark.stop();
            }
        }
    }

    /** Bad input: reported in one line with exit status {@link #USAGE}. */
    private static final class BadInput extends Exception {
        @Serial
        private static final long serialVersionUID = 1L;

        BadInput(String message) {
            super(message);
        }
    }
}
