package dev.latent.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The reading twin of {@link ModelOutput}: big-endian primitives, strings and bulk arrays from a
 * channel through one direct buffer, with a running CRC32C of every byte consumed.
 *
 * <p>Every read names the section it belongs to and is checked against the bytes left in the
 * file before anything is read or allocated, so a short file fails with "file ends inside the
 * item factors" and a corrupted length fails with a message, never with an
 * {@code OutOfMemoryError}, {@code EOFException} or {@code BufferUnderflowException}.
 */
final class ModelInput {
    private static final int BUFFER_BYTES = 1 << 20;
    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE;

    private final Path file;
    private final FileChannel channel;
    private final long size;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final CRC32C crc = new CRC32C();
    private long read;
    private int crcFrom;
    private byte[] scratch = new byte[256];
    private String malformedSection;

    ModelInput(Path file, FileChannel channel) throws IOException {
        this.file = file;
        this.channel = channel;
        this.size = channel.size();
        buffer.limit(0);
    }

    long size() {
        return size;
    }

    /** Bytes left in the file after the current position. */
    long remaining() {
        return size - (read - buffer.remaining());
    }

    ModelFormatException problem(String text) {
        return new ModelFormatException(file, text);
    }

    ModelFormatException problem(String text, Throwable cause) {
        return new ModelFormatException(file, text, cause);
    }

    /** Fails unless at least {@code bytes} more bytes follow. */
    void require(long bytes, String section) throws ModelFormatException {
        long left = remaining();
        if (bytes > left) {
            throw problem("truncated: file ends inside the " + section + " (expected " + bytes
                    + " more bytes, found " + left + ")");
        }
    }

    void readBytes(byte[] into, int offset, int length, String section) throws IOException {
        require(length, section);
        int end = offset + length;
        while (offset < end) {
            fill(1);
            int n = Math.min(end - offset, buffer.remaining());
            buffer.get(into, offset, n);
            offset += n;
        }
    }

    int readInt(String section) throws IOException {
        require(Integer.BYTES, section);
        fill(Integer.BYTES);
        return buffer.getInt();
    }

    long readLong(String section) throws IOException {
        require(Long.BYTES, section);
        fill(Long.BYTES);
        return buffer.getLong();
    }

    float readFloat(String section) throws IOException {
        require(Float.BYTES, section);
        fill(Float.BYTES);
        return buffer.getFloat();
    }

    double readDouble(String section) throws IOException {
        require(Double.BYTES, section);
        fill(Double.BYTES);
        return buffer.getDouble();
    }

    /**
     * An element count, checked to be non-negative and to fit in the rest of the file given that
     * every element takes at least {@code minBytesEach}.
     */
    int readCount(String section, int minBytesEach) throws IOException {
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

    /** An int byte length, then that many UTF-8 bytes. */
    String readString(String section) throws IOException {
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
    String malformedSection() {
        return malformedSection;
    }

    float[] readFloats(long count, String section) throws IOException {
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

    int[] readInts(long count, String section) throws IOException {
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
    int checksum() {
        checksumConsumed();
        return (int) crc.getValue();
    }

    private int checkedLength(long count, String section) throws ModelFormatException {
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
