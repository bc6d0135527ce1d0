package dev.latent.spark;

import dev.latent.data.IdIndex;
import dev.latent.io.Json;
import dev.latent.model.DataStats;
import dev.latent.model.FactorModel;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntUnaryOperator;

/**
 * Converts between a {@link FactorModel} and the directory Spark ML's {@code ALSModel.save} writes
 * and {@code ALSModel.load} reads (the model of Spark's ALS; Zhou, Wilkinson, Schreiber, Pan,
 * "Large-scale parallel collaborative filtering for the Netflix Prize", AAIM 2008).
 *
 * <p>Layout, as Spark 4.2 writes it: {@code metadata/part-00000}, one JSON line (class, timestamp,
 * sparkVersion, uid, paramMap, defaultParamMap, rank); {@code userFactors/} and
 * {@code itemFactors/}, Parquet with columns {@code id: int} and {@code features: array<float>}.
 * {@link #write} writes the factor tables with Spark and the metadata line itself, rather than
 * calling ALSModel's constructor, which Scala keeps {@code private[ml]}: the saved layout is the
 * contract Spark keeps loadable across versions.
 *
 * <p>Biases are folded into the factors, so that Spark's prediction {@code x_u·y_i} is Latent's
 * whole score: user vector {@code [p_u, μ + b_u, 1]}, item vector {@code [q_i, 1, b_i]}, rank
 * k + 2. ALS ids are ints: each side keeps its ids when all of them are ints written canonically
 * ({@code "42"}, not {@code "042"}), else uses the dense indices. Either way
 * {@code latent-ids/users.tsv} and {@code items.tsv} map each ALS id back to its Latent id, one
 * {@code alsId<TAB>latentId} line per index in Latent's order (tab, newline, carriage return and
 * backslash escaped as {@code \t}, {@code \n}, {@code \r}, {@code \\}), so {@link #read} restores
 * the ids and their order.
 *
 * <p>What does not survive: Latent's seen items, rating range, parameters and seed, which the
 * ALS layout has no place for; {@link #read} gives a model without seen items (recommending may
 * return items the user rated) and an unbounded rating range (predict equals score).
 */
public final class SparkAlsFormat {
    /** The algorithm name of every model {@link #read} returns. */
    public static final String ALGORITHM = "spark-als";
    /** The directory beside Spark's files that maps ALS ids back to Latent ids. */
    public static final String ID_DIRECTORY = "latent-ids";

    private static final String ALS_CLASS = "org.apache.spark.ml.recommendation.ALSModel";
    private static final StructType FACTOR_SCHEMA = new StructType()
            .add("id", DataTypes.IntegerType, false)
            .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), true);

    private SparkAlsFormat() {
    }

    /**
     * Writes {@code model} as an ALS model directory at {@code path} (any Hadoop path), biases
     * folded into rank k + 2 factors.
     *
     * @throws FileAlreadyExistsException when {@code path} exists
     */
    public static void write(FactorModel model, String path, SparkSession spark) throws IOException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(spark, "spark");
        Path root = new Path(path);
        FileSystem fs = root.getFileSystem(hadoopConf(spark));
        if (fs.exists(root)) {
            throw new FileAlreadyExistsException(path, null, "the ALS model directory already exists");
        }
        int k = model.rank();
        int[] userIds = alsIds(model.users());
        int[] itemIds = alsIds(model.items());
        float mu = model.globalMean();
        float[] p = floats(model.userFactors().duplicate());
        float[] q = floats(model.itemFactors().duplicate());

        List<Row> users = new ArrayList<>(userIds.length);
        for (int u = 0; u < userIds.length; u++) {
            float[] x = new float[k + 2];
            System.arraycopy(p, u * k, x, 0, k);
            x[k] = mu + model.userBias(u);
            x[k + 1] = 1f;
            users.add(RowFactory.create(userIds[u], x));
        }
        List<Row> items = new ArrayList<>(itemIds.length);
        for (int i = 0; i < itemIds.length; i++) {
            float[] y = new float[k + 2];
            System.arraycopy(q, i * k, y, 0, k);
            y[k] = 1f;
            y[k + 1] = model.itemBias(i);
            items.add(RowFactory.create(itemIds[i], y));
        }
        spark.createDataFrame(users, FACTOR_SCHEMA).write().parquet(child(root, "userFactors").toString());
        spark.createDataFrame(items, FACTOR_SCHEMA).write().parquet(child(root, "itemFactors").toString());
        writeIds(fs, child(root, ID_DIRECTORY + "/users.tsv"), userIds, model.users());
        writeIds(fs, child(root, ID_DIRECTORY + "/items.tsv"), itemIds, model.items());
        // Metadata last: a directory without it is not a model, so a failed write is never loaded.
        writeText(fs, child(root, "metadata/part-00000"), metadata(spark.version(), uid(model), k + 2) + "\n");
        fs.create(child(root, "metadata/_SUCCESS"), false).close();
    }

    /**
     * Reads any ALS model directory (one {@link #write} made, or one Spark's ALS trained) into a
     * model of {@link #ALGORITHM}: rank = ALS rank, μ = 0, zero biases, the factors as stored, no
     * seen items and an unbounded rating range. Ids come from {@code latent-ids/} when present, in
     * its order; otherwise they are the ALS ids as strings, ascending.
     */
    public static FactorModel read(String path, SparkSession spark) throws IOException {
        Objects.requireNonNull(spark, "spark");
        Path root = new Path(path);
        FileSystem fs = root.getFileSystem(hadoopConf(spark));
        if (!fs.exists(child(root, "metadata"))) {
            throw new IOException("no Spark ALS model at " + path + ": "
                    + (fs.exists(root) ? "it has no metadata/ directory" : "it does not exist"));
        }
        ALSModel als = ALSModel.load(path);
        int rank = als.rank();
        Side users = side("user", als.userFactors().collectAsList(), rank, fs, child(root, ID_DIRECTORY + "/users.tsv"));
        Side items = side("item", als.itemFactors().collectAsList(), rank, fs, child(root, ID_DIRECTORY + "/items.tsv"));
        int m = users.ids.size();
        int n = items.ids.size();
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("source", ALGORITHM);
        parameters.put("uid", als.uid());
        parameters.put("rank", Integer.toString(rank));
        DataStats stats = new DataStats(m, n, 0, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 0);
        return new FactorModel(ALGORITHM, parameters, 0, stats, users.ids, items.ids, rank, 0f,
                new float[m], new float[n], users.factors, items.factors, new int[m + 1], new int[0]);
    }

    /** One side of a model read back: ids in model order and their factors, stride rank. */
    private record Side(IdIndex ids, float[] factors) {
    }

    private static Side side(String kind, List<Row> rows, int rank, FileSystem fs, Path idFile) throws IOException {
        List<String> ids = new ArrayList<>(rows.size());
        Map<Integer, Integer> position = new HashMap<>();
        if (fs.exists(idFile)) {
            for (String line : readLines(fs, idFile)) {
                int tab = line.indexOf('\t');
                if (tab < 0) {
                    throw new IOException(idFile + ": expected 'alsId<TAB>latentId' but found '" + line + "'");
                }
                int alsId = parseInt(line.substring(0, tab), idFile);
                if (position.put(alsId, ids.size()) != null) {
                    throw new IOException(idFile + ": ALS id " + alsId + " is listed twice");
                }
                ids.add(unescape(line.substring(tab + 1)));
            }
        } else {
            // Sorted here rather than by Spark, which would shuffle into spark.sql.shuffle.partitions tasks.
            rows = new ArrayList<>(rows);
            rows.sort(Comparator.comparingInt(row -> row.getInt(0)));
            for (Row row : rows) {
                position.put(row.getInt(0), ids.size());
                ids.add(Integer.toString(row.getInt(0)));
            }
        }
        float[] factors = new float[ids.size() * rank];
        copyFactors(kind, rows, rank, alsId -> position.getOrDefault(alsId, -1), factors, idFile.toString());
        return new Side(IdIndex.of(kind, ids), factors);
    }

    /**
     * Copies each factor row ({@code id: int, features: array<float>}) of an ALS model into
     * {@code factors} at the position {@code positionOf} gives its id, stride {@code rank}.
     *
     * @param source what maps ids to positions, named when an id has none
     * @throws IOException when an id has no position (negative) or a row's length is not the rank
     */
    static void copyFactors(String kind, List<Row> rows, int rank, IntUnaryOperator positionOf, float[] factors,
                            String source) throws IOException {
        for (Row row : rows) {
            int alsId = row.getInt(0);
            int at = positionOf.applyAsInt(alsId);
            if (at < 0) {
                throw new IOException(source + " does not list the ALS " + kind + " id " + alsId);
            }
            List<Float> features = row.getList(1);
            if (features == null || features.size() != rank) {
                throw new IOException("the ALS " + kind + " " + alsId + " has " + (features == null ? "no" : features.size())
                        + " features but the rank is " + rank);
            }
            for (int f = 0; f < rank; f++) {
                factors[at * rank + f] = features.get(f);
            }
        }
    }

    /** Each id as an int when all are canonical ints, else the dense indices. */
    static int[] alsIds(IdIndex index) {
        int size = index.size();
        int[] out = new int[size];
        for (int j = 0; j < size; j++) {
            String id = index.idAt(j);
            Integer value = canonicalInt(id);
            if (value == null) {
                for (int d = 0; d < size; d++) {
                    out[d] = d;
                }
                return out;
            }
            out[j] = value;
        }
        return out;
    }

    private static Integer canonicalInt(String id) {
        try {
            int value = Integer.parseInt(id);
            return Integer.toString(value).equals(id) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The metadata line, key for key as Spark 4.2's {@code ALSModel.save} writes it. */
    static String metadata(String sparkVersion, String uid, int rank) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("blockSize", 4096);
        defaults.put("coldStartStrategy", "nan");
        defaults.put("itemCol", "item");
        defaults.put("predictionCol", "prediction");
        defaults.put("userCol", "user");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("class", ALS_CLASS);
        json.put("timestamp", System.currentTimeMillis());
        json.put("sparkVersion", sparkVersion);
        json.put("uid", uid);
        json.put("paramMap", Map.of());
        json.put("defaultParamMap", defaults);
        json.put("rank", rank);
        return Json.write(json);
    }

    /** Spark's uid shape, {@code als_} and 12 hex digits, here from the model's seed. */
    private static String uid(FactorModel model) {
        return String.format("als_%012x", model.seed() & 0xffff_ffff_ffffL);
    }

    private static void writeIds(FileSystem fs, Path file, int[] alsIds, IdIndex ids) throws IOException {
        StringBuilder out = new StringBuilder();
        for (int j = 0; j < alsIds.length; j++) {
            out.append(alsIds[j]).append('\t').append(escape(ids.idAt(j))).append('\n');
        }
        writeText(fs, file, out.toString());
    }

    static String escape(String id) {
        StringBuilder out = new StringBuilder(id.length());
        for (int c = 0; c < id.length(); c++) {
            char ch = id.charAt(c);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int c = 0; c < text.length(); c++) {
            char ch = text.charAt(c);
            if (ch == '\\' && c + 1 < text.length()) {
                char next = text.charAt(++c);
                out.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    private static int parseInt(String text, Path file) throws IOException {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IOException(file + ": ALS id '" + text + "' is not an int", e);
        }
    }

    private static void writeText(FileSystem fs, Path file, String text) throws IOException {
        try (FSDataOutputStream stream = fs.create(file, false);
             Writer writer = new OutputStreamWriter(stream, StandardCharsets.UTF_8)) {
            writer.write(text);
        }
    }

    private static List<String> readLines(FileSystem fs, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        try (FSDataInputStream stream = fs.open(file);
             BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static float[] floats(FloatBuffer buffer) {
        float[] out = new float[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    private static Path child(Path root, String relative) {
        return new Path(root, relative);
    }

    private static Configuration hadoopConf(SparkSession spark) {
        return spark.sparkContext().hadoopConfiguration();
    }
}
