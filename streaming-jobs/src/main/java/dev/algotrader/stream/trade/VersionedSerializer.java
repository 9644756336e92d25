package dev.algotrader.stream.trade;

import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink state serializer over a {@link StateCodec}: each value is its codec's versioned bytes,
 * length-prefixed. The serializer's {@link Snapshot} records the codec's name and the version the
 * state was written in; a later build restores it with its own codec of that name (which reads the
 * older version), declares the state compatible after migration and writes it anew in its own
 * version. A savepoint of a newer format than the build knows is refused with a clear message.
 * ({@link JavaStateSerializer} extends it only to name the snapshot classes of earlier builds.)
 *
 * @param <T> the state type
 */
public class VersionedSerializer<T> extends TypeSerializer<T> {

    private final StateCodec<T> codec;

    public VersionedSerializer(StateCodec<T> codec) {
        this.codec = Objects.requireNonNull(codec);
    }

    public StateCodec<T> codec() {
        return codec;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return this; // stateless
    }

    @Override
    public T createInstance() {
        return null;
    }

    @Override
    public T copy(T from) {
        return from == null ? null : codec.decode(codec.encode(from));
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        byte[] b = codec.encode(record);
        target.writeInt(b.length);
        target.write(b);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        byte[] b = new byte[source.readInt()];
        source.readFully(b);
        return codec.decode(b);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int n = source.readInt();
        target.writeInt(n);
        target.write(source, n);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof VersionedSerializer<?> s
                && s.codec.name().equals(codec.name())
                && s.codec.version() == codec.version();
    }

    @Override
    public int hashCode() {
        return Objects.hash(codec.name(), codec.version());
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new Snapshot<>(codec);
    }

    /**
     * The serializer's snapshot: the codec's name, the format version the state was written in and
     * (version 2) the codec's {@link StateCodec#parameters}. {@link #restoreSerializer} is this
     * build's codec of that name ({@link StateCodecs}) with those parameters.
     */
    public static final class Snapshot<T> implements TypeSerializerSnapshot<T> {

        private String name;
        private int version;
        private byte[] parameters = new byte[0];
        private ClassLoader loader = Snapshot.class.getClassLoader();

        /** For Flink's reflective instantiation on restore. */
        public Snapshot() {}

        Snapshot(StateCodec<T> codec) {
            this.name = codec.name();
            this.version = codec.version();
            this.parameters = codec.parameters();
        }

        /** The format version of the state this snapshot describes. */
        public int stateVersion() {
            return version;
        }

        @Override
        public int getCurrentVersion() {
            return 2;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeUTF(name);
            out.writeInt(version);
            out.writeInt(parameters.length);
            out.write(parameters);
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader loader)
                throws IOException {
            if (readVersion < 1 || readVersion > 2) {
                throw new IllegalStateException(
                        "state serializer snapshot version "
                                + readVersion
                                + " is newer than this build reads (2): "
                                + StateSerializers.RESET);
            }
            name = in.readUTF();
            version = in.readInt();
            if (readVersion >= 2) {
                parameters = new byte[in.readInt()];
                in.readFully(parameters);
            }
            this.loader = loader;
        }

        @Override
        public TypeSerializer<T> restoreSerializer() {
            StateCodec<T> codec = StateCodecs.current(name);
            if (version > codec.version()) {
                throw new IllegalStateException(
                        "the savepoint holds "
                                + name
                                + " state of format version "
                                + version
                                + ", newer than this build reads ("
                                + codec.version()
                                + "): "
                                + StateSerializers.RESET);
            }
            return new VersionedSerializer<>(codec.withParameters(parameters, loader));
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
                TypeSerializerSnapshot<T> old) {
            if (old instanceof Snapshot<T> s && s.name.equals(name)) {
                if (s.version == version) return TypeSerializerSchemaCompatibility.compatibleAsIs();
                if (s.version < version) {
                    // an older format: read by this build's codec, written anew in this version
                    return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
                }
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            return StateSerializers.earlierSnapshotOf(old, name);
        }
    }
}
