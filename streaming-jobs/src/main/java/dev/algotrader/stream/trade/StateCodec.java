package dev.algotrader.stream.trade;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * A versioned binary format of one kind of trader state, like the engine's and the kernel's own
 * snapshot formats: the bytes are a format version followed by plain data and name no Java class,
 * so a later build whose state classes gained a field writes a new version and still reads the
 * older ones (with a default for what they lack). {@link VersionedSerializer} puts a codec into
 * Flink state; state files use {@link #encode} / {@link #decode}.
 *
 * @param <T> the state type
 */
public interface StateCodec<T> extends Serializable {

    /** Stable name of the format (Flink finds the codec of a savepoint's state by it). */
    String name();

    /** The version this build writes; {@link #read} reads it and every earlier one. */
    int version();

    /** Writes {@code value} in the current version. */
    void write(T value, DataOutputStream out) throws IOException;

    /** Reads a value written in {@code version}; a clear error for a version it does not know. */
    T read(int version, DataInputStream in) throws IOException;

    /** The version header followed by the value. */
    default byte[] encode(T value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeShort(version());
            write(value, out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on a byte array
        }
    }

    /** Reads {@link #encode}'s bytes of any version this build knows. */
    default T decode(byte[] bytes) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            int v = in.readShort();
            if (v < 1 || v > version()) {
                throw new IllegalArgumentException(
                        name()
                                + " state of format version "
                                + v
                                + " cannot be read by this build (it reads 1.."
                                + version()
                                + ")");
            }
            T value = read(v, in);
            if (in.available() != 0) {
                throw new IllegalArgumentException("corrupt " + name() + " state (trailing bytes)");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt " + name() + " state (truncated)", e);
        }
    }

    /**
     * What this codec needs besides the state's bytes to read them (none by default; the kernel's
     * strategy factory): a savepoint keeps it in the serializer's snapshot, so the state can be
     * read before the operator registers it.
     */
    default byte[] parameters() {
        return new byte[0];
    }

    /** This codec with the {@link #parameters} a savepoint kept. */
    default StateCodec<T> withParameters(byte[] parameters, ClassLoader loader) {
        return this;
    }

    /** A version this codec does not know. */
    static IllegalArgumentException unknownVersion(String name, int version) {
        return new IllegalArgumentException(
                name + " state of format version " + version + " cannot be read by this build");
    }
}
