package dev.latent.recommend;

import dev.latent.data.IdIndex;
import dev.latent.math.VectorKernels;
import dev.latent.model.FactorModel;

import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.Arrays;
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
    private final boolean[] rated;
    private final VectorKernels kernels = VectorKernels.best();

    public Recommender(FactorModel model) {
        this.model = Objects.requireNonNull(model, "model");
        this.users = model.users();
        this.items = model.items();
        IntBuffer seenItems = model.seenItems();
        // The model's seen lists are its training data, so an item appears in them iff it was rated.
        // A model that records none (one imported from Spark ALS) offers every item it has.
        this.rated = new boolean[items.size()];
        if (seenItems.limit() == 0) {
            Arrays.fill(rated, true);
        }
        for (int p = 0; p < seenItems.limit(); p++) {
            rated[seenItems.get(p)] = true;
        }
    }

    public FactorModel model() {
        return model;
    }

    /**
     * Whether {@code item} had at least one training rating; true for every item of a model that
     * records no training data (an imported one).
     */
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
        return rank(n, (from, to, scores) -> model.scoreRange(user, from, to, scores),
                item -> model.hasSeen(user, item) || exclude.test(item));
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
        return rank(n, (from, to, scores) -> model.scoreRange(vector, bias, from, to, scores),
                item -> Arrays.binarySearch(given, item) >= 0 || exclude.test(item));
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
        return rank(n, (from, to, scores) -> model.scoreRange(vector, bias, from, to, scores), exclude);
    }

    /**
     * The best items for several users in one pass over the item factors: for each query, the
     * {@code n} best-scored rated items it does not skip, best first, exactly as
     * {@link #recommend(float[], float, int, IntPredicate)} with the skip list as its exclusion
     * gives them. Each block of item factors is read from memory once and scored for every query
     * while it is in cache, so a batch of b users costs far less than b single calls when the
     * factors outgrow the cache (a server batches the requests that arrive together).
     */
    public List<List<ScoredItem>> recommend(List<Query> queries) {
        int count = queries.size();
        TopN[] tops = new TopN[count];
        float[][] vectors = new float[count][];
        float[] biases = new float[count];
        float[][] scores = new float[count][Math.min(BLOCK, rated.length + VectorKernels.BLOCK_ROWS)];
        int[] candidates = new int[BLOCK];
        for (int q = 0; q < count; q++) {
            Query query = queries.get(q);
            if (query.vector().length != model.rank()) {
                throw new IllegalArgumentException("query " + q + " has a vector of length " + query.vector().length
                        + " but the model has rank " + model.rank());
            }
            tops[q] = newTopN(query.n());
            vectors[q] = query.vector();
            biases[q] = query.bias();
        }
        for (int from = 0; from < rated.length; from += BLOCK) {
            int to = Math.min(from + BLOCK, rated.length);
            model.scoreRange(vectors, biases, from, to, scores);
            for (int q = 0; q < count; q++) {
                offerBlock(tops[q], from, to, scores[q], queries.get(q).skip(), candidates);
            }
        }
        List<List<ScoredItem>> results = new ArrayList<>(count);
        for (TopN top : tops) {
            results.add(top.drain(items));
        }
        return results;
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
        return top.drain(items);
    }

    /** Writes the scores of items {@code from .. to-1} to {@code out[0 .. to-from)}. */
    @FunctionalInterface
    private interface BlockScorer {
        void score(int from, int to, float[] out);
    }

    /**
     * The {@code n} best rated items that {@code skip} does not accept, scored a block at a time.
     * {@code skip} is asked only about items that would enter the heap, which once it is full are
     * few, so it may cost a binary search.
     */
    private List<ScoredItem> rank(int n, BlockScorer scorer, IntPredicate skip) {
        TopN top = newTopN(n);
        float[] scores = new float[Math.min(BLOCK, rated.length)];
        for (int from = 0; from < rated.length; from += BLOCK) {
            int to = Math.min(from + BLOCK, rated.length);
            scorer.score(from, to, scores);
            for (int item = from; item < to; item++) {
                float score = scores[item - from];
                if (rated[item] && top.wouldKeep(item, score) && !skip.test(item)) {
                    top.offer(item, score);
                }
            }
        }
        return top.drain(items);
    }

    /**
     * Offers the block's rated items that {@code skip} (ascending) does not hold. Once the heap is
     * full only scores above its worst can enter (items come in ascending order, so a tie loses),
     * and those few are found by one vector compare per 8 scores.
     */
    private void offerBlock(TopN top, int from, int to, float[] scores, int[] skip, int[] candidates) {
        int count = to - from;
        int k = 0;
        for (; k < count && top.size() < top.capacity(); k++) {
            offerUnlessSkipped(top, from + k, scores[k], skip);
        }
        if (k == count) {
            return;
        }
        int found = kernels.above(scores, k, count, top.worstScore(), candidates);
        for (int c = 0; c < found; c++) {
            offerUnlessSkipped(top, from + candidates[c], scores[candidates[c]], skip);
        }
    }

    private void offerUnlessSkipped(TopN top, int item, float score, int[] skip) {
        if (rated[item] && top.wouldKeep(item, score) && Arrays.binarySearch(skip, item) < 0) {
            top.offer(item, score);
        }
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
}
