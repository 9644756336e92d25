package dev.algotrader.stream.trade;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A {@link StateCodec} over a state class's own versioned snapshot format (the feature engine's
 * {@code FEN1} and the kernel's {@code KRN1}: magic, format version, plain data): its bytes are the
 * snapshot itself, without the codec's version header, so the state stays byte for byte what the
 * earlier engine and kernel serializers wrote, and the snapshot's own header carries the version.
 *
 * @param <T> the state type
 */
abstract class SelfVersionedCodec<T> implements StateCodec<T> {

    /** The state's own snapshot. */
    abstract byte[] snapshot(T value);

    /** The state from its own snapshot (which refuses a version it does not know). */
    abstract T restore(byte[] snapshot);

    @Override
    public final byte[] encode(T value) {
        return snapshot(value);
    }

    @Override
    public final T decode(byte[] bytes) {
        return restore(bytes);
    }

    /** The snapshot, unframed ({@link #encode} does not go through it). */
    @Override
    public final void write(T value, DataOutputStream out) throws IOException {
        out.write(snapshot(value));
    }

    /** The rest of {@code in} as a snapshot, which names its own version. */
    @Override
    public final T read(int version, DataInputStream in) throws IOException {
        return restore(in.readAllBytes());
    }
}
