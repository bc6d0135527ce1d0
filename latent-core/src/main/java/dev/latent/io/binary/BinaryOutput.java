package dev.latent.io.binary;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * Big-endian primitives, length-prefixed UTF-8 strings and bulk arrays written to a channel
 * through one direct buffer, with a running CRC32C of every byte written before {@link #finish()}.
 *
 * <p>Arrays go through a float or int view of the buffer, so a factor matrix is copied (and
 * byte-swapped) a megabyte at a time rather than one virtual call per value.
 */
public final class BinaryOutput {
    private static final int BUFFER_BYTES = 1 << 20;

    private final FileChannel channel;
    private final String fileKind;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final CRC32C crc = new CRC32C();

    /** Writes to {@code channel} at its position; {@code fileKind} ("model file") names the file in messages. */
    public BinaryOutput(FileChannel channel, String fileKind) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.fileKind = Objects.requireNonNull(fileKind, "fileKind");
    }

    public void writeBytes(byte[] bytes) throws IOException {
        int offset = 0;
        while (offset < bytes.length) {
            room(1);
            int n = Math.min(bytes.length - offset, buffer.remaining());
            buffer.put(bytes, offset, n);
            offset += n;
        }
    }

    public void writeInt(int value) throws IOException {
        room(Integer.BYTES);
        buffer.putInt(value);
    }

    public void writeLong(long value) throws IOException {
        room(Long.BYTES);
        buffer.putLong(value);
    }

    public void writeFloat(float value) throws IOException {
        room(Float.BYTES);
        buffer.putFloat(value);
    }

    public void writeDouble(double value) throws IOException {
        room(Double.BYTES);
        buffer.putDouble(value);
    }

    /** The number of strings, then each string (see {@link #writeString}). */
    public void writeStrings(List<String> values, String what) throws IOException {
        writeInt(values.size());
        for (String value : values) {
            writeString(value, what);
        }
    }

    /**
     * An int byte length, then the UTF-8 bytes. {@code what} names the string in the error thrown
     * when it holds an unpaired surrogate, which UTF-8 cannot represent.
     */
    public void writeString(String value, String what) throws IOException {
        if (!isWellFormed(value)) {
            throw new IllegalArgumentException(what + " '" + value
                    + "' contains an unpaired surrogate, which a " + fileKind + " (UTF-8) cannot store");
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeInt(bytes.length);
        writeBytes(bytes);
    }

    /** The remaining floats of {@code values}, leaving its position unchanged. */
    public void writeFloats(FloatBuffer values) throws IOException {
        FloatBuffer rest = values.duplicate();
        while (rest.hasRemaining()) {
            room(Float.BYTES);
            int n = Math.min(rest.remaining(), buffer.remaining() / Float.BYTES);
            buffer.asFloatBuffer().put(rest.slice(rest.position(), n));
            buffer.position(buffer.position() + n * Float.BYTES);
            rest.position(rest.position() + n);
        }
    }

    /** The remaining ints of {@code values}, leaving its position unchanged. */
    public void writeInts(IntBuffer values) throws IOException {
        IntBuffer rest = values.duplicate();
        while (rest.hasRemaining()) {
            room(Integer.BYTES);
            int n = Math.min(rest.remaining(), buffer.remaining() / Integer.BYTES);
            buffer.asIntBuffer().put(rest.slice(rest.position(), n));
            buffer.position(buffer.position() + n * Integer.BYTES);
            rest.position(rest.position() + n);
        }
    }

    /** Writes out everything buffered, then the CRC32C of all bytes so far as a big-endian int. */
    public void finish() throws IOException {
        flush();
        buffer.putInt((int) crc.getValue());
        buffer.flip();
        drain();
    }

    private void room(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flush();
        }
    }

    private void flush() throws IOException {
        buffer.flip();
        crc.update(buffer.slice());
        drain();
    }

    private void drain() throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    private static boolean isWellFormed(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
