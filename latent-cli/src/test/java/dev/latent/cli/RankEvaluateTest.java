package dev.latent.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code latent evaluate --task rank}, the implicit-feedback options, and every --algo end to end. */
class RankEvaluateTest {
    @TempDir
    Path dir;
    Path plays;

    /**
     * Two taste groups with timestamps: users u0..u9 play items a0..a5, users v0..v9 play b0..b5;
     * every user's latest play is one more item of their own group.
     */
    @BeforeEach
    void writeFixture() throws IOException {
        StringBuilder tsv = new StringBuilder();
        int time = 0;
        for (String group : new String[] {"u", "v"}) {
            String items = group.equals("u") ? "a" : "b";
            for (int user = 0; user < 10; user++) {
                for (int j = 0; j < 4; j++) {
                    int item = (user + j) % 6;
                    tsv.append(group).append(user).append('\t').append(items).append(item).append('\t')
                            .append(1 + (user * 7 + j) % 9).append('\t').append(++time).append('\n');
                }
            }
        }
        plays = dir.resolve("plays.tsv");
        Files.writeString(plays, tsv.toString(), StandardCharsets.UTF_8);
    }

    @Test
    void evaluateRank_ials_jsonHasContractKeysBesideTheBaseline() {
        CliRun run = CliRun.of("evaluate", "--data", plays.toString(), "--task", "rank", "--k", "3", "--algo", "ials",
                "--factors", "4", "--epochs", "10", "--json", "--quiet");

        assertEquals(0, run.code(), run.toString());
        Map<String, Object> json = JsonParser.parseObject(run.out());
        List<String> keys = List.of("ndcg@3", "recall@3", "precision@3", "map@3", "mrr@3", "hr@3", "coverage@3");
        assertEquals(keys, List.copyOf(json.keySet()).subList(0, keys.size()), run.out());
        @SuppressWarnings("unchecked")
        Map<String, Object> baseline = (Map<String, Object>) json.get("baseline");
        assertEquals("most-popular", baseline.get("name"));
        for (String key : keys) {
            double model = ((Number) json.get(key)).doubleValue();
            double base = ((Number) baseline.get(key)).doubleValue();
            assertTrue(model >= 0 && model <= 1 && base >= 0 && base <= 1, key + " in " + run.out());
        }
        assertEquals(20, ((Number) json.get("users")).intValue(), run.out());
        assertEquals("leave-one-out", json.get("split"));
        // Each user's held-out item is one of the 2 unseen items of their own group: the groups are
        // cleanly separable, so the model finds it in the top 3; most-popular ranks across groups.
        assertTrue(((Number) json.get("hr@3")).doubleValue() > ((Number) baseline.get("hr@3")).doubleValue(), run.out());
    }

    @Test
    void evaluate_implicitFlag_defaultsToIalsAndRanking() {
        CliRun run = CliRun.of("evaluate", "--data", plays.toString(), "--implicit", "--factors", "4", "--epochs", "3",
                "--json", "--quiet");

        assertEquals(0, run.code(), run.toString());
        Map<String, Object> json = JsonParser.parseObject(run.out());
        assertEquals("ials", json.get("algorithm"));
        assertTrue(json.containsKey("ndcg@10"), run.out());
    }

    @Test
    void evaluateRank_ratingModelAndUserFractionSplit_isRankable() {
        CliRun run = CliRun.of("evaluate", "--data", plays.toString(), "--task", "rank", "--split", "user-fraction:0.25",
                "--algo", "biased-mf", "--factors", "4", "--epochs", "5", "--json", "--quiet");

        assertEquals(0, run.code(), run.toString());
        assertEquals("user-fraction:0.25", JsonParser.parseObject(run.out()).get("split"));
    }

    @Test
    void evaluateRank_textOutput_listsEveryMetricBesideTheBaseline() {
        CliRun run = CliRun.of("evaluate", "--data", plays.toString(), "--task", "rank", "--split", "temporal:0.8",
                "--algo", "bpr", "--factors", "4", "--epochs", "5", "--quiet");

        assertEquals(0, run.code(), run.toString());
        for (String metric : new String[] {"ndcg@10", "recall@10", "precision@10", "map@10", "mrr@10", "hr@10", "coverage@10"}) {
            assertTrue(run.out().contains(metric), metric + " in " + run.out());
        }
        assertTrue(run.out().contains("most-popular"), run.out());
    }

    @Test
    void evaluateRank_savedModel_ranksAgainstItsSeenItems() throws IOException {
        Path model = dir.resolve("m.latent");
        assertEquals(0, CliRun.of("train", "--data", plays.toString(), "--out", model.toString(), "--algo", "ials",
                "--factors", "4", "--epochs", "5", "--quiet").code());
        Path test = dir.resolve("test.tsv");
        Files.writeString(test, "u0\ta4\t1\nv3\tb1\t1\n", StandardCharsets.UTF_8);

        CliRun run = CliRun.of("evaluate", "--model", model.toString(), "--test", test.toString(), "--task", "rank", "--json");

        assertEquals(0, run.code(), run.toString());
        assertEquals(2, ((Number) JsonParser.parseObject(run.out()).get("users")).intValue(), run.out());
    }

    @Test
    void evaluateRank_sampledNegatives_ranksAmongFewerCandidatesAndSaysSo() {
        String[] base = {"evaluate", "--data", plays.toString(), "--task", "rank", "--algo", "biased-mf", "--factors", "4",
                "--epochs", "5", "--k", "2", "--json", "--quiet"};
        CliRun full = CliRun.of(base);
        String[] sampled = java.util.Arrays.copyOf(base, base.length + 2);
        sampled[base.length] = "--sampled-negatives";
        sampled[base.length + 1] = "1";
        CliRun few = CliRun.of(sampled);

        assertEquals(0, few.code(), few.toString());
        Map<String, Object> json = JsonParser.parseObject(few.out());
        assertEquals(1, ((Number) json.get("sampled_negatives")).intValue());
        // One held-out item and one sampled negative: both fit in the top 2, so every user is a hit.
        assertEquals(1.0, ((Number) json.get("hr@2")).doubleValue(), 1e-9, few.out());
        assertTrue(((Number) JsonParser.parseObject(full.out()).get("hr@2")).doubleValue() < 1.0, full.out());
    }

    @Test
    void evaluateRank_badSplit_namesTheSplitAndTheChoices() {
        CliRun run = CliRun.of("evaluate", "--data", plays.toString(), "--task", "rank", "--split", "user-fraction:lots");

        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().contains("invalid --split 'user-fraction:lots'"), run.toString());
    }

    @Test
    void evaluateRank_temporalWithoutTimestamps_saysTheyAreMissing() throws IOException {
        Path noTimes = dir.resolve("no-times.csv");
        Files.writeString(noTimes, "a,x,1\na,y,2\nb,x,3\nb,z,1\n", StandardCharsets.UTF_8);

        CliRun run = CliRun.of("evaluate", "--data", noTimes.toString(), "--task", "rank", "--split", "temporal:0.5");

        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().contains("needs timestamps"), run.toString());
    }

    @Test
    void evaluateRating_implicitModel_pointsToRankTask() {
        CliRun run = CliRun.of("evaluate", "--data", plays.toString(), "--folds", "2", "--task", "rating", "--algo", "bpr");

        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().contains("evaluate it with --task rank"), run.toString());
    }

    @Test
    void evaluateRating_rankOnlyOption_isRefused() {
        CliRun run = CliRun.of("evaluate", "--data", plays.toString(), "--folds", "2", "--k", "5");

        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().contains("apply to --task rank"), run.toString());
    }

    @Test
    void train_optionTheAlgorithmHasNoUseFor_isRefusedByName() {
        CliRun run = CliRun.of("train", "--data", plays.toString(), "--out", dir.resolve("m").toString(), "--algo", "als",
                "--lr", "0.1");

        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().contains("--lr does not apply to als"), run.toString());
    }

    @Test
    void train_invalidAlpha_namesTheOption() {
        CliRun run = CliRun.of("train", "--data", plays.toString(), "--out", dir.resolve("m").toString(), "--algo", "ials",
                "--alpha", "-1");

        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().contains("invalid --alpha"), run.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"biased-mf", "funk-svd", "svdpp", "als", "nmf", "ials", "bpr"})
    void trainThenRecommend_everyAlgorithm_roundTripsThroughTheModelFile(String algorithm) {
        Path model = dir.resolve(algorithm + ".latent");
        CliRun train = CliRun.of("train", "--data", plays.toString(), "--out", model.toString(), "--algo", algorithm,
                "--factors", "4", "--epochs", "5", "--quiet", "--json");
        assertEquals(0, train.code(), train.toString());
        assertEquals(algorithm, JsonParser.parseObject(train.out()).get("algorithm"));

        CliRun recommend = CliRun.of("recommend", "--model", model.toString(), "--user", "u0", "--n", "3", "--json");

        assertEquals(0, recommend.code(), recommend.toString());
        for (String played : new String[] {"a0", "a1", "a2", "a3"}) {
            assertTrue(!recommend.out().contains("\"" + played + "\""), played + " was played: " + recommend.out());
        }
    }
}
