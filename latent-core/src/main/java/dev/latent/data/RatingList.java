package dev.latent.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable list of (user, item, value) triples in dense-index space, stored as three parallel
 * arrays. A user or item index of -1 marks an id the indexes did not know (a test rating for a
 * user the model never saw); predictors fall back to what they know for such triples.
 */
public final class RatingList {
    private final int[] users;
    private final int[] items;
    private final float[] values;

    /** Takes ownership of the arrays, which must have equal length. */
    public RatingList(int[] users, int[] items, float[] values) {
        if (users.length != items.length || users.length != values.length) {
            throw new IllegalArgumentException("users, items and values must have equal length but were "
                    + users.length + ", " + items.length + ", " + values.length);
        }
        this.users = users;
        this.items = items;
        this.values = values;
    }

    public static RatingList empty() {
        return new RatingList(new int[0], new int[0], new float[0]);
    }

    public int size() {
        return users.length;
    }

    public int user(int k) {
        return users[k];
    }

    public int item(int k) {
        return items[k];
    }

    public float value(int k) {
        return values[k];
    }

    /** How many triples have an unknown (-1) user or item. */
    public int unknownCount() {
        int count = 0;
        for (int k = 0; k < users.length; k++) {
            if (users[k] < 0 || items[k] < 0) {
                count++;
            }
        }
        return count;
    }

    /** The triples at the given positions, in that order. */
    public RatingList select(int[] positions) {
        int[] u = new int[positions.length];
        int[] i = new int[positions.length];
        float[] v = new float[positions.length];
        for (int k = 0; k < positions.length; k++) {
            int p = Objects.checkIndex(positions[k], users.length);
            u[k] = users[p];
            i[k] = items[p];
            v[k] = values[p];
        }
        return new RatingList(u, i, v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RatingList other && Arrays.equals(users, other.users)
                && Arrays.equals(items, other.items) && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(users) * 31 * 31 + Arrays.hashCode(items) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "RatingList[" + users.length + " ratings]";
    }
}
