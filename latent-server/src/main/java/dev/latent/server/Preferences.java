package dev.latent.server;

import dev.latent.recommend.FoldedUser;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The preferences written (ingested, set or deleted) that the served model was not trained on:
 * per user, the latest change to each item and the log sequence number of the request that made
 * it. Requests read one user's {@link UserPreferences}, an immutable snapshot, so a request never
 * sees half of another's change to that user; writes replace snapshots in log order.
 *
 * <p>After a retrain on the log up to sequence {@code s}, {@link #forgetThrough} drops what the new
 * model already holds and keeps later changes.
 */
final class Preferences {
    private final ConcurrentHashMap<String, UserPreferences> users = new ConcurrentHashMap<>();

    /**
     * The latest change to one user's preference for one item.
     *
     * @param sequence the log sequence number of the request that made it
     */
    record Entry(float value, boolean deleted, long sequence) {
    }

    /**
     * One user's written preferences, item id → latest entry in the order first written; immutable
     * but for a cache of the user folded into a model.
     */
    static final class UserPreferences {
        private final Map<String, Entry> items;
        private volatile Folded folded;

        private UserPreferences(Map<String, Entry> items) {
            this.items = Collections.unmodifiableMap(items);
        }

        Map<String, Entry> items() {
            return items;
        }

        /** Whether the latest entry for {@code item} deletes it. */
        boolean deletes(String item) {
            Entry entry = items.get(item);
            return entry != null && entry.deleted();
        }

        /** Whether the latest entry for {@code item} sets a value. */
        boolean sets(String item) {
            Entry entry = items.get(item);
            return entry != null && !entry.deleted();
        }

        /**
         * This user folded into {@code serving}'s model, computed once per model by
         * {@code foldIn} and kept until another model is served.
         */
        FoldedUser foldedInto(ServingModel serving, Function<UserPreferences, FoldedUser> foldIn) {
            Folded cached = folded;
            if (cached != null && cached.serving() == serving) {
                return cached.user();
            }
            FoldedUser user = foldIn.apply(this);
            folded = new Folded(serving, user);
            return user;
        }

        /** With {@code changes} applied, except where an entry of a later request is held. */
        private UserPreferences with(List<Change> changes, long sequence) {
            Map<String, Entry> next = new LinkedHashMap<>(items);
            for (Change change : changes) {
                Entry held = next.get(change.item());
                if (held == null || held.sequence() <= sequence) {
                    next.put(change.item(), new Entry(change.value(), change.delete(), sequence));
                }
            }
            return new UserPreferences(next);
        }

        /** Without the entries of requests up to {@code sequence}; null when none is left. */
        private UserPreferences after(long sequence) {
            Map<String, Entry> kept = new LinkedHashMap<>();
            items.forEach((item, entry) -> {
                if (entry.sequence() > sequence) {
                    kept.put(item, entry);
                }
            });
            return kept.isEmpty() ? null : kept.size() == items.size() ? this : new UserPreferences(kept);
        }
    }

    private record Folded(ServingModel serving, FoldedUser user) {
    }

    /**
     * Applies one logged request's changes, later changes to the same preference winning: within
     * the request, by order; across requests, by sequence number, so that requests may also be
     * applied again out of order (as after a reload, see {@link ServerState}).
     */
    void apply(List<Change> batch, long sequence) {
        Map<String, List<Change>> byUser = new LinkedHashMap<>();
        for (Change change : batch) {
            byUser.computeIfAbsent(change.user(), user -> new ArrayList<>()).add(change);
        }
        byUser.forEach((user, changes) -> users.compute(user, (id, old) ->
                (old == null ? new UserPreferences(Map.of()) : old).with(changes, sequence)));
    }

    /** The user's written preferences, or null when none has been written since the model. */
    UserPreferences of(String user) {
        return users.get(user);
    }

    /** Drops every entry written by requests up to {@code sequence}, which a new model now holds. */
    void forgetThrough(long sequence) {
        for (String user : users.keySet()) {
            users.computeIfPresent(user, (id, old) -> old.after(sequence));
        }
    }

    /** The users with written preferences, in no particular order. */
    Set<String> users() {
        return new LinkedHashSet<>(users.keySet());
    }

    /** How many (user, item) entries are held. */
    long size() {
        return users.values().stream().mapToLong(user -> user.items().size()).sum();
    }
}
