package dev.latent.server;

import dev.latent.model.FactorModel;
import dev.latent.recommend.FoldedUser;
import dev.latent.recommend.Query;
import dev.latent.recommend.ScoredItem;

import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A user as one request sees them: a user of the served model, with the preferences written since
 * it was trained on top, or a user the model does not know, folded in from their written
 * preferences ({@link dev.latent.recommend.FoldIn}) until a retrain takes them in.
 *
 * <p>A model user keeps their trained vector; what they know is their training items, less the
 * ones they deleted, plus the ones they wrote. A folded-in user knows the items they wrote; items
 * the model does not know are listed but cannot be scored or recommended.
 */
final class ServedUser {
    private final ServingModel serving;
    /** The model's index of the user, or -1. */
    private final int index;
    /** Null when nothing was written for the user since the model. */
    private final Preferences.UserPreferences written;
    private final float[] vector;
    private final float bias;
    /** {@link #knownItems()}, once asked for by {@link #knows}. */
    private int[] known;

    private ServedUser(ServingModel serving, int index, Preferences.UserPreferences written,
                       float[] vector, float bias) {
        this.serving = serving;
        this.index = index;
        this.written = written;
        this.vector = vector;
        this.bias = bias;
    }

    /**
     * The user {@code id} of {@code serving}'s model or of {@code preferences}.
     *
     * @throws HttpError 404 naming the user when neither knows them
     */
    static ServedUser of(ServingModel serving, Preferences preferences, String id) {
        FactorModel model = serving.model();
        int index = model.users().tryIndexOf(id);
        Preferences.UserPreferences written = preferences.of(id);
        if (index >= 0) {
            float[] vector = new float[model.rank()];
            model.userFactors().get(index * model.rank(), vector);
            return new ServedUser(serving, index, written, vector, model.userBias(index));
        }
        if (written == null) {
            throw HttpError.notFound("unknown user '" + id + "'");
        }
        FoldedUser folded = written.foldedInto(serving, prefs -> foldIn(serving, id, prefs));
        return new ServedUser(serving, -1, written, folded.factors(), folded.bias());
    }

    /** Solves the user from the written values of the items the model knows. */
    private static FoldedUser foldIn(ServingModel serving, String id, Preferences.UserPreferences written) {
        FactorModel model = serving.model();
        int[] items = new int[written.items().size()];
        float[] values = new float[items.length];
        int[] count = {0};
        written.items().forEach((item, entry) -> {
            int index = model.items().tryIndexOf(item);
            if (index >= 0 && !entry.deleted()) {
                items[count[0]] = index;
                values[count[0]++] = entry.value();
            }
        });
        try {
            return serving.foldIn().foldIn(Arrays.copyOf(items, count[0]), Arrays.copyOf(values, count[0]));
        } catch (IllegalArgumentException e) {
            throw new HttpError(409, "cannot fold user '" + id + "' in from their written preferences: " + e.getMessage());
        }
    }

    /** Whether {@code item} (a model index) is one the user knows, so recommendations leave it out. */
    boolean knows(int item) {
        if (written == null) {
            return serving.model().hasSeen(index, item);
        }
        if (known == null) {
            known = knownItems();
        }
        return Arrays.binarySearch(known, item) >= 0;
    }

    /** The items the user knows, as model indices, ascending. */
    int[] knownItems() {
        FactorModel model = serving.model();
        if (written == null) {
            return seenInTraining();
        }
        int[] known = new int[(index >= 0 ? model.seenCount(index) : 0) + written.items().size()];
        int count = 0;
        for (int item : seenInTraining()) {
            if (!written.deletes(model.items().idAt(item))) {
                known[count++] = item;
            }
        }
        for (var entry : written.items().entrySet()) {
            int item = model.items().tryIndexOf(entry.getKey());
            if (item >= 0 && !entry.getValue().deleted()) {
                known[count++] = item;
            }
        }
        return Arrays.stream(known, 0, count).sorted().distinct().toArray();
    }

    /**
     * The ids of the items the user knows: the model's in its item order, then written items the
     * model does not hold, in the order first written.
     */
    List<String> knownIds() {
        FactorModel model = serving.model();
        List<String> ids = new ArrayList<>();
        for (int item : knownItems()) {
            ids.add(model.items().idAt(item));
        }
        if (written != null) {
            written.items().forEach((item, entry) -> {
                if (!entry.deleted() && model.items().tryIndexOf(item) < 0) {
                    ids.add(item);
                }
            });
        }
        return ids;
    }

    private int[] seenInTraining() {
        if (index < 0) {
            return new int[0];
        }
        FactorModel model = serving.model();
        IntBuffer seen = model.seenItems();
        int start = model.seenStarts().get(index);
        int[] items = new int[model.seenStarts().get(index + 1) - start];
        seen.get(start, items);
        return items;
    }

    /**
     * The {@code n} best items the user does not know (all rated items when {@code considerKnown}),
     * scored by {@code scorer} together with the requests that arrive alongside.
     */
    List<ScoredItem> recommend(int n, boolean considerKnown, BatchScorer scorer) {
        return scorer.recommend(serving, new Query(vector, bias, considerKnown ? new int[0] : knownItems(), n));
    }

    /** The model's unclipped score of {@code item} for this user. */
    float score(int item) {
        return serving.model().score(vector, bias, item);
    }

    /** A copy of the user's factor vector. */
    float[] vector() {
        return vector.clone();
    }

    float bias() {
        return bias;
    }
}
