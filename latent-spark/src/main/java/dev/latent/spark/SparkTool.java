package dev.latent.spark;

import dev.latent.data.RatingMatrix;
import dev.latent.data.RatingReader;
import dev.latent.model.FactorModel;
import dev.latent.train.sgd.BiasedMfConfig;
import dev.latent.train.sgd.Schedule;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Serial;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of latent-spark: converts model files to and from Spark ALS model directories
 * and trains on a local or cluster Spark master, biased MF by DSGD or, for comparison, with
 * Spark MLlib's own ALS.
 *
 * <pre>
 * export --model M --format spark-als --out DIR [--master URL]
 * import --format spark-als --model-dir DIR --out M [--master URL]
 * train --data FILE --out M [--master URL] [--algo dsgd] [--factors K] [--epochs N] [--lr X] [--reg X]
 *       [--reg-bias X] [--schedule S] [--seed S] [--strata D]
 * train --data FILE --out M [--master URL] --algo spark-als|spark-ials [--factors K] [--epochs N]
 *       [--reg X] [--seed S] [--alpha X (spark-ials)]
 * </pre>
 *
 * <p>{@code --algo dsgd} (the default) is Latent's biased MF by DSGD ({@link DsgdTrainer}), with
 * {@link BiasedMfConfig#defaults()} for what is not given. {@code spark-als} and {@code spark-ials}
 * delegate to Spark MLlib's ALS, explicit or implicit ({@link MllibAlsTrainer}): {@code --factors}
 * is ALS's rank, {@code --epochs} its maxIter, {@code --reg} its regParam, {@code --alpha} its
 * alpha; what is not given keeps <em>ALS's</em> defaults (rank 10, 10 iterations, regParam 0.1,
 * alpha 1.0, ALS's default seed), and the model is labelled {@code spark-als} or
 * {@code spark-ials}. An option that does not apply to the algorithm (say {@code --strata} with
 * {@code spark-als}, {@code --alpha} with {@code dsgd}) is bad input.
 *
 * <p>Files ({@code --data}, {@code --model}, {@code --out}) may be on any Hadoop file system
 * (hdfs://, s3a://, file:), a bare path meaning one on {@code fs.defaultFS} as everywhere in Spark
 * ({@link HadoopFiles}). {@code train} reads the rating file on the driver with latent-core's
 * {@link RatingReader} (separator, header and charset detected as the CLI does, with its
 * file:line errors), then broadcasts the ratings as flat arrays from which the executors make the
 * rows. The master is {@code --master}, else the one spark-submit
 * set, else {@code local[2]}; when a Spark session is already running in this JVM, the tool uses it
 * and leaves it running. Bad input (an
 * unknown command or option, a missing or malformed value or file) prints one line to stderr and
 * exits with status 2; a failed training (Spark's ALS diverging to NaN, say) exits with status 1
 * and writes no model.
 */
public final class SparkTool {
    /** The exit status for bad input. */
    public static final int USAGE = 2;
    /** The one conversion format there is. */
    public static final String FORMAT = "spark-als";

    private static final String SYNOPSIS = "usage: SparkTool export --model M --format spark-als --out DIR"
            + " | import --format spark-als --model-dir DIR --out M"
            + " | train --data FILE --out M [--master URL --algo dsgd --factors K --epochs N --lr X --reg X --reg-bias X"
            + " --schedule S --seed S --strata D]"
            + " | train --data FILE --out M --algo spark-als|spark-ials [--master URL --factors K --epochs N --reg X --seed S"
            + " --alpha X (spark-ials)]";
    /** The training algorithms of {@code train --algo}. */
    private static final List<String> ALGOS = List.of(DsgdTrainer.TRAINER, MllibAlsTrainer.EXPLICIT, MllibAlsTrainer.IMPLICIT);
    /** The options of {@code train} that only DSGD reads. */
    private static final List<String> DSGD_ONLY = List.of("--lr", "--reg-bias", "--schedule", "--strata");

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
                case "train" -> options(args, Set.of("--data", "--out", "--master", "--algo", "--factors", "--epochs", "--lr",
                        "--reg", "--reg-bias", "--schedule", "--seed", "--strata", "--alpha"));
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
        } catch (IllegalStateException e) {
            // Training went wrong (Spark's ALS diverged, say): its message says what.
            err.println("error: " + oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        } catch (Exception e) {
            err.println("error: " + oneLine(String.valueOf(e)));
            return 1;
        }
    }

    private static void export(Map<String, String> options, PrintStream out) throws IOException, BadInput {
        String modelFile = required(options, "--model");
        checkFormat(required(options, "--format"));
        String dir = required(options, "--out");
        FactorModel model;
        try (Session session = Session.open(options.get("--master"))) {
            model = HadoopFiles.loadModel(modelFile, session.hadoopConf());
            SparkAlsFormat.write(model, dir, session.spark);
        }
        out.println("wrote " + model + " as a Spark ALS model of rank " + (model.rank() + 2) + " (biases folded) to " + dir);
    }

    private static void importModel(Map<String, String> options, PrintStream out) throws IOException, BadInput {
        checkFormat(required(options, "--format"));
        String dir = required(options, "--model-dir");
        String modelFile = required(options, "--out");
        FactorModel model;
        try (Session session = Session.open(options.get("--master"))) {
            model = SparkAlsFormat.read(dir, session.spark);
            HadoopFiles.saveModel(model, modelFile, session.hadoopConf(), true);
        }
        out.println("wrote " + model + " to " + modelFile + " (no seen items: recommendations may include rated items)");
    }

    private static void train(Map<String, String> options, PrintStream out) throws IOException, BadInput {
        String algo = options.getOrDefault("--algo", DsgdTrainer.TRAINER);
        if (!ALGOS.contains(algo)) {
            throw new BadInput("unknown algo '" + algo + "'; expected one of " + String.join(", ", ALGOS));
        }
        for (String name : options.keySet()) {
            boolean applies = algo.equals(DsgdTrainer.TRAINER)
                    ? !name.equals("--alpha")
                    : !DSGD_ONLY.contains(name) && (!name.equals("--alpha") || algo.equals(MllibAlsTrainer.IMPLICIT));
            if (!applies) {
                throw new BadInput("option " + name + " does not apply to --algo " + algo);
            }
        }
        if (algo.equals(DsgdTrainer.TRAINER)) {
            trainDsgd(options, out);
        } else {
            trainMllibAls(options, algo.equals(MllibAlsTrainer.IMPLICIT), out);
        }
    }

    private static void trainMllibAls(Map<String, String> options, boolean implicit, PrintStream out)
            throws IOException, BadInput {
        String data = required(options, "--data");
        String modelFile = required(options, "--out");
        MllibAlsConfig config = MllibAlsConfig.defaults().withImplicitPrefs(implicit);
        if (options.containsKey("--factors")) {
            config = config.withRank(intValue(options, "--factors"));
        }
        if (options.containsKey("--epochs")) {
            config = config.withMaxIter(intValue(options, "--epochs"));
        }
        if (options.containsKey("--reg")) {
            config = config.withRegParam(doubleValue(options, "--reg"));
        }
        if (options.containsKey("--alpha")) {
            config = config.withAlpha(doubleValue(options, "--alpha"));
        }
        if (options.containsKey("--seed")) {
            config = config.withSeed(longValue(options, "--seed"));
        }
        RatingMatrix matrix;
        FactorModel model;
        try (Session session = Session.open(options.get("--master"))) {
            matrix = HadoopFiles.readRatings(data, session.hadoopConf());
            model = new MllibAlsTrainer(config).train(matrix, session.spark);
            HadoopFiles.saveModel(model, modelFile, session.hadoopConf(), true);
        }
        out.println("trained " + model + " on " + matrix.size() + " ratings with Spark MLlib's "
                + (implicit ? "implicit " : "") + "ALS; wrote " + modelFile);
    }

    private static void trainDsgd(Map<String, String> options, PrintStream out) throws IOException, BadInput {
        String data = required(options, "--data");
        String modelFile = required(options, "--out");
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
        RatingMatrix matrix;
        FactorModel model;
        try (Session session = Session.open(options.get("--master"))) {
            matrix = HadoopFiles.readRatings(data, session.hadoopConf());
            model = new DsgdTrainer(config).train(RatingRows.byId(matrix, session.spark), "user", "item", "rating");
            HadoopFiles.saveModel(model, modelFile, session.hadoopConf(), true);
        }
        out.println("trained " + model + " on " + matrix.size() + " ratings by DSGD; wrote " + modelFile);
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

    private static double doubleValue(Map<String, String> options, String name) throws BadInput {
        try {
            return Double.parseDouble(options.get(name));
        } catch (NumberFormatException e) {
            throw new BadInput(name + " must be a number but was '" + options.get(name) + "'");
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
        Configuration hadoopConf() {
            return spark.sparkContext().hadoopConfiguration();
        }

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
