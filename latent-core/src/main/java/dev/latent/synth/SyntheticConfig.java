package dev.latent.synth;

/**
 * Configuration of {@link SyntheticGenerator}; validated on construction.
 *
 * @param users        number of users, ids {@code 1..users}
 * @param items        number of items, ids {@code 1..items}
 * @param ratings      number of distinct (user, item) pairs to rate; at most {@code users × items}
 * @param rank         rank of the planted factor matrices
 * @param noise        standard deviation of the Gaussian noise added to each planted value, at
 *                     most {@value #MAX_NOISE}
 * @param zipfExponent s in the item popularity weight {@code 1/r^s} of the item with popularity
 *                     rank r (1-based), at most {@value #MAX_ZIPF_EXPONENT} so that no weight
 *                     underflows; 0 makes every item equally popular
 * @param seed         the one seed the planted model and the sampled pairs derive from
 */
public record SyntheticConfig(int users, int items, long ratings, int rank, double noise, double zipfExponent,
                              long seed) {

    /** The largest Zipf exponent: {@code (2^31)^-10 ≈ 2^-310} is still a normal double. */
    public static final double MAX_ZIPF_EXPONENT = 10;
    /** The largest noise: far beyond any rating scale, and it keeps ratings in thousandths within a long. */
    public static final double MAX_NOISE = 1e6;

    public SyntheticConfig {
        positive("users", users);
        positive("items", items);
        positive("ratings", ratings);
        positive("rank", rank);
        nonNegativeFinite("noise", noise);
        if (noise > MAX_NOISE) {
            throw new IllegalArgumentException("noise must be at most " + MAX_NOISE + " but was " + noise);
        }
        nonNegativeFinite("zipfExponent", zipfExponent);
        if (zipfExponent > MAX_ZIPF_EXPONENT) {
            throw new IllegalArgumentException("zipfExponent must be at most " + MAX_ZIPF_EXPONENT
                    + " but was " + zipfExponent);
        }
        long cells = (long) users * items;
        if (ratings > cells) {
            throw new IllegalArgumentException("ratings must be at most users × items = " + cells
                    + " but was " + ratings);
        }
    }

    /** 2000 users × 1000 items, 100 000 ratings (5 %), rank 10, noise 0.5, Zipf exponent 0.8, seed 42. */
    public static SyntheticConfig defaults() {
        return new SyntheticConfig(2000, 1000, 100_000, 10, 0.5, 0.8, 42L);
    }

    /** Sets the three sizes at once, since changing one alone can break {@code ratings ≤ users × items}. */
    public SyntheticConfig withShape(int users, int items, long ratings) {
        return new SyntheticConfig(users, items, ratings, rank, noise, zipfExponent, seed);
    }

    public SyntheticConfig withUsers(int value) {
        return new SyntheticConfig(value, items, ratings, rank, noise, zipfExponent, seed);
    }

    public SyntheticConfig withItems(int value) {
        return new SyntheticConfig(users, value, ratings, rank, noise, zipfExponent, seed);
    }

    public SyntheticConfig withRatings(long value) {
        return new SyntheticConfig(users, items, value, rank, noise, zipfExponent, seed);
    }

    public SyntheticConfig withRank(int value) {
        return new SyntheticConfig(users, items, ratings, value, noise, zipfExponent, seed);
    }

    public SyntheticConfig withNoise(double value) {
        return new SyntheticConfig(users, items, ratings, rank, value, zipfExponent, seed);
    }

    public SyntheticConfig withZipfExponent(double value) {
        return new SyntheticConfig(users, items, ratings, rank, noise, value, seed);
    }

    public SyntheticConfig withSeed(long value) {
        return new SyntheticConfig(users, items, ratings, rank, noise, zipfExponent, value);
    }

    /** How many ratings {@code user} (0-based) gets: the total spread evenly, counts differ by at most one. */
    public int ratingsOf(int user) {
        return (int) (firstRatingOf(user + 1) - firstRatingOf(user));
    }

    /**
     * How many ratings the users before {@code user} (0-based) get together, {@code ⌊user·ratings/users⌋};
     * also the line at which the user starts in the written file.
     */
    public long firstRatingOf(int user) {
        // ratings = whole·users + rest with rest < users, so rest·user < users² fits in a long.
        long whole = ratings / users;
        long rest = ratings % users;
        return whole * user + rest * user / users;
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive but was " + value);
        }
    }

    private static void nonNegativeFinite(String name, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a non-negative finite number but was " + value);
        }
    }
}
