package dev.latent.recommend;

import dev.latent.data.IdIndex;
import dev.latent.model.DataStats;
import dev.latent.model.FactorModel;
import dev.latent.recommend.Explainer.Contribution;
import dev.latent.recommend.Explainer.Explanation;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ExplainerTest {
    /**
     * Rank 3. Alice = (2, −1, 0.5), bias 0.25, rated a and b. Items: a = (1, 0, 0), b = (0, 1, 0),
     * c = (1, 1, 2) with bias −0.5, d = (0, 0, 0) never rated. μ = 3.
     */
    private static final FactorModel MODEL = new FactorModel("test", Map.of(), 0L,
            new DataStats(1, 4, 2, 1f, 5f, 3.0),
            IdIndex.of("user", List.of("alice")),
            IdIndex.of("item", List.of("a", "b", "c", "d")),
            3, 3f,
            new float[] {0.25f},
            new float[] {0, 0, -0.5f, 0},
            new float[] {2, -1, 0.5f},
            new float[] {1, 0, 0, 0, 1, 0, 1, 1, 2, 0, 0, 0},
            new int[] {0, 2},
            new int[] {0, 1});

    @Test
    void explain_itemC_splitsTheScoreIntoBiasesAndFactorTerms() {
        Explanation e = new Explainer(MODEL).explain(0, 2, 2, 5);

        // Contributions: f0 = 2·1 = 2, f1 = −1·1 = −1, f2 = 0.5·2 = 1; the top two are f0 and f2.
        assertEquals(List.of(new Contribution(0, 2.0), new Contribution(2, 1.0)), e.factors());
        assertEquals(-1.0, e.otherFactors());
        assertEquals(3f + 0.25f - 0.5f + 2f, e.score());
        assertEquals(3f, e.globalMean());
        assertEquals(0.25f, e.userBias());
        assertEquals(-0.5f, e.itemBias());
        assertEquals(2.0, e.interaction());
    }

    @Test
    void explain_because_ranksRatedItemsByCosine() {
        Explanation e = new Explainer(MODEL).explain(0, 2, 1, 5);

        // cos(c, a) = cos(c, b) = 1/√6: a tie, broken by index.
        float cosine = (float) (1 / Math.sqrt(6));
        assertEquals(List.of(new ScoredItem("a", 0, cosine), new ScoredItem("b", 1, cosine)), e.because());
        assertEquals(List.of(new ScoredItem("a", 0, cosine)), new Explainer(MODEL).explain(0, 2, 1, 1).because());
        assertEquals(List.of(), new Explainer(MODEL).explain(0, 2, 1, 0).because());
    }

    @Test
    void explain_ratedItem_leavesItselfOutOfBecause() {
        Explanation e = new Explainer(MODEL).explain(0, 0, 3, 5);

        assertEquals(List.of(new ScoredItem("b", 1, 0f)), e.because());
        assertEquals(3, e.factors().size());
        assertEquals(0.0, e.otherFactors());
    }

    @Test
    void explain_foldedUser_usesTheGivenVectorAndItems() {
        FoldedUser user = new FoldedUser(new float[] {0, 1, 1}, 0.5f, new int[] {1});
        Explanation e = new Explainer(MODEL).explain(user, 2, 1, 3);

        assertEquals(List.of(new Contribution(2, 2.0)), e.factors());
        assertEquals(1.0, e.otherFactors());
        assertEquals(3f + 0.5f - 0.5f + 3f, e.score());
        assertEquals(List.of("b"), e.because().stream().map(ScoredItem::id).toList());
    }

    @Test
    void explain_randomModel_termsAddUpToTheScoreWithin1e4() {
        SplittableRandom random = new SplittableRandom(3);
        int m = 40;
        int n = 60;
        int k = 50;
        float[] p = new float[m * k];
        float[] q = new float[n * k];
        float[] bu = new float[m];
        float[] bi = new float[n];
        for (int j = 0; j < p.length; j++) {
            p[j] = (float) random.nextGaussian() * 0.4f;
        }
        for (int j = 0; j < q.length; j++) {
            q[j] = (float) random.nextGaussian() * 0.4f;
        }
        for (int u = 0; u < m; u++) {
            bu[u] = (float) random.nextGaussian() * 0.3f;
        }
        for (int i = 0; i < n; i++) {
            bi[i] = (float) random.nextGaussian() * 0.3f;
        }
        int[] seenStart = new int[m + 1];
        int[] seen = new int[m * 3];
        for (int u = 0; u < m; u++) {
            seenStart[u + 1] = 3 * (u + 1);
            seen[3 * u] = u % n;
            seen[3 * u + 1] = (u + 7) % n;
            seen[3 * u + 2] = (u + 19) % n;
            Arrays.sort(seen, 3 * u, 3 * u + 3);
        }
        FactorModel model = new FactorModel("test", Map.of(), 0L, new DataStats(m, n, seen.length, 1f, 5f, 3.5),
                IdIndex.of("user", range("u", m)), IdIndex.of("item", range("i", n)), k, 3.5f, bu, bi, p, q,
                seenStart, seen);
        Explainer explainer = new Explainer(model);

        for (int u = 0; u < m; u++) {
            for (int i = 0; i < n; i++) {
                Explanation e = explainer.explain(u, i, 3, 3);
                double rest = e.score() - e.globalMean() - e.userBias() - e.itemBias();
                assertEquals(rest, e.interaction(), 1e-4, "user " + u + ", item " + i);
                assertEquals(model.score(u, i), e.score());
            }
        }
    }

    @Test
    void explain_badArguments_throwNamingThem() {
        Explainer explainer = new Explainer(MODEL);

        assertThrows(IndexOutOfBoundsException.class, () -> explainer.explain(0, 4, 1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> explainer.explain(1, 0, 1, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> explainer.explain(0, 0, -1, 1));
        assertEquals("factors and because must be ≥ 0 but were -1 and 1", e.getMessage());
    }

    private static List<String> range(String prefix, int size) {
        return IntStream.range(0, size).mapToObj(j -> prefix + j).toList();
    }
}
