package dev.latent.recommend;

import dev.latent.data.IdIndex;
import dev.latent.model.FactorModel;

import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * Top-N recommendations and similar items from a {@link FactorModel}. Immutable and thread-safe:
 * each call uses its own {@link TopN}.
 *
 * <p>Recommendations rank by the unclipped {@link FactorModel#score}, because clipping to the
 * rating scale would tie every item above its top. Candidates are the items the user did not rate
 * in training that had at least one training rating: an item nobody rated has a zero factor vector
 * and zero bias, so its score says nothing. A user without training ratings has zero factors too,
 * so their list falls back to {@code μ + b_i}, the items' biases. Similar items rank by
 * {@link FactorModel#itemCosine} over the same rated items, the query item excluded. A user who is
 * not in the model can be folded in ({@link FoldIn}) and recommended to likewise, the items they
 * were folded in from taking the place of training items.
 */
public final class Recommender {
    /**
     * Items scored per batched kernel call: large enough to amortise the call, small enough
     * (1 KiB of scores) that a request allocates nothing in proportion to the catalogue.
     */
    private static final int BLOCK = 256;

    private final FactorModel model;
    private final IdIndex users;
    private final IdIndex items;
    private final IntBuffer seenStarts;
    private final IntBuffer seenItems;
    private final boolean[] rated;

    public Recommender(FactorModel model) {
        this.model = Objects.requireNonNull(model, "model");
        this.users = model.users();
        this.items = model.items();
        this.seenStarts = model.seenStarts();
        this.seenItems = model.seenItems();
        // The model's seen lists are its training data, so an item appears in them iff it was rated.
        this.rated = new boolean[items.size()];
        for (int p = 0; p < seenItems.limit(); p++) {
            rated[seenItems.get(p)] = true;
        }
    }

    public FactorModel model() {
        return model;
    }

    /** Whether {@code item} had at least one training rating. */
    public boolean itemHasRatings(int item) {
        return rated[Objects.checkIndex(item, rated.length)];
    }

    /** The top {@code n} by external user id; unknown ids throw {@link dev.latent.data.UnknownIdException}. */
    public List<ScoredItem> recommend(String userId, int n) {
        return recommend(users.indexOf(userId), n, item -> false);
    }

    /** As {@link #recommend(String, int)}, also skipping the items {@code exclude} accepts. */
    public List<ScoredItem> recommend(String userId, int n, IntPredicate exclude) {
        return recommend(users.indexOf(userId), n, exclude);
    }

    /** The {@code n} best-scored rated items {@code user} did not rate, best first. */
    public List<ScoredItem> recommend(int user, int n) {
        return recommend(user, n, item -> false);
    }

    /**
     * As {@link #recommend(int, int)}, also skipping the items (dense indices) {@code exclude}
     * accepts, such as ones out of stock.
     */
    public List<ScoredItem> recommend(int user, int n, IntPredicate exclude) {
        Objects.checkIndex(user, users.size());
        checkN(n);
        Objects.requireNonNull(exclude, "exclude");
        TopN top = newTopN(n);
        float[] scores = new float[Math.min(BLOCK, rated.length)];
        // The user's training items are ascending: walk them alongside the item loop.
        int next = seenStarts.get(user);
        int end = seenStarts.get(user + 1);
        int nextSeen = next < end ? seenItems.get(next) : Integer.MAX_VALUE;
        for (int from = 0; from < rated.length; from += BLOCK) {
            int to = Math.min(from + BLOCK, rated.length);
            model.scoreRange(user, from, to, scores);
            for (int item = from; item < to; item++) {
                if (item == nextSeen) {
                    next++;
                    nextSeen = next < end ? seenItems.get(next) : Integer.MAX_VALUE;
                    continue;
                }
                if (rated[item] && !exclude.test(item)) {
                    top.offer(item, scores[item - from]);
                }
            }
        }
        return toList(top);
    }

    /**
     * The {@code n} best-scored rated items for a user folded in by {@link FoldIn} (on this
     * recommender's model), best first, skipping the items the user was folded in from.
     */
    public List<ScoredItem> recommend(FoldedUser user, int n) {
        return recommend(user, n, item -> false);
    }

    /** As {@link #recommend(FoldedUser, int)}, also skipping the items {@code exclude} accepts. */
    public List<ScoredItem> recommend(FoldedUser user, int n, IntPredicate exclude) {
        Objects.requireNonNull(user, "user");
        checkN(n);
        Objects.requireNonNull(exclude, "exclude");
        if (user.rank() != model.rank()) {
            throw new IllegalArgumentException("the folded-in user has rank " + user.rank() + " but the model has "
                    + model.rank());
        }
        float[] vector = user.vector();
        float bias = user.bias();
        int[] given = user.itemArray();
        TopN top = newTopN(n);
        float[] scores = new float[Math.min(BLOCK, rated.length)];
        // The given items are ascending: walk them alongside the item loop.
        int next = 0;
        int nextGiven = given.length > 0 ? given[0] : Integer.MAX_VALUE;
        for (int from = 0; from < rated.length; from += BLOCK) {
            int to = Math.min(from + BLOCK, rated.length);
            model.scoreRange(vector, bias, from, to, scores);
            for (int item = from; item < to; item++) {
                if (item == nextGiven) {
                    next++;
                    nextGiven = next < given.length ? given[next] : Integer.MAX_VALUE;
                    continue;
                }
                if (rated[item] && !exclude.test(item)) {
                    top.offer(item, scores[item - from]);
                }
            }
        }
        return toList(top);
    }

    /**
     * The {@code n} best-scored rated items for a user given by factor vector and bias, best first,
     * skipping exactly the items {@code exclude} accepts: for users the caller composes, such as a
     * model user with ratings added or removed since training, whose own rule says what they know.
     */
    public List<ScoredItem> recommend(float[] vector, float bias, int n, IntPredicate exclude) {
        Objects.requireNonNull(vector, "vector");
        checkN(n);
        Objects.requireNonNull(exclude, "exclude");
        if (vector.length != model.rank()) {
            throw new IllegalArgumentException("the user vector has length " + vector.length + " but the model has rank "
                    + model.rank());
        }
        TopN top = newTopN(n);
        float[] scores = new float[Math.min(BLOCK, rated.length)];
        for (int from = 0; from < rated.length; from += BLOCK) {
            int to = Math.min(from + BLOCK, rated.length);
            model.scoreRange(vector, bias, from, to, scores);
            for (int item = from; item < to; item++) {
                if (rated[item] && !exclude.test(item)) {
                    top.offer(item, scores[item - from]);
                }
            }
        }
        return toList(top);
    }

    /** The {@code n} items most similar to {@code itemId}; unknown ids throw {@link dev.latent.data.UnknownIdException}. */
    public List<ScoredItem> similar(String itemId, int n) {
        return similar(items.indexOf(itemId), n);
    }

    /**
     * The {@code n} rated items whose factor vectors have the highest cosine with {@code item}'s,
     * best first, {@code item} itself excluded; empty when {@code item} had no training rating.
     */
    public List<ScoredItem> similar(int item, int n) {
        Objects.checkIndex(item, rated.length);
        checkN(n);
        if (!rated[item]) {
            return List.of();
        }
        TopN top = newTopN(n);
        for (int other = 0; other < rated.length; other++) {
            if (other != item && rated[other]) {
                top.offer(other, model.itemCosine(item, other));
            }
        }
        return toList(top);
    }

    /** A heap no larger than the catalogue, so that a huge n does not allocate huge arrays. */
    private TopN newTopN(int n) {
        return new TopN(Math.max(1, Math.min(n, rated.length)));
    }

    private static void checkN(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive but was " + n);
        }
    }

    private List<ScoredItem> toList(TopN top) {
        int[] indices = new int[top.size()];
        float[] scores = new float[top.size()];
        int count = top.drainTo(indices, scores);
        List<ScoredItem> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            out.add(new ScoredItem(items.idAt(indices[k]), indices[k], scores[k]));
        }
        return List.copyOf(out);
    }
}
