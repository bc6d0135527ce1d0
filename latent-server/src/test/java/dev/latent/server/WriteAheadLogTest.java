package dev.latent.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WriteAheadLogTest {
    @TempDir
    Path dir;

    private static final List<Change> FIRST = List.of(Change.set("u1", "i1", 4.5f, 978300760L),
            Change.set("zoë", "amélie ☂", -1f, Change.NO_TIMESTAMP));
    private static final List<Change> SECOND = List.of(Change.remove("u1", "i1", Change.NO_TIMESTAMP));
    private static final List<Change> THIRD = List.of(Change.set("u2", "i9", 1f, 5L));

    /** Opens the log, collecting what it replays. */
    private static WriteAheadLog open(Path dir, List<List<Change>> replayed) throws IOException {
        List<Long> sequences = new ArrayList<>();
        WriteAheadLog log = WriteAheadLog.open(dir, (batch, sequence) -> {
            replayed.add(batch);
            sequences.add(sequence);
        });
        for (int k = 0; k < sequences.size(); k++) {
            assertEquals(k + 1, sequences.get(k), "requests are replayed in order, numbered from 1");
        }
        return log;
    }

    private void writeThree() throws IOException {
        try (WriteAheadLog log = open(dir, new ArrayList<>())) {
            assertEquals(1, log.append(FIRST));
            assertEquals(2, log.append(SECOND));
            assertEquals(3, log.append(THIRD));
        }
    }

    private Path file() {
        return dir.resolve(WriteAheadLog.FILE_NAME);
    }

    @Test
    void open_afterAppends_replaysEveryRequestExactly() throws IOException {
        writeThree();
        List<List<Change>> replayed = new ArrayList<>();
        try (WriteAheadLog log = open(dir, replayed)) {
            assertEquals(List.of(FIRST, SECOND, THIRD), replayed);
            assertEquals(3, log.sequence());
            assertEquals(new WriteAheadLog.Recovery(3, 4, Files.size(file()), 0), log.recovery());
            assertEquals(4, log.append(FIRST), "appends continue the numbering");
        }
    }

    @Test
    void read_throughTwo_givesTheFirstTwoRequests() throws IOException {
        writeThree();
        try (WriteAheadLog log = open(dir, new ArrayList<>())) {
            List<List<Change>> read = new ArrayList<>();
            log.read(2, (batch, sequence) -> read.add(batch));
            assertEquals(List.of(FIRST, SECOND), read);
        }
    }

    @Test
    void open_tornLastRecord_isCutOffAndReported() throws IOException {
        writeThree();
        long full = Files.size(file());
        for (int cut = 1; cut < WriteAheadLog.encode(THIRD).remaining(); cut += 3) {
            truncate(full - cut);
            List<List<Change>> replayed = new ArrayList<>();
            try (WriteAheadLog log = open(dir, replayed)) {
                assertEquals(List.of(FIRST, SECOND), replayed, "cut " + cut);
                assertEquals(full - WriteAheadLog.encode(THIRD).remaining(), Files.size(file()), "the torn record is cut off");
                assertEquals(WriteAheadLog.encode(THIRD).remaining() - cut, log.recovery().tornBytesCut());
                assertEquals(3, log.append(THIRD), "the log goes on after the cut");
            }
        }
    }

    @Test
    void open_lastRecordFollowedByZeros_isTornAndCut() throws IOException {
        writeThree();
        long full = Files.size(file());
        byte[] bytes = Files.readAllBytes(file());
        int third = WriteAheadLog.encode(THIRD).remaining();
        Arrays.fill(bytes, (int) full - third + 10, (int) full, (byte) 0);
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 4096);
        Files.write(file(), padded);
        List<List<Change>> replayed = new ArrayList<>();
        try (WriteAheadLog log = open(dir, replayed)) {
            assertEquals(List.of(FIRST, SECOND), replayed);
            assertEquals(third + 4096, log.recovery().tornBytesCut());
        }
    }

    @Test
    void open_damageBeforeTheEnd_failsNamingFileAndByteAndKeepsTheFile() throws IOException {
        writeThree();
        byte[] bytes = Files.readAllBytes(file());
        int second = 8 + WriteAheadLog.encode(FIRST).remaining();
        bytes[second + 12] ^= 1;
        Files.write(file(), bytes);
        IOException e = assertThrows(IOException.class, () -> open(dir, new ArrayList<>()));
        assertTrue(e.getMessage().startsWith(file() + " is damaged at byte " + second + " (record 2): a checksum mismatch, "
                + "and data follows it"), e.getMessage());
        assertEquals(bytes.length, Files.size(file()), "nothing is cut");
    }

    @Test
    void open_notALog_failsWithoutTouchingIt() throws IOException {
        Files.createDirectories(dir);
        Files.writeString(file(), "user,item\n");
        IOException e = assertThrows(IOException.class, () -> open(dir, new ArrayList<>()));
        assertEquals(file() + " is not a Latent write-ahead log (it does not start with LATWAL01)", e.getMessage());
        assertEquals("user,item\n", Files.readString(file()));
    }

    @Test
    void open_whileOpenElsewhere_fails() throws IOException {
        try (WriteAheadLog first = open(dir, new ArrayList<>())) {
            IOException e = assertThrows(IOException.class, () -> open(dir, new ArrayList<>()));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
    }

    @Test
    void open_missingDirectory_isCreatedWithAnEmptyLog() throws IOException {
        Path nested = dir.resolve("a/b");
        try (WriteAheadLog log = open(nested, new ArrayList<>())) {
            assertEquals(0, log.sequence());
            assertEquals(8, Files.size(nested.resolve(WriteAheadLog.FILE_NAME)));
        }
    }

    private void truncate(long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file(), StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }
}
