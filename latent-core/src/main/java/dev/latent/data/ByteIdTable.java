package dev.latent.data;

import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * Dense numbers for ids given as byte ranges, in first-seen order, without a String per lookup.
 *
 * <p>The reader interns raw bytes and decodes each distinct id once at the end, which is what lets
 * it choose the charset after seeing the whole file. Ids are stored back to back in one byte array
 * ({@code offsets[id] .. offsets[id+1]}); an open-addressing table of {@code id + 1} (0 = empty),
 * kept at most half full, finds them. Not thread-safe.
 */
final class ByteIdTable {
    private byte[] bytes = new byte[1 << 12];
    private int[] offsets = new int[1 << 8];
    private int[] hashes = new int[1 << 8];
    private int[] slots = new int[1 << 9];
    private int size;

    int size() {
        return size;
    }

    /** The number of the id {@code b[from..to)}, or -1 when it has none yet. */
    int find(byte[] b, int from, int to) {
        int hash = hash(b, from, to);
        int mask = slots.length - 1;
        for (int s = mix(hash) & mask; ; s = (s + 1) & mask) {
            int id = slots[s] - 1;
            if (id < 0) {
                return -1;
            }
            if (hashes[id] == hash && Arrays.equals(bytes, offsets[id], offsets[id + 1], b, from, to)) {
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
            hashes = Arrays.copyOf(hashes, hashes.length * 2);
        }
        offsets[id + 1] = end;
        hashes[id] = hash(b, from, to);
        size++;
        if (2 * size > slots.length) {
            slots = new int[slots.length * 2];
            for (int k = 0; k < size; k++) {
                place(k);
            }
        } else {
            place(id);
        }
        return id;
    }

    /** The id {@code id} as text. */
    String decode(int id, Charset charset) {
        return new String(bytes, offsets[id], offsets[id + 1] - offsets[id], charset);
    }

    private void place(int id) {
        int mask = slots.length - 1;
        int s = mix(hashes[id]) & mask;
        while (slots[s] != 0) {
            s = (s + 1) & mask;
        }
        slots[s] = id + 1;
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
