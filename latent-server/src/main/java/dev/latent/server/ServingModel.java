package dev.latent.server;

import dev.latent.data.ItemMetadata;
import dev.latent.explain.FactorAnalysis;
import dev.latent.explain.FactorSummary;
import dev.latent.explain.Genres;
import dev.latent.io.ModelFiles;
import dev.latent.model.FactorModel;
import dev.latent.recommend.Explainer;
import dev.latent.recommend.FoldIn;
import dev.latent.recommend.Recommender;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.IntBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One loaded model and everything derived from it that requests read: the {@link FactorModel}, its
 * {@link Recommender} and {@link FoldIn}, the items in order of popularity, when it was loaded and
 * the checksum of its file. Immutable and thread-safe, so the server can replace the one it serves
 * with a single atomic reference swap while requests keep reading the old one.
 */
public final class ServingModel {
    private final FactorModel model;
    private final Recommender recommender;
    private final FoldIn foldIn;
    private final Explainer explainer;
    /** Each factor's genre label by the item metadata last asked with, computed on first use. */
    private volatile Labels labels;
    private final int[] popularItems;
    private final int[] ratingCounts;
    private final long version;
    private final String checksum;
    private final Instant loadedAt;

    /**
     * Derives the recommender, fold-in and popularity order from {@code model}.
     *
     * @param version  which model this process serves, 1 for the first and one more for each swap
     * @param checksum identifies the model's bytes, such as the SHA-256 of its file
     */
    public ServingModel(FactorModel model, long version, String checksum, Instant loadedAt) {
        this.model = Objects.requireNonNull(model, "model");
        this.version = version;
        this.checksum = Objects.requireNonNull(checksum, "checksum");
        this.loadedAt = Objects.requireNonNull(loadedAt, "loadedAt");
        this.recommender = new Recommender(model);
        this.foldIn = new FoldIn(model);
        this.explainer = new Explainer(model);
        this.ratingCounts = ratingCounts(model);
        this.popularItems = byPopularity(ratingCounts);
    }

    /**
     * Loads a model file written by {@link ModelFiles#save}, checksummed with SHA-256 as read.
     *
     * @throws dev.latent.io.ModelFormatException when the file is not a valid model
     */
    public static ServingModel load(Path file, long version) throws IOException {
        String checksum = sha256(file);
        FactorModel model = ModelFiles.load(file);
        return new ServingModel(model, version, checksum, Instant.now());
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    /** How many training ratings each item had. */
    private static int[] ratingCounts(FactorModel model) {
        int[] counts = new int[model.items().size()];
        IntBuffer seen = model.seenItems();
        for (int p = 0; p < seen.limit(); p++) {
            counts[seen.get(p)]++;
        }
        return counts;
    }

    /** The items with at least one rating, most rated first, equal counts by lower index. */
    private static int[] byPopularity(int[] counts) {
        // Sort (−count, index) packed into one long: no boxing, a deterministic tie-break.
        long[] keys = new long[counts.length];
        int rated = 0;
        for (int item = 0; item < counts.length; item++) {
            if (counts[item] > 0) {
                keys[rated++] = ((long) (Integer.MAX_VALUE - counts[item]) << 32) | item;
            }
        }
        Arrays.sort(keys, 0, rated);
        int[] order = new int[rated];
        for (int k = 0; k < rated; k++) {
            order[k] = (int) keys[k];
        }
        return order;
    }

    public FactorModel model() {
        return model;
    }

    public Recommender recommender() {
        return recommender;
    }

    public FoldIn foldIn() {
        return foldIn;
    }

    public Explainer explainer() {
        return explainer;
    }

    private record Labels(ItemMetadata items, String[] byFactor) {
    }

    /**
     * Each factor's genre label ({@link FactorSummary#label()}) by {@code items}' genres, null
     * where there is none: worked out on first use for this model, then kept.
     */
    public String[] factorLabels(ItemMetadata items) {
        Labels known = labels;
        if (known == null || known.items() != items) {
            String[] byFactor = new String[model.rank()];
            if (items.hasGenres()) {
                for (FactorSummary summary : FactorAnalysis.analyse(model, Genres.of(model, items), 1, 0)) {
                    byFactor[summary.index()] = summary.label();
                }
            }
            known = new Labels(items, byFactor);
            labels = known;
        }
        return known.byFactor();
    }

    public long version() {
        return version;
    }

    public String checksum() {
        return checksum;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /** How many items had at least one training rating: the length of the popularity order. */
    int ratedItemCount() {
        return popularItems.length;
    }

    /** The item index at {@code rank} (0 = most rated) of the popularity order. */
    int popularItemAt(int rank) {
        return popularItems[rank];
    }

    /** How many training ratings {@code item} had. */
    int ratingCount(int item) {
        return ratingCounts[item];
    }

    @Override
    public String toString() {
        return "ServingModel[" + model + ", version " + version + ", " + checksum + "]";
    }
}
