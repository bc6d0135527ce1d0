package dev.latent.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * The durable record of every write the server acknowledged: one append-only file,
 * {@value #FILE_NAME} in the log's directory, holding one checksummed record per acknowledged
 * request, so that a request's changes are replayed all or not at all.
 *
 * <p>Layout: the 8 magic bytes {@code LATWAL01}, then records of
 * {@code [int length][int CRC32C of the length and payload][payload]}, big-endian. A payload is
 * {@code [int count]} then per change {@code [byte flags: 1 = delete, 2 = has timestamp]
 * [int n][n bytes UTF-8 user][int n][n bytes UTF-8 item][float value][long timestamp, if flagged]}.
 *
 * <p>{@link #append} returns only after the record is written and forced to the device
 * ({@code fdatasync}), so a write acknowledged after it survives a crash of the process or the
 * machine. Opening replays the file. A crash can leave the last record half written (or, on some
 * file systems, followed by zeros); such a <em>torn</em> tail is recognised because nothing but
 * zeros follows the damage, and it is cut off and reported: it was never acknowledged. Damage with
 * data after it is not a torn write, and opening fails rather than dropping what follows. The file
 * is locked while open, so two servers cannot append to one log.
 */
final class WriteAheadLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriteAheadLog.class);

    static final String FILE_NAME = "preferences.wal";
    private static final byte[] MAGIC = "LATWAL01".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 8;
    private static final int MAX_PAYLOAD = 1 << 30;
    private static final int DELETE = 1;
    private static final int HAS_TIMESTAMP = 2;

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Recovery recovery;
    private long sequence;
    private long size;

    /**
     * What opening found: how many requests and changes were replayed, the bytes of the good
     * records (magic included), and how many bytes of a torn last record were cut off (0 when none).
     */
    record Recovery(long requests, long changes, long bytes, long tornBytesCut) {
    }

    /** Receives each logged request as {@link #open} reads it, in log order. */
    @FunctionalInterface
    interface Replay {
        void replay(List<Change> batch, long sequence);
    }

    private WriteAheadLog(Path file, FileChannel channel, FileLock lock, Recovery recovery) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.recovery = recovery;
        this.sequence = recovery.requests();
        this.size = recovery.bytes();
    }

    /**
     * Opens the log in {@code dir} (created with its parents when missing), reads it through,
     * passing every request found to {@code replay}, and cuts off a torn last record.
     *
     * @throws IOException naming the file and byte offset when the file is not a write-ahead log,
     *                     is damaged before its end, or is locked by another process
     */
    static WriteAheadLog open(Path dir, Replay replay) throws IOException {
        Objects.requireNonNull(replay, "replay");
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE_NAME);
        boolean created = !Files.exists(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                throw new IOException("the write-ahead log " + file + " is in use by another server");
            }
            Recovery recovery = recover(file, channel, replay);
            if (created) {
                forceDirectory(dir);
            }
            if (recovery.tornBytesCut() > 0) {
                LOG.warn("cut off a torn last record of {} bytes at the end of {}: a write that was never acknowledged",
                        recovery.tornBytesCut(), file);
            }
            return new WriteAheadLog(file, channel, lock, recovery);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Reads the whole file, writes the magic into an empty one, and cuts a torn tail. */
    private static Recovery recover(Path file, FileChannel channel, Replay replay) throws IOException {
        long length = channel.size();
        if (length < HEADER) {
            byte[] start = readAt(channel, 0, (int) length);
            if (!startsLike(start)) {
                throw new IOException(file + " is not a Latent write-ahead log (it does not start with LATWAL01)");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(MAGIC), 0);
            channel.force(true);
            return new Recovery(0, 0, HEADER, length);
        }
        if (!startsLike(readAt(channel, 0, HEADER))) {
            throw new IOException(file + " is not a Latent write-ahead log (it does not start with LATWAL01)");
        }
        long[] counts = new long[2];
        long end = scan(file, channel, length, (batch, sequence) -> {
            counts[0] = sequence;
            counts[1] += batch.size();
            replay.replay(batch, sequence);
        });
        if (end < length) {
            channel.truncate(end);
            channel.force(true);
        }
        return new Recovery(counts[0], counts[1], end, length - end);
    }

    private static boolean startsLike(byte[] start) {
        for (int k = 0; k < start.length; k++) {
            if (start[k] != MAGIC[k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Decodes records from byte {@value #HEADER} into {@code replay}, returning where the good
     * records end: {@code length}, or the start of a torn tail.
     */
    private static long scan(Path file, FileChannel channel, long length, Replay replay) throws IOException {
        InputStream raw = new BufferedInputStream(Channels.newInputStream(channel.position(HEADER)), 1 << 16);
        DataInputStream in = new DataInputStream(raw);
        long position = HEADER;
        CRC32C crc = new CRC32C();
        long records = 0;
        while (position < length) {
            long remaining = length - position;
            String damage;
            if (remaining < 8) {
                damage = "a record header cut short";
            } else {
                int payloadLength = in.readInt();
                int checksum = in.readInt();
                if (payloadLength < 4 || payloadLength > MAX_PAYLOAD) {
                    damage = "an impossible record length " + payloadLength;
                } else if (payloadLength > remaining - 8) {
                    damage = "a record of " + payloadLength + " bytes cut short at " + (remaining - 8);
                } else {
                    byte[] payload = new byte[payloadLength];
                    in.readFully(payload);
                    crc.reset();
                    crc.update(ByteBuffer.allocate(4).putInt(0, payloadLength));
                    crc.update(payload);
                    if ((int) crc.getValue() == checksum) {
                        List<Change> batch;
                        try {
                            batch = decode(payload);
                        } catch (RuntimeException e) {
                            throw new IOException(file + ": record " + (records + 1) + " at byte " + position
                                    + " has a valid checksum but cannot be decoded (" + e.getMessage() + ")", e);
                        }
                        replay.replay(batch, ++records);
                        position += 8 + payloadLength;
                        continue;
                    }
                    damage = "a checksum mismatch";
                }
            }
            if (onlyZerosAfter(channel, position, length)) {
                return position;
            }
            throw new IOException(file + " is damaged at byte " + position + " (record " + (records + 1) + "): "
                    + damage + ", and data follows it, so it is not a torn last write; the server will not cut it. "
                    + "Move the file aside to start without it, or truncate it at byte " + position + " to keep the "
                    + records + " records before the damage");
        }
        return position;
    }

    /**
     * Whether the bytes after the damaged record at {@code position} are all zero: true when the
     * record's own header (or what is left of it) runs to the end of the file or is followed only
     * by the zeros some file systems leave after a crash.
     */
    private static boolean onlyZerosAfter(FileChannel channel, long position, long length) throws IOException {
        long from = position + 8;
        if (from >= length) {
            return true;
        }
        int payloadLength = ByteBuffer.wrap(readAt(channel, position, 4)).getInt();
        long recordEnd = payloadLength >= 4 && payloadLength <= MAX_PAYLOAD ? from + payloadLength : from;
        for (long p = Math.min(recordEnd, length); p < length; p += 1 << 16) {
            byte[] chunk = readAt(channel, p, (int) Math.min(1 << 16, length - p));
            for (byte b : chunk) {
                if (b != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static byte[] readAt(FileChannel channel, long position, int count) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(count);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("unexpected end of file at byte " + (position + buffer.position()));
            }
        }
        return buffer.array();
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException notSupported) {
            // Some platforms cannot open a directory; the file's own force still holds its data.
            LOG.debug("cannot force directory {}", dir, notSupported);
        }
    }

    /**
     * Writes {@code batch} as one record and forces it to the device; returns its sequence number
     * (1 for the first request ever logged).
     *
     * @throws IOException when the write or the force fails: then nothing may be acknowledged, and
     *                     the log refuses further appends (the file may end in a torn record that
     *                     the next open cuts off)
     */
    synchronized long append(List<Change> batch) throws IOException {
        if (!channel.isOpen()) {
            throw new IOException("the write-ahead log " + file + " is closed");
        }
        ByteBuffer record = encode(batch);
        long at = size;
        try {
            while (record.hasRemaining()) {
                at += channel.write(record, at);
            }
            channel.force(false);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        size = at;
        return ++sequence;
    }

    /** The sequence number of the last request logged, 0 when none. */
    synchronized long sequence() {
        return sequence;
    }

    /** The log's size in bytes, magic included. */
    synchronized long size() {
        return size;
    }

    Path file() {
        return file;
    }

    /** What opening the log found. */
    Recovery recovery() {
        return recovery;
    }

    /**
     * Passes the requests with sequence numbers 1 to {@code through} to {@code replay}, read from
     * the file (appends may go on meanwhile; they land after the bytes read).
     */
    void read(long through, Replay replay) throws IOException {
        try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(
                    Channels.newInputStream(reader.position(HEADER)), 1 << 16));
            for (long sequence = 1; sequence <= through; sequence++) {
                int payloadLength = in.readInt();
                in.readInt();
                byte[] payload = new byte[payloadLength];
                in.readFully(payload);
                replay.replay(decode(payload), sequence);
            }
        }
    }

    static ByteBuffer encode(List<Change> batch) {
        List<byte[]> ids = new ArrayList<>(2 * batch.size());
        int payloadLength = 4;
        for (Change change : batch) {
            byte[] user = change.user().getBytes(StandardCharsets.UTF_8);
            byte[] item = change.item().getBytes(StandardCharsets.UTF_8);
            ids.add(user);
            ids.add(item);
            payloadLength += 1 + 4 + user.length + 4 + item.length + 4
                    + (change.timestamp() == Change.NO_TIMESTAMP ? 0 : 8);
        }
        if (payloadLength > MAX_PAYLOAD) {
            throw new IllegalArgumentException("a request of " + payloadLength + " bytes is too large for one log record");
        }
        ByteBuffer record = ByteBuffer.allocate(8 + payloadLength);
        record.putInt(payloadLength).putInt(0).putInt(batch.size());
        int k = 0;
        for (Change change : batch) {
            boolean timed = change.timestamp() != Change.NO_TIMESTAMP;
            record.put((byte) ((change.delete() ? DELETE : 0) | (timed ? HAS_TIMESTAMP : 0)));
            byte[] user = ids.get(k++);
            byte[] item = ids.get(k++);
            record.putInt(user.length).put(user).putInt(item.length).put(item).putFloat(change.value());
            if (timed) {
                record.putLong(change.timestamp());
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(record.array(), 0, 4);
        crc.update(record.array(), 8, payloadLength);
        record.putInt(4, (int) crc.getValue());
        return record.flip();
    }

    private static List<Change> decode(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        int count = in.getInt();
        if (count < 0 || count > payload.length) {
            throw new IllegalStateException("a change count of " + count);
        }
        List<Change> batch = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            int flags = in.get();
            String user = string(in);
            String item = string(in);
            float value = in.getFloat();
            long timestamp = (flags & HAS_TIMESTAMP) != 0 ? in.getLong() : Change.NO_TIMESTAMP;
            batch.add((flags & DELETE) != 0 ? Change.remove(user, item, timestamp) : Change.set(user, item, value, timestamp));
        }
        if (in.hasRemaining()) {
            throw new IllegalStateException(in.remaining() + " bytes after the last change");
        }
        return List.copyOf(batch);
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalStateException("a string length of " + length);
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel.isOpen()) {
            lock.release();
            channel.close();
        }
    }
}
