package dev.latent.synth;

import dev.latent.data.RatingMatrix;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Generates ratings from a planted low-rank model: {@code r = μ + b_u + b_i + p_u·q_i + ε} with
 * ε ~ N(0, noise²), for {@code ratings} distinct (user, item) pairs; see {@link PlantedModel} for
 * the spreads. Ratings are continuous, neither clipped nor rounded to a scale, and kept to three
 * decimals.
 *
 * <p>Pairs. Users get near-equal counts ({@link SyntheticConfig#ratingsOf}); each user's items are
 * drawn without replacement from a Zipf-like popularity (weight {@code 1/r^s} for the item of
 * popularity rank r, ranks a seeded permutation of the items), see {@link ItemSampler}. Output is
 * user by user, ids ascending, items ascending within a user.
 *
 * <p>Randomness. A {@link SplittableRandom} seeded with the config's seed splits off, in this
 * order, the users' side of the model, the items' side and the popularity permutation, then yields
 * one long from which every user's own generator is derived by mixing in the user index. A user
 * draws its items first and then one Gaussian per item in ascending item order. Each user's lines
 * are thus a function of (config, user) alone: users can be generated in any order or in parallel
 * with the same bytes as a result. Pairs and the planted model do not depend on the noise. A
 * train/test split ({@link #write(Path, Path, double)}) hashes (seed, user, item) and so leaves
 * the ratings themselves unchanged.
 *
 * <p>The instance is immutable; {@code write} and {@code toMatrix} may be called any number of
 * times, from any thread, and produce the same ratings each time.
 */
public final class SyntheticGenerator {
    private static final int BUFFER_BYTES = 1 << 20;
    private static final long GOLDEN_GAMMA = 0x9E37_79B9_7F4A_7C15L;
    /** Sets the test/train split's hash apart from the generator's own streams, which use the seed as is. */
    private static final long SPLIT_SALT = 0x5EED_5B11_7C0F_FEE5L;

    private final SyntheticConfig config;
    private final PlantedModel planted;
    private final ItemPopularity popularity;
    private final long pairSeed;
    private final long splitSeed;

    public SyntheticGenerator(SyntheticConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        SplittableRandom root = new SplittableRandom(config.seed());
        SplittableRandom userSide = root.split();
        SplittableRandom itemSide = root.split();
        SplittableRandom popularitySide = root.split();
        this.planted = PlantedModel.draw(config.users(), config.items(), config.rank(), userSide, itemSide);
        this.popularity = new ItemPopularity(config.items(), config.zipfExponent(), popularitySide);
        this.pairSeed = root.nextLong();
        this.splitSeed = config.seed() ^ SPLIT_SALT;
    }

    public SyntheticConfig config() {
        return config;
    }

    /** The noise-free model the ratings were drawn from. */
    public PlantedModel planted() {
        return planted;
    }

    /** Writes all ratings to {@code out} as TSV lines {@code user\titem\trating}, replacing the file. */
    public void write(Path out) throws IOException {
        try (OutputStream stream = Files.newOutputStream(out)) {
            write(stream);
        }
    }

    /**
     * Writes all ratings to {@code out} as UTF-8 (ASCII) TSV lines {@code user\titem\trating}, no
     * header, ids 1-based; buffers internally, flushes at the end and leaves the stream open.
     */
    public void write(OutputStream out) throws IOException {
        writeSplit(out, null, 0);
    }

    /**
     * Writes the ratings split in two files, replacing them: each rating goes to {@code testOut}
     * when {@link #isTest isTest(user, item, testFraction)}, else to {@code out}. Lines are those of
     * {@link #write(Path)}, in the same order, so merging the two files by line order gives it back.
     */
    public void write(Path out, Path testOut, double testFraction) throws IOException {
        try (OutputStream stream = Files.newOutputStream(out); OutputStream testStream = Files.newOutputStream(testOut)) {
            write(stream, testStream, testFraction);
        }
    }

    /** Like {@link #write(Path, Path, double)}, to two streams that are flushed and left open. */
    public void write(OutputStream out, OutputStream testOut, double testFraction) throws IOException {
        Objects.requireNonNull(testOut, "testOut");
        if (!(testFraction >= 0 && testFraction <= 1)) {
            throw new IllegalArgumentException("testFraction must be between 0 and 1 but was " + testFraction);
        }
        writeSplit(out, testOut, testFraction);
    }

    /** Writes every rating to {@code out}, or to {@code testOut} when there is one and the rating is a test one. */
    private void writeSplit(OutputStream out, OutputStream testOut, double testFraction) throws IOException {
        TsvRatingWriter writer = new TsvRatingWriter(Objects.requireNonNull(out, "out"), BUFFER_BYTES);
        TsvRatingWriter testWriter = testOut == null ? null : new TsvRatingWriter(testOut, BUFFER_BYTES);
        try {
            generate((user, items, millis, count) -> {
                writer.user(user + 1);
                if (testWriter == null) {
                    for (int k = 0; k < count; k++) {
                        writer.line(items[k] + 1, millis[k]);
                    }
                    return;
                }
                testWriter.user(user + 1);
                for (int k = 0; k < count; k++) {
                    (isTest(user, items[k], testFraction) ? testWriter : writer).line(items[k] + 1, millis[k]);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        writer.flush();
        if (testWriter != null) {
            testWriter.flush();
        }
    }

    /**
     * Whether the rating of (user, item), 0-based indices, belongs to the test part of a split
     * with {@code testFraction}: a hash of the config's seed, the user and the item, taken as a
     * uniform number in [0, 1), is below the fraction. It depends on nothing else — not on the
     * rating's value nor on the order ratings are written in — and a larger fraction keeps every
     * test rating of a smaller one.
     */
    public boolean isTest(int user, int item, double testFraction) {
        long z = splitSeed + (((long) user << 32) | item) * GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53 < testFraction;
    }

    /**
     * The same ratings in memory, values exactly as {@code Float.parseFloat} reads the written
     * text. The indexes hold every user and item, rated or not, with id {@code "k"} at index
     * {@code k-1}, so that matrix indices are {@link PlantedModel} indices.
     */
    public RatingMatrix toMatrix() {
        if (config.ratings() > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("ratings must be at most " + (Integer.MAX_VALUE - 8)
                    + " for an in-memory RatingMatrix but was " + config.ratings() + "; write a file instead");
        }
        RatingMatrix.Builder builder = RatingMatrix.builder();
        for (int u = 1; u <= config.users(); u++) {
            builder.userIndex().intern(Integer.toString(u));
        }
        for (int i = 1; i <= config.items(); i++) {
            builder.itemIndex().intern(Integer.toString(i));
        }
        generate((user, items, millis, count) -> {
            for (int k = 0; k < count; k++) {
                // The double nearest a 3-decimal number rounds to the float nearest it: no double rounding.
                builder.add(user, items[k], (float) (millis[k] / 1000.0));
            }
        });
        return builder.build();
    }

    /** Receives one user's ratings: items ascending, values in thousandths; the arrays are reused. */
    @FunctionalInterface
    private interface UserRatings {
        void accept(int user, int[] items, long[] millis, int count) throws IOException;
    }

    private void generate(UserRatings sink) {
        int maxCount = (int) Math.min(config.items(), (config.ratings() + config.users() - 1) / config.users());
        ItemSampler sampler = new ItemSampler(popularity, maxCount);
        int[] items = new int[maxCount];
        long[] millis = new long[maxCount];
        double noise = config.noise();
        for (int user = 0; user < config.users(); user++) {
            int count = config.ratingsOf(user);
            SplittableRandom random = userRandom(user);
            sampler.sample(random, count, items);
            for (int k = 0; k < count; k++) {
                double value = planted.value(user, items[k]) + noise * random.nextGaussian();
                millis[k] = Math.round(value * 1000);
            }
            try {
                sink.accept(user, items, millis, count);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The user's own generator: the pair seed plus a golden-ratio multiple of the user, through the
     * SplitMix64 finaliser. Unmixed seeds would not do: SplittableRandom's state advances by the
     * same golden gamma, so user u+1's stream would be user u's shifted by one.
     */
    private SplittableRandom userRandom(int user) {
        long z = pairSeed + (user + 1L) * GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return new SplittableRandom(z ^ (z >>> 31));
    }

    @Override
    public String toString() {
        return "SyntheticGenerator[" + config + "]";
    }
}
