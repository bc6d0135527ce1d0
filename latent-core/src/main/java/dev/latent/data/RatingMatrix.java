package dev.latent.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable sparse user × item rating matrix, packed column-wise into primitive arrays.
 *
 * <p>Layout. Rows are users and columns items, both dense indices from the matrix's
 * {@link IdIndex}es. The primary store is CSR: the ratings of user {@code u} sit at positions
 * {@code userStart(u) .. userEnd(u)-1}, with {@code itemAt(p)} and {@code valueAt(p)}, items
 * ascending within a user. A CSC view lists each item's ratings at positions
 * {@code itemStart(i) .. itemEnd(i)-1}, users ascending, with {@code userAtItemPos(p)} and
 * {@code valueAtItemPos(p)}. Together: {@code (m + n + 2) + 4·nnz} ints and {@code 2·nnz} floats.
 * Each (user, item) pair appears at most once. The indexes may hold ids with no ratings (a split's
 * training part keeps the full indexes), which have empty rows or columns.
 */
public final class RatingMatrix {
    private final IdIndex users;
    private final IdIndex items;
    private final int[] rowStart;
    private final int[] rowItems;
    private final float[] rowValues;
    private final int[] colStart;
    private final int[] colUsers;
    private final float[] colValues;
    private final float min;
    private final float max;
    private final double mean;

    private RatingMatrix(IdIndex users, IdIndex items, int[] rowStart, int[] rowItems, float[] rowValues) {
        this.users = users;
        this.items = items;
        this.rowStart = rowStart;
        this.rowItems = rowItems;
        this.rowValues = rowValues;
        int nnz = rowItems.length;
        colStart = new int[items.size() + 1];
        colUsers = new int[nnz];
        colValues = new float[nnz];
        fillColumns(rowStart, rowItems, rowValues, colStart, colUsers, colValues);
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        double sum = 0;
        for (float v : rowValues) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
            sum += v;
        }
        this.min = nnz == 0 ? Float.NaN : lo;
        this.max = nnz == 0 ? Float.NaN : hi;
        this.mean = nnz == 0 ? Double.NaN : sum / nnz;
    }

    /**
     * Derives the CSC view from the CSR arrays: a counting sort by item, stable in user order.
     * With several threads each takes a range of users and scatters into its own slots of every
     * column, which the counts of the ranges before it fix, so the result does not depend on the
     * thread count.
     */
    private static void fillColumns(int[] rowStart, int[] rowItems, float[] rowValues,
                                    int[] colStart, int[] colUsers, float[] colValues) {
        int n = colStart.length - 1;
        int threads = Packing.threads(rowItems.length);
        // One count per item and thread: worth it only while that is small beside the ratings.
        int[] bounds = Packing.userRanges(rowStart, (long) threads * n <= rowItems.length ? threads : 1);
        int ranges = bounds.length - 1;
        int[][] counts = new int[ranges][n];
        Packing.run(ranges, r -> {
            int[] count = counts[r];
            for (int p = rowStart[bounds[r]], end = rowStart[bounds[r + 1]]; p < end; p++) {
                count[rowItems[p]]++;
            }
        });
        // Turn the counts into each range's first slot in every column.
        for (int i = 0; i < n; i++) {
            int position = colStart[i];
            for (int r = 0; r < ranges; r++) {
                int count = counts[r][i];
                counts[r][i] = position;
                position += count;
            }
            colStart[i + 1] = position;
        }
        Packing.run(ranges, r -> {
            int[] fill = counts[r];
            for (int u = bounds[r]; u < bounds[r + 1]; u++) {
                for (int p = rowStart[u], end = rowStart[u + 1]; p < end; p++) {
                    int slot = fill[rowItems[p]]++;
                    colUsers[slot] = u;
                    colValues[slot] = rowValues[p];
                }
            }
        });
    }

    /** A builder that assigns indices to external ids as they come. */
    public static Builder builder() {
        return new Builder(new IdIndex.Builder("user"), new IdIndex.Builder("item"));
    }

    /**
     * A matrix over fixed indexes from dense-index triples; every index must be valid and the
     * last value wins for a repeated pair.
     */
    public static RatingMatrix of(IdIndex users, IdIndex items, RatingList ratings) {
        Builder builder = new Builder(new IdIndex.Builder(users), new IdIndex.Builder(items));
        for (int k = 0; k < ratings.size(); k++) {
            builder.add(Objects.checkIndex(ratings.user(k), users.size()),
                    Objects.checkIndex(ratings.item(k), items.size()), ratings.value(k));
        }
        return builder.build();
    }

    /**
     * A matrix over CSR arrays as laid out in the class comment, which the matrix takes over
     * without copying: the caller must not touch them afterwards. Everything is checked: offsets
     * from 0, non-decreasing, ending at the number of ratings; items in range and strictly
     * ascending within each row; values finite.
     *
     * @throws IllegalArgumentException naming the first thing that is wrong
     */
    static RatingMatrix fromCsr(IdIndex users, IdIndex items, int[] rowStart, int[] rowItems, float[] rowValues) {
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(items, "items");
        int m = users.size();
        int n = items.size();
        if (rowStart.length != m + 1) {
            throw new IllegalArgumentException("expected " + (m + 1) + " row offsets for " + m + " users but got "
                    + rowStart.length);
        }
        if (rowItems.length != rowValues.length) {
            throw new IllegalArgumentException(rowItems.length + " items but " + rowValues.length + " values");
        }
        if (rowStart[0] != 0 || rowStart[m] != rowItems.length) {
            throw new IllegalArgumentException("the row offsets run from " + rowStart[0] + " to " + rowStart[m]
                    + " instead of from 0 to " + rowItems.length);
        }
        for (int u = 0; u < m; u++) {
            int from = rowStart[u];
            int to = rowStart[u + 1];
            if (to < from || to > rowItems.length) {
                throw new IllegalArgumentException("the row of user " + u + " runs from " + from + " to " + to);
            }
            for (int p = from; p < to; p++) {
                int item = rowItems[p];
                if (item < 0 || item >= n) {
                    throw new IllegalArgumentException("item " + item + " of user " + u
                            + " is not an item index (there are " + n + " items)");
                }
                if (p > from && item <= rowItems[p - 1]) {
                    throw new IllegalArgumentException("the items of user " + u + " are not strictly ascending");
                }
                if (!Float.isFinite(rowValues[p])) {
                    throw new IllegalArgumentException("the rating of user " + u + " for item " + item
                            + " is not finite: " + rowValues[p]);
                }
            }
        }
        return new RatingMatrix(users, items, rowStart, rowItems, rowValues);
    }

    public IdIndex users() {
        return users;
    }

    public IdIndex items() {
        return items;
    }

    public int userCount() {
        return users.size();
    }

    public int itemCount() {
        return items.size();
    }

    /** The number of stored ratings. */
    public int size() {
        return rowItems.length;
    }

    public int userStart(int user) {
        return rowStart[user];
    }

    public int userEnd(int user) {
        return rowStart[user + 1];
    }

    /** How many ratings {@code user} has. */
    public int userDegree(int user) {
        return rowStart[user + 1] - rowStart[user];
    }

    /** The item at CSR position {@code p}. */
    public int itemAt(int p) {
        return rowItems[p];
    }

    /** The value at CSR position {@code p}. */
    public float valueAt(int p) {
        return rowValues[p];
    }

    public int itemStart(int item) {
        return colStart[item];
    }

    public int itemEnd(int item) {
        return colStart[item + 1];
    }

    /** How many ratings {@code item} has. */
    public int itemDegree(int item) {
        return colStart[item + 1] - colStart[item];
    }

    /** The user at CSC position {@code p}. */
    public int userAtItemPos(int p) {
        return colUsers[p];
    }

    /** The value at CSC position {@code p}. */
    public float valueAtItemPos(int p) {
        return colValues[p];
    }

    /** The rating of (user, item), or NaN when there is none. Binary search within the user's row. */
    public float get(int user, int item) {
        int p = Arrays.binarySearch(rowItems, rowStart[user], rowStart[user + 1], item);
        return p >= 0 ? rowValues[p] : Float.NaN;
    }

    /** The smallest rating, NaN when empty. */
    public float min() {
        return min;
    }

    /** The largest rating, NaN when empty. */
    public float max() {
        return max;
    }

    /** The mean rating, NaN when empty. */
    public double mean() {
        return mean;
    }

    /** The CSR row offsets, {@code userCount() + 1} of them; shared, not copied: read only. */
    int[] rowStartArray() {
        return rowStart;
    }

    /** The CSR items, {@code size()} of them; shared, not copied: read only. */
    int[] rowItemArray() {
        return rowItems;
    }

    /** The CSR values, {@code size()} of them; shared, not copied: read only. */
    float[] rowValueArray() {
        return rowValues;
    }

    /** All ratings as triples in CSR order (user, then item ascending). */
    public RatingList toList() {
        int[] u = new int[size()];
        for (int user = 0; user < userCount(); user++) {
            Arrays.fill(u, rowStart[user], rowStart[user + 1], user);
        }
        return new RatingList(u, rowItems.clone(), rowValues.clone());
    }

    /**
     * The ratings at the given CSR positions as a new matrix over the same indexes; used by
     * splitters. Positions may come in any order but must be distinct.
     */
    public RatingMatrix select(int[] positions) {
        int[] sorted = positions.clone();
        Arrays.sort(sorted);
        int[] starts = new int[userCount() + 1];
        int[] newItems = new int[sorted.length];
        float[] newValues = new float[sorted.length];
        int user = 0;
        for (int k = 0; k < sorted.length; k++) {
            int p = Objects.checkIndex(sorted[k], size());
            if (k > 0 && sorted[k - 1] == p) {
                throw new IllegalArgumentException("position " + p + " selected twice");
            }
            while (rowStart[user + 1] <= p) {
                user++;
            }
            starts[user + 1]++;
            newItems[k] = rowItems[p];
            newValues[k] = rowValues[p];
        }
        for (int u = 0; u < userCount(); u++) {
            starts[u + 1] += starts[u];
        }
        return new RatingMatrix(users, items, starts, newItems, newValues);
    }

    @Override
    public String toString() {
        return "RatingMatrix[" + userCount() + " users × " + itemCount() + " items, " + size() + " ratings]";
    }

    /**
     * Collects ratings in any order, then packs them. A repeated (user, item) pair keeps the value
     * added last; {@link #duplicateCount()} says how many were replaced. Not thread-safe.
     *
     * <p>Memory. Ratings are kept in fixed-size chunks of (user, item, value) triples: 12 bytes a
     * rating, never copied as they grow. {@link #build()} scatters them straight into the final CSR
     * arrays (8 bytes a rating), letting go of each chunk once scattered, and sorts each row in
     * place, so the peak is 20 bytes a rating; the matrix then adds its CSC view (8 bytes a rating)
     * once the chunks are garbage. For 100 million ratings: 2 GB at the peak, 1.6 GB for the matrix.
     * A builder builds once.
     */
    public static final class Builder {
        /**
         * Triples per chunk: each chunk array is then exactly 4 MiB with its 16-byte header, so that
         * G1, which gives an array of half a region or more whole regions of its own, wastes no space
         * on it with regions of 1, 2 or 4 MiB (heaps up to 16 GB); 2^20 ints would take 8 MiB each.
         */
        private static final int CHUNK = (1 << 20) - 4;
        private static final int FIRST_CHUNK = 16;
        private static final int MAX_SIZE = Integer.MAX_VALUE - 8;

        private final IdIndex.Builder users;
        private final IdIndex.Builder items;
        private int[][] userChunks = new int[1][];
        private int[][] itemChunks = new int[1][];
        private float[][] valueChunks = new float[1][];
        /** How many triples each chunk holds, but for the last, which holds {@link #slot}. */
        private int[] fills = new int[1];
        /** How many chunks are in use; the last is being filled. */
        private int chunks = 1;
        /** The last chunk, and the next free slot in it. */
        private int[] us;
        private int[] is;
        private float[] vs;
        private int slot;
        private int size;
        private boolean built;
        private long duplicates = -1;

        private Builder(IdIndex.Builder users, IdIndex.Builder items) {
            this.users = users;
            this.items = items;
            us = userChunks[0] = new int[FIRST_CHUNK];
            is = itemChunks[0] = new int[FIRST_CHUNK];
            vs = valueChunks[0] = new float[FIRST_CHUNK];
        }

        /** Adds a rating by external ids, assigning indices to new ids. */
        public Builder add(String user, String item, float value) {
            return add(users.intern(user), items.intern(item), value);
        }

        /** Adds a rating by dense indices, which must already belong to the builder's indexes. */
        public Builder add(int user, int item, float value) {
            if (slot == us.length) {
                nextChunk();
            }
            us[slot] = user;
            is[slot] = item;
            vs[slot] = value;
            slot++;
            size++;
            return this;
        }

        private void nextChunk() {
            if (built) {
                throw new IllegalStateException("the builder has built its matrix; start a new one");
            }
            if (size == MAX_SIZE) {
                throw new IllegalStateException("a rating matrix holds at most " + MAX_SIZE + " ratings");
            }
            if (chunks == 1 && us.length < CHUNK) {
                // The first chunk starts small so that tiny matrices stay tiny; it grows to a full one.
                int grown = Math.min(CHUNK, 4 * us.length);
                us = userChunks[0] = Arrays.copyOf(us, grown);
                is = itemChunks[0] = Arrays.copyOf(is, grown);
                vs = valueChunks[0] = Arrays.copyOf(vs, grown);
                return;
            }
            int length = Math.min(CHUNK, MAX_SIZE - size);
            appendChunk(new int[length], new int[length], new float[length], 0);
        }

        /** Closes the last chunk and makes the given one, holding {@code fill} triples, the last. */
        private void appendChunk(int[] chunkUsers, int[] chunkItems, float[] chunkValues, int fill) {
            fills[chunks - 1] = slot;
            if (chunks == userChunks.length) {
                userChunks = Arrays.copyOf(userChunks, 2 * chunks);
                itemChunks = Arrays.copyOf(itemChunks, 2 * chunks);
                valueChunks = Arrays.copyOf(valueChunks, 2 * chunks);
                fills = Arrays.copyOf(fills, 2 * chunks);
            }
            us = userChunks[chunks] = chunkUsers;
            is = itemChunks[chunks] = chunkItems;
            vs = valueChunks[chunks] = chunkValues;
            slot = fill;
            chunks++;
        }

        /**
         * Moves the ratings of {@code part}, numbered in its own indexes, to the end of this
         * builder, as if they were added here one by one in their order: {@code userMap} and
         * {@code itemMap} turn part's numbers into this builder's, null meaning the same number.
         * Part's storage is taken over rather than copied, and part can be used no more.
         */
        void append(Builder part, int[] userMap, int[] itemMap) {
            if (built || part.built) {
                throw new IllegalStateException("the builder has built its matrix; start a new one");
            }
            if ((long) size + part.size > MAX_SIZE) {
                throw new IllegalStateException("a rating matrix holds at most " + MAX_SIZE + " ratings");
            }
            for (int c = 0; c < part.chunks; c++) {
                int length = part.chunkLength(c);
                int[] partUsers = part.userChunks[c];
                int[] partItems = part.itemChunks[c];
                for (int s = 0; s < length; s++) {
                    if (userMap != null) {
                        partUsers[s] = userMap[partUsers[s]];
                    }
                    if (itemMap != null) {
                        partItems[s] = itemMap[partItems[s]];
                    }
                }
                appendChunk(partUsers, partItems, part.valueChunks[c], length);
            }
            size += part.size;
            part.built = true;
            part.userChunks = null;
            part.itemChunks = null;
            part.valueChunks = null;
            part.us = new int[0];
            part.is = new int[0];
            part.vs = new float[0];
            part.slot = 0;
            // An empty last chunk: the next add starts a fresh one rather than writing into part's.
            appendChunk(new int[0], new int[0], new float[0], 0);
        }

        public IdIndex.Builder userIndex() {
            return users;
        }

        public IdIndex.Builder itemIndex() {
            return items;
        }

        /** Ratings added so far, duplicates included. */
        public int added() {
            return size;
        }

        /** How many added ratings were replaced by a later one for the same pair; valid after {@link #build()}. */
        public long duplicateCount() {
            if (duplicates < 0) {
                throw new IllegalStateException("duplicateCount() is known after build()");
            }
            return duplicates;
        }

        /**
         * Packs the ratings: a stable counting sort by user straight into the CSR arrays, then a
         * sort by item within each row that is not already ascending. Callable once; the builder
         * lets go of its ratings on the way.
         */
        public RatingMatrix build() {
            if (built) {
                throw new IllegalStateException("build() was already called; a builder builds once");
            }
            built = true;
            int m = users.size();
            int[] starts = new int[m + 1];
            for (int c = 0; c < chunks; c++) {
                int[] chunkUsers = userChunks[c];
                for (int s = 0, end = chunkLength(c); s < end; s++) {
                    starts[chunkUsers[s] + 1]++;
                }
            }
            for (int u = 0; u < m; u++) {
                starts[u + 1] += starts[u];
            }
            // Stable scatter by user: within a row, ratings keep the order they were added in.
            int[] rowItems = new int[size];
            float[] rowValues = new float[size];
            int[] fill = Arrays.copyOf(starts, m);
            for (int c = 0; c < chunks; c++) {
                int[] chunkUsers = userChunks[c];
                int[] chunkItems = itemChunks[c];
                float[] chunkValues = valueChunks[c];
                for (int s = 0, end = chunkLength(c); s < end; s++) {
                    int p = fill[chunkUsers[s]]++;
                    rowItems[p] = chunkItems[s];
                    rowValues[p] = chunkValues[s];
                }
                // Let go of each chunk once scattered, so the chunks and the rows together stay at 20 bytes a rating.
                userChunks[c] = null;
                itemChunks[c] = null;
                valueChunks[c] = null;
            }
            userChunks = null;
            itemChunks = null;
            valueChunks = null;
            us = new int[0];
            is = new int[0];
            vs = new float[0];
            slot = 0;

            int out = sortRows(starts, rowItems, rowValues);
            duplicates = size - out;
            if (out < size) {
                rowItems = Arrays.copyOf(rowItems, out);
                rowValues = Arrays.copyOf(rowValues, out);
            }
            return new RatingMatrix(users.build(), items.build(), starts, rowItems, rowValues);
        }

        /** The number of triples in chunk {@code c}. */
        private int chunkLength(int c) {
            return c + 1 < chunks ? fills[c] : slot;
        }

        /**
         * Sorts each row {@code starts[u] .. starts[u+1]} by item, keeping the last of repeated
         * items, and packs the rows to the left; updates {@code starts} to the packed rows and
         * returns the number of ratings kept. Ranges of users are sorted in place on their own
         * threads, each row's kept ratings moved to its start; rows then move left, in order.
         */
        private static int sortRows(int[] starts, int[] rowItems, float[] rowValues) {
            int m = starts.length - 1;
            int[] kept = new int[m];
            int[] bounds = Packing.userRanges(starts, Packing.threads(rowItems.length));
            Packing.run(bounds.length - 1, r -> sortRows(starts, rowItems, rowValues, bounds[r], bounds[r + 1], kept));
            int out = 0;
            for (int u = 0; u < m; u++) {
                int from = starts[u];
                if (out != from) {
                    System.arraycopy(rowItems, from, rowItems, out, kept[u]);
                    System.arraycopy(rowValues, from, rowValues, out, kept[u]);
                }
                starts[u] = out;
                out += kept[u];
            }
            starts[m] = out;
            return out;
        }

        /** Sorts the rows of users {@code from .. to-1} in place, each row's kept ratings first; counts them in {@code kept}. */
        private static void sortRows(int[] starts, int[] rowItems, float[] rowValues, int from, int to, int[] kept) {
            long[] keys = new long[0];
            float[] values = new float[0];
            for (int u = from; u < to; u++) {
                int start = starts[u];
                int len = starts[u + 1] - start;
                if (isStrictlyAscending(rowItems, start, start + len)) {
                    kept[u] = len;
                    continue;
                }
                if (keys.length < len) {
                    keys = new long[Math.max(len, 2 * keys.length)];
                    values = new float[keys.length];
                }
                // Key = item in the high half, arrival in the low half: sorting puts repeats of an
                // item side by side with the latest last.
                for (int k = 0; k < len; k++) {
                    keys[k] = ((long) rowItems[start + k] << 32) | k;
                    values[k] = rowValues[start + k];
                }
                Arrays.sort(keys, 0, len);
                int out = start;
                for (int k = 0; k < len; k++) {
                    int item = (int) (keys[k] >>> 32);
                    if (k + 1 < len && (int) (keys[k + 1] >>> 32) == item) {
                        continue; // a later rating of the same item follows and wins
                    }
                    rowItems[out] = item;
                    rowValues[out] = values[(int) keys[k]];
                    out++;
                }
                kept[u] = out - start;
            }
        }

        private static boolean isStrictlyAscending(int[] values, int from, int to) {
            for (int p = from + 1; p < to; p++) {
                if (values[p] <= values[p - 1]) {
                    return false;
                }
            }
            return true;
        }
    }
}
