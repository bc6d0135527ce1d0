package dev.latent.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code latent bench} end to end on a tiny generated file. Timings are only checked for being
 * positive and consistent with each other, never against thresholds.
 */
class BenchCommandTest {
    private static final int RATINGS = 4000;

    @TempDir
    Path dir;
    Path data;

    @BeforeEach
    void generate() {
        data = dir.resolve("synthetic.tsv");
        CliRun run = CliRun.of("generate", "--users", "200", "--items", "100", "--ratings", Integer.toString(RATINGS),
                "--out", data.toString());
        assertEquals(0, run.code(), run.toString());
    }

    private static CliRun bench(Path data, String... extra) {
        List<String> args = new ArrayList<>(List.of("bench", "--data", data.toString(), "--factors", "8"));
        args.addAll(Arrays.asList(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void bench_jsonWithoutTest_reportsEveryEpochAndNullTestRmse() {
        CliRun run = bench(data, "--threads", "1", "--epochs", "5", "--json");

        assertEquals(0, run.code(), run.toString());
        Map<String, Object> result = JsonParser.parseObject(run.out().strip());
        assertEquals(List.of("epochs", "median_updates_per_second", "peak_heap_bytes"),
                List.copyOf(result.keySet()).subList(0, 3), run.out());
        List<Map<String, Object>> epochs = epochs(result);
        assertEquals(5, epochs.size(), run.out());
        for (int k = 0; k < epochs.size(); k++) {
            Map<String, Object> epoch = epochs.get(k);
            assertEquals(List.of("epoch", "seconds", "updates_per_second", "train_rmse", "test_rmse"),
                    List.copyOf(epoch.keySet()), run.out());
            assertEquals(k + 1.0, epoch.get("epoch"));
            assertSaneTiming(epoch, RATINGS);
            assertTrue(Double.isFinite(number(epoch, "train_rmse")), run.out());
            assertTrue(epoch.containsKey("test_rmse") && epoch.get("test_rmse") == null, run.out());
        }
        assertTrue(number(result, "peak_heap_bytes") > 0, run.out());
        assertEquals(RATINGS, number(result, "train_ratings"));
        assertNull(result.get("test_ratings"), run.out());
        assertEquals(1.0, number(result, "threads"));
        assertEquals(5.0, number(castMap(result.get("parameters")), "epochs"));
    }

    @Test
    void bench_json_medianIsOverEpochsAfterTheFirst() {
        CliRun even = bench(data, "--epochs", "5", "--json", "--quiet");
        CliRun odd = bench(data, "--epochs", "4", "--json", "--quiet");

        for (CliRun run : List.of(even, odd)) {
            assertEquals(0, run.code(), run.toString());
            Map<String, Object> result = JsonParser.parseObject(run.out().strip());
            double[] rates = epochs(result).stream().skip(1).mapToDouble(e -> number(e, "updates_per_second"))
                    .sorted().toArray();
            int n = rates.length;
            double expected = n % 2 == 1 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2;
            assertEquals(expected, number(result, "median_updates_per_second"), expected * 1e-12, run.out());
        }
    }

    @Test
    void bench_jsonOneEpoch_medianIsThatEpoch() {
        CliRun run = bench(data, "--epochs", "1", "--json");

        assertEquals(0, run.code(), run.toString());
        Map<String, Object> result = JsonParser.parseObject(run.out().strip());
        List<Map<String, Object>> epochs = epochs(result);
        assertEquals(1, epochs.size(), run.out());
        assertEquals(number(epochs.getFirst(), "updates_per_second"), number(result, "median_updates_per_second"));
    }

    @Test
    void bench_jsonWithTest_reportsFiniteTestRmseEveryEpoch() throws IOException {
        List<String> lines = Files.readAllLines(data);
        List<String> train = new ArrayList<>();
        List<String> test = new ArrayList<>();
        for (int k = 0; k < lines.size(); k++) {
            (k % 10 == 0 ? test : train).add(lines.get(k));
        }
        Path trainFile = Files.write(dir.resolve("train.tsv"), train);
        Path testFile = Files.write(dir.resolve("test.tsv"), test);

        CliRun run = bench(trainFile, "--test", testFile.toString(), "--threads", "2", "--epochs", "3", "--json");

        assertEquals(0, run.code(), run.toString());
        Map<String, Object> result = JsonParser.parseObject(run.out().strip());
        List<Map<String, Object>> epochs = epochs(result);
        assertEquals(3, epochs.size(), run.out());
        for (Map<String, Object> epoch : epochs) {
            assertSaneTiming(epoch, train.size());
            assertTrue(Double.isFinite(number(epoch, "train_rmse")), run.out());
            assertTrue(Double.isFinite(number(epoch, "test_rmse")), run.out());
        }
        assertEquals(train.size(), number(result, "train_ratings"));
        assertEquals(test.size(), number(result, "test_ratings"));
        // Per-epoch validation is reported, never used to stop.
        assertEquals(0.0, number(castMap(result.get("parameters")), "earlyStoppingPatience"));
    }

    @Test
    void bench_text_printsOneRowPerEpochThenMedianAndPeakHeap() {
        CliRun run = bench(data, "--epochs", "3");

        assertEquals(0, run.code(), run.toString());
        List<String> rows = run.out().lines().filter(line -> line.matches("\\s+\\d+\\s+\\S+\\s+\\S+\\s+\\S+\\s+-"))
                .toList();
        assertEquals(3, rows.size(), run.out());
        assertTrue(run.out().contains("M updates/s"), run.out());
        assertTrue(run.out().contains("median "), run.out());
        assertTrue(run.out().contains("over epochs 2-3"), run.out());
        assertTrue(run.out().contains("peak heap "), run.out());
    }

    @Test
    void bench_help_listsTheOptions() {
        CliRun run = CliRun.of("bench", "--help");

        assertEquals(0, run.code(), run.toString());
        for (String option : List.of("--data", "--test", "--algo", "--factors", "--threads", "--epochs", "--json")) {
            assertTrue(run.out().contains(option), option + " in " + run.out());
        }
    }

    @Test
    void bench_zeroEpochs_failsNamingTheOption() {
        CliRun run = bench(data, "--epochs", "0");

        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().startsWith("latent: "), run.toString());
        assertTrue(run.err().contains("--epochs"), run.toString());
        assertEquals("", run.out(), run.toString());
    }

    @Test
    void bench_withoutData_failsAsUsageError() {
        CliRun run = CliRun.of("bench", "--epochs", "2");

        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().contains("--data"), run.toString());
    }

    /** Seconds and updates per second are positive, and are the same measurement: their product is the training ratings. */
    private static void assertSaneTiming(Map<String, Object> epoch, int trainRatings) {
        double seconds = number(epoch, "seconds");
        double rate = number(epoch, "updates_per_second");
        assertTrue(seconds > 0, epoch.toString());
        assertTrue(rate > 0, epoch.toString());
        assertEquals(trainRatings, rate * seconds, trainRatings * 1e-9, epoch.toString());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> epochs(Map<String, Object> result) {
        return (List<Map<String, Object>>) result.get("epochs");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    private static double number(Map<String, Object> object, String key) {
        Object value = object.get(key);
        assertTrue(value instanceof Double, key + " is a number in " + object);
        return (Double) value;
    }
}
