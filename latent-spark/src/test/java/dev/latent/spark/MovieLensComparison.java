package dev.latent.spark;

import dev.latent.data.DataSets;
import dev.latent.data.RatingMatrix;
import dev.latent.data.RatingReader;
import dev.latent.eval.metric.ErrorMetrics;
import dev.latent.model.FactorModel;
import dev.latent.train.sgd.BiasedMfConfig;
import dev.latent.train.sgd.BiasedMfTrainer;

import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;

/**
 * Test RMSE and wall time of DSGD on {@code local[2]} against single-machine biased MF on
 * MovieLens 100K u1..u5, same {@link BiasedMfConfig}; one JSON line per split, then the means.
 * Not a test: run it with the test class path (see the module's closing note for the command).
 * Arguments: [factors epochs strata], default 50 20 0.
 */
public final class MovieLensComparison {
    private MovieLensComparison() {
    }

    public static void main(String[] args) throws Exception {
        int factors = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int strata = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        Path dir = DataSets.find("ml-100k/u1.base").orElseThrow().getParent();
        BiasedMfConfig config = BiasedMfConfig.defaults().withFactors(factors).withEpochs(epochs).withThreads(2);
        RatingReader reader = RatingReader.withDefaults();
        SparkSession spark = LocalSpark.start(MovieLensComparison.class);
        try {
            double singleSum = 0;
            double dsgdSum = 0;
            for (int k = 1; k <= 5; k++) {
                Path base = dir.resolve("u" + k + ".base");
                Path test = dir.resolve("u" + k + ".test");
                long started = System.nanoTime();
                RatingMatrix train = reader.read(base).ratings();
                FactorModel single = new BiasedMfTrainer(config).train(train);
                double singleSeconds = (System.nanoTime() - started) / 1e9;
                double singleRmse = ErrorMetrics.of(single, reader.readAgainst(test, train.users(), train.items()).ratings()).rmse();

                started = System.nanoTime();
                FactorModel dsgd = new DsgdTrainer(new DsgdConfig(config, strata)).train(
                        spark.read().option("sep", "\t").schema("user INT, item INT, rating FLOAT, time LONG").csv(base.toString()),
                        "user", "item", "rating");
                double dsgdSeconds = (System.nanoTime() - started) / 1e9;
                double dsgdRmse = ErrorMetrics.of(dsgd, reader.readAgainst(test, dsgd.users(), dsgd.items()).ratings()).rmse();
                singleSum += singleRmse;
                dsgdSum += dsgdRmse;
                System.out.printf("{\"split\":\"u%d\",\"factors\":%d,\"epochs\":%d,\"strata\":%s,\"singleRmse\":%.4f,"
                                + "\"singleSeconds\":%.2f,\"dsgdRmse\":%.4f,\"dsgdSeconds\":%.2f}%n",
                        k, factors, epochs, dsgd.parameters().get(DsgdConfig.STRATA_PARAMETER), singleRmse, singleSeconds, dsgdRmse, dsgdSeconds);
            }
            System.out.printf("{\"split\":\"mean\",\"singleRmse\":%.4f,\"dsgdRmse\":%.4f,\"relative\":%.4f}%n",
                    singleSum / 5, dsgdSum / 5, (dsgdSum - singleSum) / singleSum);
        } finally {
            spark.stop();
        }
    }
}
