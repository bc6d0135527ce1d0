package dev.latent.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable bijection between external ids (any string) and dense indices {@code 0..size-1}.
 *
 * <p>External ids live at the edges (files, CLI, server); everything inside works on the dense
 * indices. Indices are handed out in first-seen order, so reading the same file twice gives the
 * same index.
 */
public final class IdIndex {
    private final String kind;
    private final String[] ids;
    private final Map<String, Integer> positions;

    private IdIndex(String kind, String[] ids, Map<String, Integer> positions) {
        this.kind = kind;
        this.ids = ids;
        this.positions = positions;
    }

    /** An index over {@code ids} in the given order; ids must be distinct. */
    public static IdIndex of(String kind, List<String> ids) {
        Builder builder = new Builder(kind);
        for (String id : ids) {
            if (builder.tryIndexOf(id) >= 0) {
                throw new IllegalArgumentException("duplicate " + kind + " id '" + id + "'");
            }
            builder.intern(id);
        }
        return builder.build();
    }

    /** What the ids name ("user" or "item"); used in error messages. */
    public String kind() {
        return kind;
    }

    public int size() {
        return ids.length;
    }

    /** The dense index of {@code id}; throws {@link UnknownIdException} naming the id when absent. */
    public int indexOf(String id) {
        int index = tryIndexOf(id);
        if (index < 0) {
            throw new UnknownIdException(kind, id);
        }
        return index;
    }

    /** The dense index of {@code id}, or -1 when absent. */
    public int tryIndexOf(String id) {
        Integer index = positions.get(id);
        return index == null ? -1 : index;
    }

    /** The external id at {@code index}. */
    public String idAt(int index) {
        Objects.checkIndex(index, ids.length);
        return ids[index];
    }

    /** The external ids in index order, as a new list. */
    public List<String> ids() {
        return List.of(ids);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdIndex other && kind.equals(other.kind) && java.util.Arrays.equals(ids, other.ids);
    }

    @Override
    public int hashCode() {
        return 31 * kind.hashCode() + java.util.Arrays.hashCode(ids);
    }

    @Override
    public String toString() {
        return "IdIndex[" + kind + ", " + ids.length + " ids]";
    }

    /** Grows an index one id at a time; {@link #build()} freezes it. Not thread-safe. */
    public static final class Builder {
        private final String kind;
        private final List<String> ids = new ArrayList<>();
        private final Map<String, Integer> positions = new HashMap<>();

        public Builder(String kind) {
            this.kind = Objects.requireNonNull(kind, "kind");
        }

        /** Starts from the ids of an existing index, keeping their indices. */
        public Builder(IdIndex start) {
            this(start.kind);
            for (String id : start.ids) {
                intern(id);
            }
        }

        /** The index of {@code id}, assigning the next free one when the id is new. */
        public int intern(String id) {
            Integer index = positions.get(id);
            if (index != null) {
                return index;
            }
            int next = ids.size();
            positions.put(id, next);
            ids.add(id);
            return next;
        }

        public int tryIndexOf(String id) {
            Integer index = positions.get(id);
            return index == null ? -1 : index;
        }

        public int size() {
            return ids.size();
        }

        public IdIndex build() {
            return new IdIndex(kind, ids.toArray(new String[0]), Map.copyOf(positions));
        }
    }
}
