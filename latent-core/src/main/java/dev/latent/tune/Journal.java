package dev.latent.tune;

import dev.latent.io.Json;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * A tuning run's journal: JSON lines, so that an interrupted run resumes without redoing finished
 * trials. The first line describes the run,
 * {@code {"latent-tune-journal":1,"run":{"data":…,"algo":…,"grid":…,…}}}; every later line is one
 * finished trial, {@code {"trial":3,"parameters":{"lr":"0.01",…},"folds":[…],"mean":…,"std":…,
 * "epochs":…,"seconds":…}}, written and forced to the disk as it finishes.
 *
 * <p>Call order: {@link #open} (creates the file, or replays it after checking that its run
 * description equals this run's), then {@link #find} for each proposed configuration and
 * {@link #append} for each trial run, from any thread, then {@link #close}. A last line cut short
 * by a kill is dropped on open; any other malformed line, or a journal of another run, is an error.
 */
public final class Journal implements Closeable {
    private static final String MAGIC = "latent-tune-journal";
    private static final int VERSION = 1;

    private final Path file;
    private final FileChannel channel;
    private final Map<Configuration, TrialResult> replayed;

    private Journal(Path file, FileChannel channel, Map<Configuration, TrialResult> replayed) {
        this.file = file;
        this.channel = channel;
        this.replayed = replayed;
    }

    /**
     * Opens {@code file} for the run described by {@code run} (name → value, such as data file,
     * algorithm, grid, split, metric and seed): a new file gets the header; an existing one is
     * replayed when its header matches.
     *
     * @throws IllegalArgumentException when the journal belongs to another run or is malformed
     */
    public static Journal open(Path file, SequencedMap<String, String> run) throws IOException {
        Map<Configuration, TrialResult> replayed = new HashMap<>();
        boolean exists = Files.exists(file) && Files.size(file) > 0;
        if (exists) {
            byte[] bytes = Files.readAllBytes(file);
            int complete = bytes.length;
            while (complete > 0 && bytes[complete - 1] != '\n') {
                complete--;
            }
            if (complete < bytes.length) {
                try (FileChannel truncate = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    truncate.truncate(complete);
                    truncate.force(true);
                }
            }
            List<String> lines = new String(bytes, 0, complete, StandardCharsets.UTF_8).lines().toList();
            if (lines.isEmpty()) {
                exists = false;
            } else {
                checkHeader(file, lines.getFirst(), run);
                for (int n = 1; n < lines.size(); n++) {
                    if (!lines.get(n).isBlank()) {
                        TrialResult result = trial(file, n + 1, lines.get(n));
                        replayed.put(result.configuration(), result);
                    }
                }
            }
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        Journal journal = new Journal(file, channel, replayed);
        if (!exists) {
            Map<String, Object> header = new LinkedHashMap<>();
            header.put(MAGIC, VERSION);
            header.put("run", run);
            journal.writeLine(Json.write(header));
        }
        return journal;
    }

    /** The journal's result for {@code configuration}, when an earlier run finished it. */
    public Optional<TrialResult> find(Configuration configuration) {
        return Optional.ofNullable(replayed.get(configuration));
    }

    /** How many finished trials the journal held when opened. */
    public int replayable() {
        return replayed.size();
    }

    /** Appends one finished trial and forces it to the disk. */
    public synchronized void append(TrialResult result) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("trial", result.index());
        line.put("parameters", result.configuration().values());
        line.put("folds", result.folds());
        line.put("mean", result.mean());
        line.put("std", result.std());
        line.put("epochs", result.epochs());
        line.put("seconds", result.seconds());
        writeLine(Json.write(line));
    }

    private void writeLine(String json) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static void checkHeader(Path file, String line, Map<String, String> run) {
        Object parsed;
        try {
            parsed = Json.parse(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("journal " + file + " is not a tuning journal: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> header) || !(header.get(MAGIC) instanceof Double version)
                || !(header.get("run") instanceof Map<?, ?> theirs)) {
            throw new IllegalArgumentException("journal " + file + " is not a tuning journal");
        }
        if (version.intValue() != VERSION) {
            throw new IllegalArgumentException("journal " + file + " has version " + version.intValue() + ", not " + VERSION);
        }
        for (Map.Entry<String, String> entry : run.entrySet()) {
            Object their = theirs.get(entry.getKey());
            if (!Objects.equals(their, entry.getValue())) {
                throw new IllegalArgumentException("journal " + file + " belongs to another run: its " + entry.getKey()
                        + " is " + (their == null ? "not set" : "'" + their + "'") + ", this run's is '" + entry.getValue()
                        + "'; remove it or choose another --journal");
            }
        }
        if (!theirs.keySet().equals(run.keySet())) {
            throw new IllegalArgumentException("journal " + file + " belongs to another run: it describes "
                    + theirs.keySet() + ", this run " + run.keySet());
        }
    }

    private static TrialResult trial(Path file, int lineNumber, String line) {
        try {
            Map<?, ?> map = (Map<?, ?>) Json.parse(line);
            SequencedMap<String, String> values = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) map.get("parameters")).entrySet()) {
                values.put((String) entry.getKey(), (String) entry.getValue());
            }
            List<Double> folds = new ArrayList<>();
            for (Object fold : (List<?>) map.get("folds")) {
                folds.add(fold == null ? Double.NaN : (Double) fold);
            }
            return new TrialResult(number(map, "trial").intValue(), new Configuration(values), folds,
                    number(map, "mean"), number(map, "std"), number(map, "epochs").intValue(), number(map, "seconds"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("journal " + file + " line " + lineNumber + " is not a trial: " + e.getMessage());
        }
    }

    private static Double number(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value == null && map.containsKey(key)) {
            return Double.NaN;
        }
        return Objects.requireNonNull((Double) value, key);
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
