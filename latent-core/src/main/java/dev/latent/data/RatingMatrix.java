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
        int n = items.size();
        int nnz = rowItems.length;
        colStart = new int[n + 1];
        for (int item : rowItems) {
            colStart[item + 1]++;
        }
        for (int i = 0; i < n; i++) {
            colStart[i + 1] += colStart[i];
        }
        colUsers = new int[nnz];
        colValues = new float[nnz];
        int[] fill = Arrays.copyOf(colStart, n);
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        double sum = 0;
        for (int u = 0; u < users.size(); u++) {
            for (int p = rowStart[u]; p < rowStart[u + 1]; p++) {
                int slot = fill[rowItems[p]]++;
                colUsers[slot] = u;
                float v = rowValues[p];
                colValues[slot] = v;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
                sum += v;
            }
        }
        this.min = nnz == 0 ? Float.NaN : lo;
        this.max = nnz == 0 ? Float.NaN : hi;
        this.mean = nnz == 0 ? Double.NaN : sum / nnz;
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
     */
    public static final class Builder {
        private final IdIndex.Builder users;
        private final IdIndex.Builder items;
        private int[] us = new int[1024];
        private int[] is = new int[1024];
        private float[] vs = new float[1024];
        private int size;
        private long duplicates = -1;

        private Builder(IdIndex.Builder users, IdIndex.Builder items) {
            this.users = users;
            this.items = items;
        }

        /** Adds a rating by external ids, assigning indices to new ids. */
        public Builder add(String user, String item, float value) {
            return add(users.intern(user), items.intern(item), value);
        }

        /** Adds a rating by dense indices, which must already belong to the builder's indexes. */
        public Builder add(int user, int item, float value) {
            if (size == us.length) {
                int grown = Math.max(16, size + (size >> 1));
                us = Arrays.copyOf(us, grown);
                is = Arrays.copyOf(is, grown);
                vs = Arrays.copyOf(vs, grown);
            }
            us[size] = user;
            is[size] = item;
            vs[size] = value;
            size++;
            return this;
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

        /** Packs the ratings: a counting sort by user, then a sort by item within each user. */
        public RatingMatrix build() {
            int m = users.size();
            int[] starts = new int[m + 1];
            for (int k = 0; k < size; k++) {
                starts[us[k] + 1]++;
            }
            for (int u = 0; u < m; u++) {
                starts[u + 1] += starts[u];
            }
            // Stable scatter by user: within a row, ratings keep the order they were added in.
            int[] order = new int[size];
            int[] fill = Arrays.copyOf(starts, m);
            for (int k = 0; k < size; k++) {
                order[fill[us[k]]++] = k;
            }
            int[] outItems = new int[size];
            float[] outValues = new float[size];
            int[] outStarts = new int[m + 1];
            long[] keys = new long[0];
            int out = 0;
            for (int u = 0; u < m; u++) {
                int from = starts[u];
                int len = starts[u + 1] - from;
                if (keys.length < len) {
                    keys = new long[Math.max(len, keys.length * 2)];
                }
                // Key = item in the high half, arrival in the low half: sorting puts repeats of an
                // item side by side with the latest last.
                for (int k = 0; k < len; k++) {
                    int added = order[from + k];
                    keys[k] = ((long) is[added] << 32) | added;
                }
                Arrays.sort(keys, 0, len);
                for (int k = 0; k < len; k++) {
                    int item = (int) (keys[k] >>> 32);
                    if (k + 1 < len && (int) (keys[k + 1] >>> 32) == item) {
                        continue; // a later rating of the same item follows and wins
                    }
                    outItems[out] = item;
                    outValues[out] = vs[(int) keys[k]];
                    out++;
                }
                outStarts[u + 1] = out;
            }
            duplicates = size - out;
            return new RatingMatrix(users.build(), items.build(), outStarts,
                    Arrays.copyOf(outItems, out), Arrays.copyOf(outValues, out));
        }
    }
}
