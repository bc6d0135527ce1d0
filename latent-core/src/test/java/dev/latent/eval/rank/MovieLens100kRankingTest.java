package dev.latent.eval.rank;

import dev.latent.data.RatingMatrix;
import dev.latent.data.RatingReader;
import dev.latent.data.ReadOptions;
import dev.latent.data.SharedData;
import dev.latent.data.Timestamps;
import dev.latent.eval.split.LeaveOneOutSplitter;
import dev.latent.eval.split.Split;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Most-popular on MovieLens 100K with each user's latest rating held out: the popularity bar any
 * top-N model has to clear. Under a second.
 */
class MovieLens100kRankingTest {

    /** Measured: NDCG@10 0.0479, HR@10 0.0933, MRR@10 0.0343, coverage@10 0.054 (54 films of 1682). */
    @Test
    void mostPopular_leaveLatestOut_ndcgAt10InMeasuredRange() throws IOException {
        Path file = SharedData.require("ml-100k/u.data");
        RatingMatrix data = RatingReader.withDefaults().read(file).ratings();
        Timestamps times = Timestamps.read(file, ReadOptions.defaults(), data).orElseThrow();
        Split split = LeaveOneOutSplitter.latest(times, 42).split(data).getFirst();

        RankingMetrics metrics = new RankingEvaluator(10, 0, 42, 2).evaluate(MostPopular.fit(split.train()),
                split.train(), split.test());

        System.out.println("ML-100K leave-latest-out, most-popular: " + metrics.asMap());
        assertEquals(943, metrics.users());
        assertEquals(943, split.test().size());
        assertTrue(metrics.ndcg() > 0.040 && metrics.ndcg() < 0.060, "NDCG@10 " + metrics.ndcg());
        assertEquals(metrics.hitRate(), metrics.recall(), 1e-12);
    }
}
