package dev.latent.data;

import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * Dense numbers for ids given as byte ranges, in first-seen order, without a String per lookup.
 *
 * <p>The reader interns raw bytes and decodes each distinct id once at the end, which is what lets
 * it choose the charset after seeing the whole file. Ids are stored back to back in one byte array
 * ({@code offsets[id] .. offsets[id+1]}); an open-addressing table kept at most half full finds
 * them, each slot holding an id's hash in the high half and {@code id + 1} in the low half (0 =
 * empty), so that a probe reads the stored bytes only when the hashes agree. The id found or added
 * last is tried first: rating files usually list a user's ratings together, and comparing a few
 * bytes beats a hash lookup that misses the cache. Not thread-safe.
 */
final class ByteIdTable {
    private byte[] bytes = new byte[1 << 12];
    private int[] offsets = new int[1 << 8];
    private long[] slots = new long[1 << 9];
    private int size;
    private int last = -1;

    int size() {
        return size;
    }

    /** The number of the id {@code b[from..to)}, or -1 when it has none yet. */
    int find(byte[] b, int from, int to) {
        if (last >= 0 && equalsId(last, b, from, to)) {
            return last;
        }
        int hash = hash(b, from, to);
        int mask = slots.length - 1;
        for (int s = mix(hash) & mask; ; s = (s + 1) & mask) {
            long slot = slots[s];
            if (slot == 0) {
                return -1;
            }
            int id = (int) slot - 1;
            if ((int) (slot >>> 32) == hash && equalsId(id, b, from, to)) {
                last = id;
                return id;
            }
        }
    }

    /** Numbers the id {@code b[from..to)}, which {@link #find} must not know. */
    int add(byte[] b, int from, int to) {
        int id = size;
        int start = offsets[id];
        int end = start + (to - from);
        if (end > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(end, bytes.length + (bytes.length >> 1)));
        }
        System.arraycopy(b, from, bytes, start, to - from);
        if (id + 2 > offsets.length) {
            offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        offsets[id + 1] = end;
        size++;
        last = id;
        if (2 * size > slots.length) {
            long[] old = slots;
            slots = new long[old.length * 2];
            for (long slot : old) {
                if (slot != 0) {
                    place(slot);
                }
            }
        }
        place((long) hash(b, from, to) << 32 | (id + 1));
        return id;
    }

    /** The number of id {@code id} of {@code other} in this table, numbering it when new. */
    int intern(ByteIdTable other, int id) {
        int from = other.offsets[id];
        int to = other.offsets[id + 1];
        int found = find(other.bytes, from, to);
        return found >= 0 ? found : add(other.bytes, from, to);
    }

    /** The id {@code id} as text. */
    String decode(int id, Charset charset) {
        return new String(bytes, offsets[id], offsets[id + 1] - offsets[id], charset);
    }

    /**
     * Whether id {@code id} is {@code b[from..to)}. A plain loop: ids are a few bytes, too short
     * for {@code Arrays.equals} to win back its setup (reading 100M synthetic ratings with
     * {@code latent convert}: 28 s with it, 22 s with this loop).
     */
    private boolean equalsId(int id, byte[] b, int from, int to) {
        int start = offsets[id];
        int length = to - from;
        if (offsets[id + 1] - start != length) {
            return false;
        }
        byte[] stored = bytes;
        for (int k = 0; k < length; k++) {
            if (stored[start + k] != b[from + k]) {
                return false;
            }
        }
        return true;
    }

    /** Puts a slot value (hash, id + 1) in the first free slot from its hash on. */
    private void place(long slot) {
        int mask = slots.length - 1;
        int s = mix((int) (slot >>> 32)) & mask;
        while (slots[s] != 0) {
            s = (s + 1) & mask;
        }
        slots[s] = slot;
    }

    private static int hash(byte[] b, int from, int to) {
        int h = 1;
        for (int p = from; p < to; p++) {
            h = 31 * h + b[p];
        }
        return h;
    }

    /** Spreads the polynomial hash over all bits (the MurmurHash3 finaliser). */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }
}
