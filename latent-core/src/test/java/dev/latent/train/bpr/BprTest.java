package dev.latent.train.bpr;

import dev.latent.data.RatingMatrix;
import dev.latent.data.SharedData;
import dev.latent.model.FactorModel;
import dev.latent.train.EpochEvent;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BprTest {

    /**
     * Two groups of 20 users and 10 items each; every user consumes 7 of its own group's 10 items
     * (a different 7 per user), none of the other group's.
     */
    private static RatingMatrix twoGroups() {
        RatingMatrix.Builder groups = RatingMatrix.builder();
        for (int g = 0; g < 2; g++) {
            for (int u = 0; u < 20; u++) {
                for (int i = 0; i < 10; i++) {
                    if ((i + u) % 10 < 7) {
                        groups.add("u" + g + "_" + u, "i" + g + "_" + i, 1f);
                    }
                }
            }
        }
        return groups.build();
    }

    private static final BprConfig SMALL = BprConfig.defaults().withFactors(8).withEpochs(100).withLearningRate(0.05f)
            .withRegularization(0.01f).withThreads(1);

    @Test
    void config_invalidValue_throwsNamingTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BprConfig.defaults().withThreads(0));
        assertEquals("threads must be positive but was 0", e.getMessage());
        assertEquals(List.of("factors", "epochs", "learningRate", "regularization", "initStd", "threads"),
                List.copyOf(BprConfig.defaults().parameters().keySet()));
    }

    @Test
    void negative_manyDraws_neverThePositivesAndCoverAllOthers() {
        RatingMatrix data = RatingMatrix.builder().add("a", "x0", 1f).add("a", "x3", 1f).add("a", "x5", 1f)
                .add("b", "x1", 1f).add("b", "x2", 1f).add("b", "x4", 1f).add("b", "x6", 1f).build();
        PairSampler sampler = new PairSampler(data);
        SplittableRandom random = new SplittableRandom(1);
        int a = data.users().indexOf("a");
        int[] counts = new int[data.itemCount()];
        for (int draw = 0; draw < 4000; draw++) {
            counts[sampler.negative(a, random)]++;
        }
        for (String positive : List.of("x0", "x3", "x5")) {
            assertEquals(0, counts[data.items().indexOf(positive)], positive + " is a's positive");
        }
        for (String other : List.of("x1", "x2", "x4", "x6")) {
            int c = counts[data.items().indexOf(other)];
            assertTrue(c > 850 && c < 1150, other + " drawn " + c + " times of 4000, expected about 1000");
        }
    }

    @Test
    void negative_userWithEveryItem_returnsMinusOne() {
        RatingMatrix data = RatingMatrix.builder().add("a", "x", 1f).add("a", "y", 1f).add("b", "x", 1f).build();
        PairSampler sampler = new PairSampler(data);

        assertEquals(-1, sampler.negative(data.users().indexOf("a"), new SplittableRandom(1)));
        assertEquals(data.items().indexOf("y"), sampler.negative(data.users().indexOf("b"), new SplittableRandom(1)));
    }

    @Test
    void positive_positions_mapBackToTheirUser() {
        RatingMatrix data = twoGroups();
        PairSampler sampler = new PairSampler(data);
        for (int u = 0; u < data.userCount(); u++) {
            for (int pos = data.userStart(u); pos < data.userEnd(u); pos++) {
                assertEquals(u, sampler.userAt(pos));
            }
        }
    }

    @Test
    void train_oneThreadSameSeed_bitIdenticalModel() {
        FactorModel first = new BprTrainer(SMALL.withSeed(11)).train(twoGroups());
        FactorModel second = new BprTrainer(SMALL.withSeed(11)).train(twoGroups());
        FactorModel other = new BprTrainer(SMALL.withSeed(12)).train(twoGroups());

        assertTrue(first.sameAs(second), "same seed, one thread must give a bit-identical model");
        assertFalse(first.sameAs(other), "another seed must give another model");
        assertEquals(BprTrainer.ALGORITHM, first.algorithm());
        assertEquals(0f, first.globalMean());
    }

    @Test
    void train_everyEpoch_rankingLossFalls() {
        List<EpochEvent> events = new ArrayList<>();
        new BprTrainer(SMALL).train(twoGroups(), null, events::add);

        assertEquals(100, events.size());
        double first = events.getFirst().trainRmse();
        double last = events.getLast().trainRmse();
        assertTrue(first > 0.3 && first < 0.6, "a near-random model's mean 1 − σ is near 0.5: " + first);
        assertTrue(last < 0.5 * first, "ranking loss " + first + " → " + last);
    }

    @Test
    void train_twoGroups_unseenInGroupItemsOutrankOtherGroup() {
        for (int threads : new int[] {1, 2}) {
            RatingMatrix data = twoGroups();
            FactorModel model = new BprTrainer(SMALL.withThreads(threads)).train(data);

            for (int u = 0; u < data.userCount(); u++) {
                String group = data.users().idAt(u).substring(1, 2);
                float worstIn = Float.POSITIVE_INFINITY;
                float bestOut = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < data.itemCount(); i++) {
                    if (model.hasSeen(u, i)) {
                        continue;
                    }
                    float score = model.score(u, i);
                    if (data.items().idAt(i).substring(1, 2).equals(group)) {
                        worstIn = Math.min(worstIn, score);
                    } else {
                        bestOut = Math.max(bestOut, score);
                    }
                }
                assertTrue(worstIn > bestOut, threads + " threads, user " + data.users().idAt(u) + ": unseen in-group "
                        + worstIn + " vs out-of-group " + bestOut);
            }
        }
    }

    /**
     * MovieLens 100K as implicit feedback, each user's latest interaction held out: the defaults'
     * NDCG@10 over all unseen items must clearly beat most-popular (measured in the scratch harness:
     * see {@link BprTrainer}); here, hit rate at 10, on one thread.
     */
    @Test
    void defaults_movieLens100kLeaveLatestOut_beatsMostPopular() throws IOException {
        List<String> lines = Files.readAllLines(SharedData.require("ml-100k/u.data"));
        Map<String, String[]> latest = new HashMap<>();
        for (String line : lines) {
            String[] f = line.split("\t");
            String[] kept = latest.get(f[0]);
            if (kept == null || Long.parseLong(f[3]) > Long.parseLong(kept[3])
                    || (Long.parseLong(f[3]) == Long.parseLong(kept[3]) && f[1].compareTo(kept[1]) > 0)) {
                latest.put(f[0], f);
            }
        }
        RatingMatrix.Builder builder = RatingMatrix.builder();
        for (String line : lines) {
            String[] f = line.split("\t");
            if (!line.equals(String.join("\t", latest.get(f[0])))) {
                builder.add(f[0], f[1], 1f);
            }
        }
        RatingMatrix train = builder.build();
        FactorModel model = new BprTrainer(BprConfig.defaults().withThreads(1)).train(train);

        int bprHits = 0;
        int popularHits = 0;
        for (String[] held : latest.values()) {
            int u = train.users().indexOf(held[0]);
            int target = train.items().tryIndexOf(held[1]);
            if (target < 0) {
                continue;
            }
            int bprBetter = 0;
            int popularBetter = 0;
            for (int i = 0; i < train.itemCount(); i++) {
                if (i == target || model.hasSeen(u, i)) {
                    continue;
                }
                bprBetter += model.score(u, i) > model.score(u, target) ? 1 : 0;
                popularBetter += train.itemDegree(i) > train.itemDegree(target) ? 1 : 0;
            }
            bprHits += bprBetter < 10 ? 1 : 0;
            popularHits += popularBetter < 10 ? 1 : 0;
        }
        assertTrue(bprHits > 1.4 * popularHits, "hits at 10: BPR " + bprHits + ", most popular " + popularHits);
    }
}
