package dev.latent.cli;

import dev.latent.data.RatingList;
import dev.latent.data.RatingMatrix;
import dev.latent.data.RatingReader;
import dev.latent.data.ReadResult;
import dev.latent.io.Json;
import dev.latent.math.VectorKernels;
import dev.latent.train.EpochEvent;
import dev.latent.train.Trainer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code latent bench}: trains on a rating file and reports, per epoch, the wall time of the SGD
 * pass ({@link EpochEvent#epochTime()}, validation excluded), updates per second, training RMSE
 * and, with {@code --test}, test RMSE; then the median throughput and the peak heap.
 *
 * <p>The median is over epochs 2..N (all epochs when there is one), so the first epoch's JIT
 * warm-up does not count. The peak heap is the sum of every heap pool's peak usage since the
 * command started (the peaks are reset then), so it covers the whole command, reading the files
 * included; pools peak at different moments, which makes the sum an upper bound of the true peak.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Train on a rating file and report, per epoch, the wall time and updates per",
                "second of the SGD pass (validation excluded), training and test RMSE; then",
                "the median updates per second over epochs 2..N and the command's peak heap."})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Rating file to train on.")
    Path data;

    @Option(names = "--test", paramLabel = "FILE",
            description = "Test file, scored after every epoch (outside the timed pass); ids the training file lacks fall back to the biases.")
    Path test;

    @Option(names = "--json", description = "Print one JSON object: epochs (epoch, seconds, updates_per_second, train_rmse, "
            + "test_rmse), median_updates_per_second, peak_heap_bytes, and a description of the run.")
    boolean json;

    @Option(names = "--quiet", description = "No progress on stderr with --json.")
    boolean quiet;

    @Mixin
    InputOptions input = new InputOptions();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Override
    public Integer call() throws IOException {
        HeapPeak heap = HeapPeak.start();
        long started = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Trainer trainer = model.trainer();

        RatingReader reader = input.reader();
        ReadResult<RatingMatrix> trainSet = input.read(data, err);
        Commands.printReport(err, trainSet.report());
        RatingMatrix ratings = trainSet.ratings();
        RatingList testSet = null;
        if (test != null) {
            ReadResult<RatingList> read = reader.readAgainst(test, ratings.users(), ratings.items());
            Commands.printReport(err, read.report());
            testSet = read.ratings();
        }
        double readSeconds = seconds(System.nanoTime() - started);

        Map<String, String> parameters = trainer.config().parameters();
        String kernels = VectorKernels.best().name();
        if (!json) {
            out.printf("%s (%s)%n%d training ratings%s, kernels %s%n", trainer.algorithm(), Commands.describe(parameters),
                    ratings.size(), testSet == null ? "" : ", " + testSet.size() + " test ratings", kernels);
            out.printf("%5s  %9s  %13s  %10s  %10s%n", "epoch", "seconds", "M updates/s", "train RMSE", "test RMSE");
            out.flush();
        }
        List<Epoch> epochs = new ArrayList<>();
        ProgressListener progress = new ProgressListener(err, ProgressListener.stderrIsTerminal(), "");
        long trainStarted = System.nanoTime();
        trainer.train(ratings, testSet, event -> {
            Epoch epoch = Epoch.of(event, ratings.size());
            epochs.add(epoch);
            if (!json) {
                out.printf("%5d  %9.3f  %13.3f  %10.4f  %10s%n", epoch.epoch(), epoch.seconds(),
                        epoch.updatesPerSecond() / 1e6, epoch.trainRmse(),
                        Double.isNaN(epoch.testRmse()) ? "-" : String.format("%.4f", epoch.testRmse()));
                out.flush();
            } else if (!quiet) {
                progress.onEpoch(event);
            }
        });
        double trainSeconds = seconds(System.nanoTime() - trainStarted);
        double median = medianUpdatesPerSecond(epochs);
        long peakHeap = heap.peakBytes();
        double totalSeconds = seconds(System.nanoTime() - started);

        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            List<Map<String, Object>> perEpoch = new ArrayList<>();
            for (Epoch epoch : epochs) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("epoch", epoch.epoch());
                e.put("seconds", epoch.seconds());
                e.put("updates_per_second", epoch.updatesPerSecond());
                e.put("train_rmse", epoch.trainRmse());
                e.put("test_rmse", testSet == null ? null : epoch.testRmse());
                perEpoch.add(e);
            }
            result.put("epochs", perEpoch);
            result.put("median_updates_per_second", median);
            result.put("peak_heap_bytes", peakHeap);
            result.put("algorithm", trainer.algorithm());
            result.put("parameters", Commands.typed(parameters));
            result.put("threads", Integer.parseInt(parameters.get("threads")));
            result.put("kernels", kernels);
            result.put("train_ratings", ratings.size());
            result.put("test_ratings", testSet == null ? null : testSet.size());
            result.put("read_seconds", readSeconds);
            result.put("train_seconds", trainSeconds);
            result.put("total_seconds", totalSeconds);
            out.println(Json.write(result));
        } else {
            out.printf("median %.3f M updates/s over %s%n", median / 1e6,
                    epochs.size() == 1 ? "the only epoch" : "epochs 2-" + epochs.size());
            out.printf("peak heap %.1f MB (all heap pools, the whole command including reading); "
                    + "read %.1f s, trained %.1f s, total %.1f s%n", peakHeap / 1e6, readSeconds, trainSeconds, totalSeconds);
        }
        return 0;
    }

    /** One epoch's row. */
    record Epoch(int epoch, double seconds, double updatesPerSecond, double trainRmse, double testRmse) {
        static Epoch of(EpochEvent event, int trainRatings) {
            double seconds = BenchCommand.seconds(event.epochTime().toNanos());
            return new Epoch(event.epoch(), seconds, trainRatings / seconds, event.trainRmse(), event.validationRmse());
        }
    }

    /** The median updates per second over epochs 2..N, or over the one epoch there is. */
    static double medianUpdatesPerSecond(List<Epoch> epochs) {
        List<Epoch> counted = epochs.size() > 1 ? epochs.subList(1, epochs.size()) : epochs;
        double[] rates = counted.stream().mapToDouble(Epoch::updatesPerSecond).sorted().toArray();
        int n = rates.length;
        return n % 2 == 1 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** The heap pools' peak usage since {@link #start()}. */
    private record HeapPeak(List<MemoryPoolMXBean> pools) {
        static HeapPeak start() {
            List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP && pool.isValid())
                    .toList();
            heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
            return new HeapPeak(heapPools);
        }

        /** Σ over heap pools of the peak bytes used; pools peak at different moments, so an upper bound. */
        long peakBytes() {
            return pools.stream().filter(MemoryPoolMXBean::isValid)
                    .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        }
    }
}
