package dev.latent.server;

import dev.latent.model.FactorModel;
import dev.latent.recommend.Query;
import dev.latent.recommend.Recommender;
import dev.latent.recommend.ScoredItem;
import dev.latent.train.sgd.BiasedMfConfig;
import dev.latent.train.sgd.BiasedMfTrainer;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BatchScorerTest {
    private static final FactorModel MODEL = new BiasedMfTrainer(BiasedMfConfig.defaults().withFactors(4).withEpochs(20)
            .withThreads(1)).train(LatentServerTest.ratings());

    private static Query queryFor(int user) {
        float[] vector = new float[MODEL.rank()];
        MODEL.userFactors().get(user * MODEL.rank(), vector);
        int[] seen = new int[MODEL.seenCount(user)];
        MODEL.seenItems().get(MODEL.seenStarts().get(user), seen);
        return new Query(vector, MODEL.userBias(user), seen, 3);
    }

    @Test
    void recommend_manyConcurrentCallers_eachGetTheirOwnSingleCallAnswer() throws InterruptedException {
        ServingModel serving = new ServingModel(MODEL, 1, "sha256:test", Instant.now());
        Recommender recommender = new Recommender(MODEL);
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        try (BatchScorer scorer = new BatchScorer(1)) {
            List<Thread> callers = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                callers.add(Thread.ofVirtual().start(() -> {
                    for (int round = 0; round < 50; round++) {
                        for (int user = 0; user < MODEL.users().size(); user++) {
                            List<ScoredItem> batched = scorer.recommend(serving, queryFor(user));
                            if (!batched.equals(recommender.recommend(user, 3))) {
                                wrong.add("user " + user + ": " + batched);
                            }
                        }
                    }
                }));
            }
            for (Thread caller : callers) {
                caller.join();
            }
        }
        assertEquals(List.of(), List.copyOf(wrong));
    }

    @Test
    void recommend_afterClose_is503() {
        ServingModel serving = new ServingModel(MODEL, 1, "sha256:test", Instant.now());
        BatchScorer scorer = new BatchScorer(1);
        scorer.close();
        HttpError e = assertThrows(HttpError.class, () -> scorer.recommend(serving, queryFor(0)));
        assertEquals(503, e.status());
    }
}
