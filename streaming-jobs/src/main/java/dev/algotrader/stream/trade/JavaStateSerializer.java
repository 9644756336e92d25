package dev.algotrader.stream.trade;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * The Java-serialized form of state that builds before the versioned formats wrote (feature engine,
 * kernel state, broker tracking, score rows; {@link StateSerializers}), kept to read such
 * savepoints once: a {@link VersionedSerializer} over a codec whose bytes are the Java object
 * stream (length-prefixed, as those builds wrote them), and whose snapshot is the earlier build's
 * snapshot class, which each subclass names.
 *
 * @param <T> the state type
 */
public abstract class JavaStateSerializer<T extends Serializable> extends VersionedSerializer<T> {

    protected JavaStateSerializer(Class<T> type) {
        super(new JavaCodec<>(type));
    }

    /** The snapshot class the earlier build recorded for this state. */
    @Override
    public abstract TypeSerializerSnapshot<T> snapshotConfiguration();

    /** Java serialization of {@code value}. */
    public static byte[] toBytes(Serializable value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads an object written by {@link #toBytes}. */
    public static Object readObject(byte[] b) {
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(b)) {
                    @Override
                    protected Class<?> resolveClass(java.io.ObjectStreamClass desc)
                            throws IOException, ClassNotFoundException {
                        // user-code class loader on a cluster
                        return Class.forName(
                                desc.getName(),
                                false,
                                Thread.currentThread().getContextClassLoader());
                    }
                }) {
            return in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Java object stream of a {@code type} value: no version of its own. */
    private static final class JavaCodec<T extends Serializable> extends SelfVersionedCodec<T> {
        private final Class<T> type;

        JavaCodec(Class<T> type) {
            this.type = type;
        }

        @Override
        public String name() {
            return "java:" + type.getName();
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        byte[] snapshot(T value) {
            return toBytes(value);
        }

        @Override
        T restore(byte[] bytes) {
            return type.cast(readObject(bytes));
        }
    }
}
