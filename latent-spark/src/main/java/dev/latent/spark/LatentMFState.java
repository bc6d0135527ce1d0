package dev.latent.spark;

import dev.latent.data.IdIndex;
import dev.latent.model.DataStats;
import dev.latent.model.FactorModel;
import dev.latent.recommend.Recommender;

import java.io.Serial;
import java.io.Serializable;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link FactorModel} in serializable form, what {@link LatentMFModel} holds and broadcasts to
 * executors: every field the model's constructor takes, copied bit for bit into plain fields, so
 * that the model rebuilt on an executor scores and recommends exactly as the driver's.
 *
 * <p>Plain fields rather than a custom {@code writeObject}, so that Kryo ({@code spark.serializer})
 * serializes it as Java serialization does; the price is a second copy of the factors on the
 * driver. The model and its {@link Recommender} are rebuilt once per JVM on first use after
 * deserialization (a broadcast value is deserialized once per executor) and shared by its tasks;
 * both are immutable and thread-safe.
 */
final class LatentMFState implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String algorithm;
    private final String[] parameterNames;
    private final String[] parameterValues;
    private final long seed;
    private final int statUsers;
    private final int statItems;
    private final long statRatings;
    private final float minRating;
    private final float maxRating;
    private final double meanRating;
    private final String[] userIds;
    private final String[] itemIds;
    private final int rank;
    private final float globalMean;
    private final float[] userBias;
    private final float[] itemBias;
    private final float[] userFactors;
    private final float[] itemFactors;
    private final int[] seenStart;
    private final int[] seenItems;

    private transient volatile FactorModel model;
    private transient volatile Recommender recommender;

    private LatentMFState(FactorModel model) {
        algorithm = model.algorithm();
        parameterNames = model.parameters().keySet().toArray(new String[0]);
        parameterValues = model.parameters().values().toArray(new String[0]);
        seed = model.seed();
        DataStats stats = model.stats();
        statUsers = stats.users();
        statItems = stats.items();
        statRatings = stats.ratings();
        minRating = stats.minRating();
        maxRating = stats.maxRating();
        meanRating = stats.meanRating();
        userIds = model.users().ids().toArray(new String[0]);
        itemIds = model.items().ids().toArray(new String[0]);
        rank = model.rank();
        globalMean = model.globalMean();
        userBias = copy(model.userBiases());
        itemBias = copy(model.itemBiases());
        userFactors = copy(model.userFactors());
        itemFactors = copy(model.itemFactors());
        seenStart = copy(model.seenStarts());
        seenItems = copy(model.seenItems());
        this.model = model;
    }

    static LatentMFState of(FactorModel model) {
        return new LatentMFState(Objects.requireNonNull(model, "model"));
    }

    /** The model: on the driver the one this state was made from, elsewhere one rebuilt from the copies. */
    FactorModel model() {
        FactorModel m = model;
        if (m == null) {
            synchronized (this) {
                m = model;
                if (m == null) {
                    Map<String, String> parameters = new LinkedHashMap<>();
                    for (int p = 0; p < parameterNames.length; p++) {
                        parameters.put(parameterNames[p], parameterValues[p]);
                    }
                    // The model takes ownership of its arrays and never writes them; sharing them is safe.
                    m = new FactorModel(algorithm, parameters, seed,
                            new DataStats(statUsers, statItems, statRatings, minRating, maxRating, meanRating),
                            IdIndex.of("user", Arrays.asList(userIds)), IdIndex.of("item", Arrays.asList(itemIds)),
                            rank, globalMean, userBias, itemBias, userFactors, itemFactors, seenStart, seenItems);
                    model = m;
                }
            }
        }
        return m;
    }

    Recommender recommender() {
        Recommender r = recommender;
        if (r == null) {
            synchronized (this) {
                r = recommender;
                if (r == null) {
                    r = new Recommender(model());
                    recommender = r;
                }
            }
        }
        return r;
    }

    /** The unclipped score of the pair, or NaN when either id is null or not in the model. */
    float score(String userId, String itemId) {
        if (userId == null || itemId == null) {
            return Float.NaN;
        }
        FactorModel m = model();
        int user = m.users().tryIndexOf(userId);
        int item = m.items().tryIndexOf(itemId);
        return user < 0 || item < 0 ? Float.NaN : m.score(user, item);
    }

    private static float[] copy(FloatBuffer buffer) {
        float[] out = new float[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    private static int[] copy(IntBuffer buffer) {
        int[] out = new int[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}
