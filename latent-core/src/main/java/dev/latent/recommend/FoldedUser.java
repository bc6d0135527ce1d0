package dev.latent.recommend;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Arrays;

/**
 * A user who is not in the model, folded in by {@link FoldIn}: a factor vector, a bias, and the
 * items (dense indices, ascending) the vector was solved from, which recommendation skips.
 * Immutable.
 */
public final class FoldedUser {
    private final float[] factors;
    private final float bias;
    private final int[] items;

    /** Takes ownership of the arrays; {@code items} must be ascending without repeats. */
    FoldedUser(float[] factors, float bias, int[] items) {
        this.factors = factors;
        this.bias = bias;
        this.items = items;
    }

    /** The factor vector's length, the model's rank. */
    public int rank() {
        return factors.length;
    }

    /** A copy of the factor vector. */
    public float[] factors() {
        return factors.clone();
    }

    /** The user bias b_u; 0 for a model without biases. */
    public float bias() {
        return bias;
    }

    /** The given items, ascending, read-only. */
    public IntBuffer items() {
        return IntBuffer.wrap(items).asReadOnlyBuffer();
    }

    /** Whether {@code item} was among the given ones. */
    public boolean gave(int item) {
        return Arrays.binarySearch(items, item) >= 0;
    }

    /** Read-only view of the factor vector, for callers who must not copy it per request. */
    public FloatBuffer factorView() {
        return FloatBuffer.wrap(factors).asReadOnlyBuffer();
    }

    /** The vector itself, for the scoring loops of this package and {@link dev.latent.model.FactorModel}. */
    float[] vector() {
        return factors;
    }

    int[] itemArray() {
        return items;
    }

    @Override
    public String toString() {
        return "FoldedUser[k=" + factors.length + ", bias=" + bias + ", " + items.length + " items]";
    }
}
