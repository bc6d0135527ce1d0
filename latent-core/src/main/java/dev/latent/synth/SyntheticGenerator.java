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
 * with the same bytes as a result. Pairs and the planted model do not depend on the noise.
 *
 * <p>The instance is immutable; {@code write} and {@code toMatrix} may be called any number of
 * times, from any thread, and produce the same ratings each time.
 */
public final class SyntheticGenerator {
    private static final int BUFFER_BYTES = 1 << 20;
    private static final long GOLDEN_GAMMA = 0x9E37_79B9_7F4A_7C15L;

    private final SyntheticConfig config;
    private final PlantedModel planted;
    private final ItemPopularity popularity;
    private final long pairSeed;

    public SyntheticGenerator(SyntheticConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        SplittableRandom root = new SplittableRandom(config.seed());
        SplittableRandom userSide = root.split();
        SplittableRandom itemSide = root.split();
        SplittableRandom popularitySide = root.split();
        this.planted = PlantedModel.draw(config.users(), config.items(), config.rank(), userSide, itemSide);
        this.popularity = new ItemPopularity(config.items(), config.zipfExponent(), popularitySide);
        this.pairSeed = root.nextLong();
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
        TsvRatingWriter writer = new TsvRatingWriter(Objects.requireNonNull(out, "out"), BUFFER_BYTES);
        try {
            generate((user, items, millis, count) -> {
                writer.user(user + 1);
                for (int k = 0; k < count; k++) {
                    writer.line(items[k] + 1, millis[k]);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        writer.flush();
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
