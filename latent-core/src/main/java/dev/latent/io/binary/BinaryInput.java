package dev.latent.io.binary;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * The reading twin of {@link BinaryOutput}: big-endian primitives, strings and bulk arrays from a
 * channel through one direct buffer, with a running CRC32C of every byte consumed.
 *
 * <p>Every read names the section it belongs to and is checked against the bytes left in the
 * file before anything is read or allocated, so a short file fails with "file ends inside the
 * item factors" and a corrupted length fails with a message, never with an
 * {@code OutOfMemoryError}, {@code EOFException} or {@code BufferUnderflowException}. Problems
 * are thrown as the exception type the file's format chooses ({@link Problems}), naming the file.
 */
public final class BinaryInput {
    private static final int BUFFER_BYTES = 1 << 20;
    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE;

    /** Makes the exception for a problem with {@code file}, such as a {@code ModelFormatException}. */
    @FunctionalInterface
    public interface Problems {
        IOException problem(Path file, String problem, Throwable cause);
    }

    private final Path file;
    private final FileChannel channel;
    private final Problems problems;
    private final long size;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final CRC32C crc = new CRC32C();
    private long read;
    private int crcFrom;
    private byte[] scratch = new byte[256];
    private String malformedSection;

    /** Reads {@code channel} from its current position; {@code file} names it in every problem. */
    public BinaryInput(Path file, FileChannel channel, Problems problems) throws IOException {
        this.file = Objects.requireNonNull(file, "file");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.problems = Objects.requireNonNull(problems, "problems");
        this.size = channel.size() - channel.position();
        buffer.limit(0);
    }

    /** The bytes the file had when it was opened. */
    public long size() {
        return size;
    }

    /** Bytes left in the file after the current position. */
    public long remaining() {
        return size - (read - buffer.remaining());
    }

    public IOException problem(String text) {
        return problems.problem(file, text, null);
    }

    public IOException problem(String text, Throwable cause) {
        return problems.problem(file, text, cause);
    }

    /**
     * Checks the magic bytes that open the file; {@code what} names the kind of file in the
     * message, as in "not a Latent model file (bad magic bytes)". An empty file and a short file
     * whose bytes match so far are reported as such, not as foreign.
     */
    public void readMagic(byte[] magic, String what) throws IOException {
        if (size == 0) {
            throw problem("empty file");
        }
        byte[] found = new byte[magic.length];
        int available = (int) Math.min(magic.length, size);
        readBytes(found, 0, available, "magic bytes");
        if (!Arrays.equals(found, 0, available, magic, 0, available)) {
            throw problem("not a " + what + " (bad magic bytes)");
        }
        if (available < magic.length) {
            throw problem("truncated: file ends inside the magic bytes (expected " + magic.length
                    + " bytes, found " + available + ")");
        }
    }

    /** A format version from 1 to {@code newest}; a newer or impossible one is a problem. */
    public int readVersion(int newest) throws IOException {
        int version = readInt("format version");
        if (version > newest) {
            throw problem("format version " + version + " is newer than this Latent reads (" + newest + ")");
        }
        if (version < 1) {
            throw problem("corrupted: format version " + version + " does not exist");
        }
        return version;
    }

    /** Fails unless at least {@code bytes} more bytes follow. */
    public void require(long bytes, String section) throws IOException {
        long left = remaining();
        if (bytes > left) {
            throw problem("truncated: file ends inside the " + section + " (expected " + bytes
                    + " more bytes, found " + left + ")");
        }
    }

    public void readBytes(byte[] into, int offset, int length, String section) throws IOException {
        require(length, section);
        int end = offset + length;
        while (offset < end) {
            fill(1);
            int n = Math.min(end - offset, buffer.remaining());
            buffer.get(into, offset, n);
            offset += n;
        }
    }

    public int readInt(String section) throws IOException {
        require(Integer.BYTES, section);
        fill(Integer.BYTES);
        return buffer.getInt();
    }

    public long readLong(String section) throws IOException {
        require(Long.BYTES, section);
        fill(Long.BYTES);
        return buffer.getLong();
    }

    public float readFloat(String section) throws IOException {
        require(Float.BYTES, section);
        fill(Float.BYTES);
        return buffer.getFloat();
    }

    public double readDouble(String section) throws IOException {
        require(Double.BYTES, section);
        fill(Double.BYTES);
        return buffer.getDouble();
    }

    /**
     * An element count, checked to be non-negative and to fit in the rest of the file given that
     * every element takes at least {@code minBytesEach}.
     */
    public int readCount(String section, int minBytesEach) throws IOException {
        int count = readInt(section);
        if (count < 0) {
            throw problem("corrupted: negative count " + count + " in the " + section);
        }
        long needed = (long) count * minBytesEach;
        long left = remaining();
        if (needed > left) {
            throw problem("truncated or corrupted: count " + count + " in the " + section + " needs at least "
                    + needed + " bytes but only " + left + " are left");
        }
        return count;
    }

    /**
     * A count, then that many strings (each an int byte length, then that many UTF-8 bytes), as
     * {@link BinaryOutput#writeStrings} wrote them.
     */
    public String[] readStrings(String section) throws IOException {
        String[] values = new String[readCount(section, Integer.BYTES)];
        for (int k = 0; k < values.length; k++) {
            values[k] = readString(section);
        }
        return values;
    }

    public String readString(String section) throws IOException {
        int length = readInt(section);
        if (length < 0) {
            throw problem("corrupted: negative string length " + length + " in the " + section);
        }
        long left = remaining();
        if (length > left) {
            throw problem("truncated or corrupted: string length " + length + " in the " + section
                    + " exceeds the " + left + " bytes left");
        }
        byte[] bytes;
        if (length <= scratch.length) {
            bytes = scratch;
        } else if (length <= BUFFER_BYTES) {
            bytes = scratch = new byte[Math.max(length, Math.min(2 * scratch.length, BUFFER_BYTES))];
        } else {
            bytes = new byte[length];
        }
        readBytes(bytes, 0, length, section);
        String value = new String(bytes, 0, length, StandardCharsets.UTF_8);
        // Decoding replaces malformed input with U+FFFD; only then is a strict check worth its cost.
        if (malformedSection == null && value.indexOf('\uFFFD') >= 0 && !isUtf8(bytes, length)) {
            malformedSection = section;
        }
        return value;
    }

    /**
     * The first section holding a string that is not valid UTF-8, or null. Reported after the
     * checksum, so that random corruption reads as a checksum mismatch.
     */
    public String malformedSection() {
        return malformedSection;
    }

    public float[] readFloats(long count, String section) throws IOException {
        int length = checkedLength(count, section);
        require((long) length * Float.BYTES, section);
        float[] values = new float[length];
        int offset = 0;
        while (offset < values.length) {
            fill(Float.BYTES);
            int n = Math.min(values.length - offset, buffer.remaining() / Float.BYTES);
            buffer.asFloatBuffer().get(values, offset, n);
            buffer.position(buffer.position() + n * Float.BYTES);
            offset += n;
        }
        return values;
    }

    public int[] readInts(long count, String section) throws IOException {
        int length = checkedLength(count, section);
        require((long) length * Integer.BYTES, section);
        int[] values = new int[length];
        int offset = 0;
        while (offset < values.length) {
            fill(Integer.BYTES);
            int n = Math.min(values.length - offset, buffer.remaining() / Integer.BYTES);
            buffer.asIntBuffer().get(values, offset, n);
            buffer.position(buffer.position() + n * Integer.BYTES);
            offset += n;
        }
        return values;
    }

    /** The CRC32C of every byte consumed so far. */
    public int checksum() {
        checksumConsumed();
        return (int) crc.getValue();
    }

    /**
     * Reads the closing checksum and checks, in this order, that it matches every byte before it,
     * that nothing follows it, and that every string was valid UTF-8.
     */
    public void readChecksumAndEnd() throws IOException {
        int computed = checksum();
        int stored = readInt("checksum");
        if (computed != stored) {
            throw problem("checksum mismatch: the file is corrupted");
        }
        if (remaining() > 0) {
            throw problem("corrupted: " + remaining() + " unexpected bytes after the checksum");
        }
        if (malformedSection != null) {
            throw problem("corrupted: a string in the " + malformedSection + " is not valid UTF-8");
        }
    }

    private int checkedLength(long count, String section) throws IOException {
        if (count < 0 || count > MAX_ARRAY_LENGTH) {
            throw problem("corrupted: the " + section + " would need " + count + " values, more than one array holds");
        }
        return (int) count;
    }

    /** Makes at least {@code bytes} (at most the buffer size) readable, refilling from the channel. */
    private void fill(int bytes) throws IOException {
        if (buffer.remaining() >= bytes) {
            return;
        }
        checksumConsumed();
        buffer.compact();
        while (buffer.position() < bytes) {
            int n = channel.read(buffer);
            if (n < 0) {
                throw problem("file ended at byte " + read + " although it had " + size
                        + " bytes when opened; was it changed while being read?");
            }
            read += n;
        }
        buffer.flip();
        crcFrom = 0;
    }

    private void checksumConsumed() {
        int position = buffer.position();
        crc.update(buffer.slice(crcFrom, position - crcFrom));
        crcFrom = position;
    }

    private static boolean isUtf8(byte[] bytes, int length) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, 0, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
