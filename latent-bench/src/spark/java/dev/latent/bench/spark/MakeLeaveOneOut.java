package dev.latent.bench.spark;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Writes a leave-one-out split of an interaction file: for every user with at least two
 * interactions, one goes to the test file and the rest to the training file; users with one stay
 * whole in training.
 *
 * <p>Which one is held out: {@code --holdout latest} takes the user's interaction with the largest
 * timestamp (fourth column), ties broken by the smallest item id; {@code --holdout random} takes one
 * uniformly at random, drawing from one {@link SplittableRandom} seeded with {@code --seed} for the
 * users in ascending id order, among each user's interactions in file order, so a seed gives one
 * split. Ids compare as numbers when both are integers, else as text.
 *
 * <p>Input: whitespace- or tab-separated {@code user item value [timestamp]}, with a header line
 * skipped when its third column is not a number (as in Last.fm's {@code user_artists.dat}). Output:
 * tab-separated lines with the input's columns, training lines in input order, test lines by user.
 * <pre>{@code
 * MakeLeaveOneOut --input u.data --train ml100k.train.tsv --test ml100k.test.tsv --holdout latest
 * MakeLeaveOneOut --input user_artists.dat --train lastfm.train.tsv --test lastfm.test.tsv --holdout random --seed 42
 * }</pre>
 */
public final class MakeLeaveOneOut {
    private static final String USAGE = """
            usage: MakeLeaveOneOut --input FILE --train OUT --test OUT --holdout latest|random [--seed S]""";

    private static final Comparator<String> ID_ORDER = (a, b) -> {
        Long x = asLong(a);
        Long y = asLong(b);
        return x != null && y != null ? Long.compare(x, y) : a.compareTo(b);
    };

    private MakeLeaveOneOut() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int k = 0; k + 1 < args.length; k += 2) {
            options.put(args[k], args[k + 1]);
        }
        List<String> known = List.of("--input", "--train", "--test", "--holdout", "--seed");
        if (args.length % 2 != 0 || !known.containsAll(options.keySet())
                || !options.keySet().containsAll(known.subList(0, 4))
                || !List.of("latest", "random").contains(options.get("--holdout"))) {
            System.err.println(USAGE);
            System.exit(2);
        }
        boolean latest = options.get("--holdout").equals("latest");
        long seed = Long.parseLong(options.getOrDefault("--seed", "42"));

        List<String[]> rows = read(Path.of(options.get("--input")), latest);
        TreeMap<String, List<Integer>> byUser = new TreeMap<>(ID_ORDER);
        for (int r = 0; r < rows.size(); r++) {
            byUser.computeIfAbsent(rows.get(r)[0], u -> new ArrayList<>()).add(r);
        }
        boolean[] held = new boolean[rows.size()];
        List<Integer> test = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (List<Integer> lines : byUser.values()) {
            if (lines.size() < 2) {
                continue;
            }
            int pick = latest ? latestOf(rows, lines) : lines.get(random.nextInt(lines.size()));
            held[pick] = true;
            test.add(pick);
        }

        try (BufferedWriter trainOut = writer(Path.of(options.get("--train")));
             BufferedWriter testOut = writer(Path.of(options.get("--test")))) {
            for (int r = 0; r < rows.size(); r++) {
                if (!held[r]) {
                    write(trainOut, rows.get(r));
                }
            }
            for (int r : test) {
                write(testOut, rows.get(r));
            }
        }
        System.out.printf("%s: %d interactions, %d users, %d held out, %d in training%n",
                options.get("--input"), rows.size(), byUser.size(), test.size(), rows.size() - test.size());
    }

    private static List<String[]> read(Path file, boolean needTimestamp) throws IOException {
        List<String[]> rows = new ArrayList<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(file)) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 3 || (needTimestamp && fields.length < 4)) {
                throw new IOException(file + ":" + lineNumber + ": expected user item value"
                        + (needTimestamp ? " timestamp" : "") + " but got '" + line + "'");
            }
            if (rows.isEmpty() && lineNumber == 1 && !isNumber(fields[2])) {
                continue;
            }
            if (needTimestamp && asLong(fields[3]) == null) {
                throw new IOException(file + ":" + lineNumber + ": timestamp '" + fields[3] + "' is not an integer");
            }
            rows.add(fields);
        }
        return rows;
    }

    /** The line with the largest timestamp; among equal ones, the smallest item id. */
    private static int latestOf(List<String[]> rows, List<Integer> lines) {
        int best = lines.getFirst();
        for (int r : lines) {
            long t = Long.parseLong(rows.get(r)[3]);
            long bestT = Long.parseLong(rows.get(best)[3]);
            if (t > bestT || (t == bestT && ID_ORDER.compare(rows.get(r)[1], rows.get(best)[1]) < 0)) {
                best = r;
            }
        }
        return best;
    }

    private static BufferedWriter writer(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        return Files.newBufferedWriter(file);
    }

    private static void write(BufferedWriter out, String[] fields) throws IOException {
        out.write(String.join("\t", Arrays.asList(fields)));
        out.newLine();
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Long asLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
