package dev.latent.tune;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TunerTest {
    @TempDir
    Path dir;

    /** |factors − 32| + 100·|lr − 0.01|, as two "folds" that differ by 0.02. */
    private static TrialResult known(int index, Configuration c) {
        double x = Math.abs(Integer.parseInt(c.get("factors")) - 32) + 100 * Math.abs(Double.parseDouble(c.get("lr")) - 0.01);
        return TrialResult.of(index, c, List.of(x - 0.01, x + 0.01), 7, 0);
    }

    @Test
    void run_grid_ranksByMetricThenIndexWhateverTheThreads() {
        ParameterSpace space = ParameterSpace.parse("factors=8,16,32,64;lr=0.005,0.01,0.02");
        Tuner.TuneResult one = new Tuner(TunerTest::known, false, 1).run(new GridSearch(space), null, TrialListener.NONE);
        Tuner.TuneResult four = new Tuner(TunerTest::known, false, 4).run(new GridSearch(space), null, TrialListener.NONE);

        assertEquals(one.trials(), four.trials());
        assertEquals("factors=32 lr=0.01", one.best().configuration().toString());
        assertEquals(7, one.best().index());
        assertEquals(0.0, one.best().mean(), 1e-12);
        assertEquals(Math.sqrt(2) * 0.01, one.best().std(), 1e-12);
        for (int k = 1; k < one.trials().size(); k++) {
            TrialResult before = one.trials().get(k - 1);
            TrialResult after = one.trials().get(k);
            assertTrue(before.mean() < after.mean() || before.mean() == after.mean() && before.index() < after.index());
        }
        assertEquals(12, one.ran());
    }

    @Test
    void run_journalCutShort_runsOnlyTheMissingTrials() throws IOException {
        ParameterSpace space = ParameterSpace.parse("factors=8,16,32,64;lr=0.005,0.01,0.02");
        Path file = dir.resolve("tune.jsonl");
        SequencedMap<String, String> run = new LinkedHashMap<>();
        run.put("grid", space.toString());
        Tuner.TuneResult full;
        try (Journal journal = Journal.open(file, run)) {
            full = new Tuner(TunerTest::known, false, 2).run(new GridSearch(space), journal, TrialListener.NONE);
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(13, lines.size());
        Files.write(file, lines.subList(0, 6));

        List<Integer> ranIndices = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger fromJournal = new AtomicInteger();
        Tuner.TuneResult resumed;
        try (Journal journal = Journal.open(file, run)) {
            resumed = new Tuner((index, c) -> {
                ranIndices.add(index);
                return known(index, c);
            }, false, 2).run(new GridSearch(space), journal, (result, replayed, finished, max) -> {
                if (replayed) {
                    fromJournal.incrementAndGet();
                }
            });
        }

        assertEquals(7, ranIndices.size());
        assertEquals(7, resumed.ran());
        assertEquals(5, resumed.replayed());
        assertEquals(5, fromJournal.get());
        assertEquals(full.trials(), resumed.trials());
        assertEquals(13, Files.readAllLines(file).size());
    }

    @Test
    void run_lineSearchWithJournal_replaysTheSamePath() throws IOException {
        ParameterSpace space = ParameterSpace.parse("factors=8,16,32,64,128;lr=0.001,0.005,0.01,0.02,0.05");
        Path file = dir.resolve("line.jsonl");
        SequencedMap<String, String> run = new LinkedHashMap<>();
        run.put("grid", space.toString());
        Tuner.TuneResult first;
        try (Journal journal = Journal.open(file, run)) {
            first = new Tuner(TunerTest::known, false, 2).run(new LineSearch(space, false), journal, TrialListener.NONE);
        }
        Tuner.TuneResult again;
        try (Journal journal = Journal.open(file, run)) {
            again = new Tuner(TunerTest::known, false, 2).run(new LineSearch(space, false), journal, TrialListener.NONE);
        }
        assertEquals(first.trials(), again.trials());
        assertEquals(0, again.ran());
        assertEquals("factors=32 lr=0.01", again.best().configuration().toString());
    }
}
