package dev.latent.tune;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalTest {
    @TempDir
    Path dir;

    private static SequencedMap<String, String> run(String grid) {
        SequencedMap<String, String> run = new LinkedHashMap<>();
        run.put("data", "ratings.tsv");
        run.put("grid", grid);
        return run;
    }

    @Test
    void open_afterAppends_replaysEveryTrialExactly() throws IOException {
        Path file = dir.resolve("tune.jsonl");
        TrialResult a = TrialResult.of(0, Configuration.of("factors", "8", "lr", "0.01"), List.of(0.91, 0.93), 12, 1.5);
        TrialResult b = TrialResult.of(1, Configuration.of("factors", "16", "lr", "0.01"), List.of(Double.NaN, 0.9), 3, 0.25);
        try (Journal journal = Journal.open(file, run("factors=8,16"))) {
            journal.append(a);
            journal.append(b);
        }
        assertEquals(3, Files.readAllLines(file).size());

        try (Journal journal = Journal.open(file, run("factors=8,16"))) {
            assertEquals(2, journal.replayable());
            assertEquals(a, journal.find(a.configuration()).orElseThrow());
            TrialResult back = journal.find(b.configuration()).orElseThrow();
            assertTrue(Double.isNaN(back.folds().getFirst()));
            assertEquals(3, back.epochs());
            assertTrue(journal.find(Configuration.of("factors", "32", "lr", "0.01")).isEmpty());
        }
    }

    @Test
    void open_lastLineCutShort_dropsItAndAppendsOnANewLine() throws IOException {
        Path file = dir.resolve("tune.jsonl");
        TrialResult a = TrialResult.of(0, Configuration.of("factors", "8"), List.of(0.9), 5, 1);
        try (Journal journal = Journal.open(file, run("factors=8,16"))) {
            journal.append(a);
        }
        Files.writeString(file, "{\"trial\":1,\"parame", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        try (Journal journal = Journal.open(file, run("factors=8,16"))) {
            assertEquals(1, journal.replayable());
            journal.append(a.withIndex(1));
        }
        try (Journal journal = Journal.open(file, run("factors=8,16"))) {
            assertEquals(1, journal.replayable());
        }
        assertEquals(3, Files.readAllLines(file).size());
    }

    @Test
    void open_journalOfAnotherRun_failsNamingTheDifference() throws IOException {
        Path file = dir.resolve("tune.jsonl");
        Journal.open(file, run("factors=8,16")).close();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Journal.open(file, run("factors=8,32")));
        assertTrue(e.getMessage().contains("belongs to another run: its grid is 'factors=8,16', this run's is 'factors=8,32'"),
                e.getMessage());
    }

    @Test
    void open_notAJournal_fails() throws IOException {
        Path file = dir.resolve("ratings.tsv");
        Files.writeString(file, "1\t2\t5\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Journal.open(file, run("factors=8")));
        assertTrue(e.getMessage().contains("is not a tuning journal"), e.getMessage());
    }
}
