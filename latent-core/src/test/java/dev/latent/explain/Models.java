package dev.latent.explain;

import dev.latent.data.IdIndex;
import dev.latent.model.DataStats;
import dev.latent.model.FactorModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small hand-made models for the explain tests. */
final class Models {
    private Models() {
    }

    /** A model with the given factors, biases 0.1·index, μ = 3, and the given seen lists (null: none). */
    static FactorModel of(int k, float[] p, float[] q, int[][] seen) {
        int m = p.length / k;
        int n = q.length / k;
        int[] start = new int[m + 1];
        List<Integer> items = new ArrayList<>();
        for (int u = 0; u < m; u++) {
            if (seen != null) {
                for (int i : seen[u]) {
                    items.add(i);
                }
            }
            start[u + 1] = items.size();
        }
        float[] userBias = new float[m];
        for (int u = 0; u < m; u++) {
            userBias[u] = 0.1f * u;
        }
        float[] itemBias = new float[n];
        for (int i = 0; i < n; i++) {
            itemBias[i] = -0.1f * i;
        }
        return new FactorModel("test", Map.of("factors", Integer.toString(k)), 7L,
                new DataStats(m, n, items.size(), 1f, 5f, 3.0), ids("user", m), ids("item", n), k, 3f,
                userBias, itemBias, p, q, start, items.stream().mapToInt(Integer::intValue).toArray());
    }

    /** A model with Gaussian factors and every user having rated a random subset of the items. */
    static FactorModel random(int users, int items, int k, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] p = new float[users * k];
        float[] q = new float[items * k];
        for (int j = 0; j < p.length; j++) {
            p[j] = (float) gaussian(random);
        }
        for (int j = 0; j < q.length; j++) {
            q[j] = (float) gaussian(random);
        }
        int[][] seen = new int[users][];
        for (int u = 0; u < users; u++) {
            List<Integer> rated = new ArrayList<>();
            for (int i = 0; i < items; i++) {
                if (random.nextDouble() < 0.4) {
                    rated.add(i);
                }
            }
            seen[u] = rated.stream().mapToInt(Integer::intValue).toArray();
        }
        return of(k, p, q, seen);
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static IdIndex ids(String kind, int count) {
        List<String> ids = new ArrayList<>();
        for (int j = 0; j < count; j++) {
            ids.add(kind.charAt(0) + Integer.toString(j));
        }
        return IdIndex.of(kind, ids);
    }

    /** The largest deviation of RᵀR from the identity. */
    static double orthogonalityError(double[] r, int k) {
        double error = 0;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double s = 0;
                for (int t = 0; t < k; t++) {
                    s += r[t * k + a] * r[t * k + b];
                }
                error = Math.max(error, Math.abs(s - (a == b ? 1 : 0)));
            }
        }
        return error;
    }

    static float[] array(java.nio.FloatBuffer buffer) {
        float[] out = new float[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
