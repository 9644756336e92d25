package dev.algotrader.stream.trade;

import dev.algotrader.core.trading.KernelConfig;
import dev.algotrader.core.trading.KernelState;
import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

/**
 * Keyed state serializer of the kernel state in the kernel's own versioned snapshot format ({@link
 * KernelState#snapshot()}: magic {@code KRN1}, format version, then the state as plain data), not
 * Java serialization: a change of the kernel's classes is a new format version that {@link
 * KernelState#restore} reads or refuses with a clear message, instead of an {@code
 * InvalidClassException} deep inside a savepoint restore.
 *
 * <p>Restoring needs the strategy of the kernel's configuration (the snapshot holds the strategy's
 * incremental state, not its parameters), so the serializer carries the operator's {@link
 * KernelConfig.StrategyFactory}; its {@link Snapshot} stores that factory so the state backend can
 * read a savepoint before the operator registers its state.
 *
 * <p>State written by the earlier Java serializer ({@link StateSerializers.Kernel}) is migrated on
 * restore when this build can still read it (same class shape); when it cannot, the restore fails
 * with {@link StateSerializers#EARLIER_BUILD} (restart fresh) instead of a class-shape stack trace.
 */
public final class KernelStateSerializer extends TypeSerializer<KernelState> {

    private final KernelConfig.StrategyFactory strategies;

    public KernelStateSerializer(KernelConfig.StrategyFactory strategies) {
        this.strategies = Objects.requireNonNull(strategies, "strategy factory");
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<KernelState> duplicate() {
        return this; // stateless (the factory makes fresh strategies)
    }

    @Override
    public KernelState createInstance() {
        return null;
    }

    @Override
    public KernelState copy(KernelState from) {
        return from == null ? null : KernelState.restore(from.snapshot(), strategies);
    }

    @Override
    public KernelState copy(KernelState from, KernelState reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(KernelState record, DataOutputView target) throws IOException {
        byte[] b = record.snapshot();
        target.writeInt(b.length);
        target.write(b);
    }

    @Override
    public KernelState deserialize(DataInputView source) throws IOException {
        byte[] b = new byte[source.readInt()];
        source.readFully(b);
        return KernelState.restore(b, strategies);
    }

    @Override
    public KernelState deserialize(KernelState reuse, DataInputView source) throws IOException {
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
        return obj instanceof KernelStateSerializer;
    }

    @Override
    public int hashCode() {
        return KernelStateSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<KernelState> snapshotConfiguration() {
        return new Snapshot(strategies);
    }

    /**
     * The serializer's snapshot. Version 1: the strategy factory (Java-serialized, it is
     * configuration, not state); the state itself is the kernel's length-prefixed snapshot bytes,
     * whose own header carries the state's format version.
     */
    public static final class Snapshot implements TypeSerializerSnapshot<KernelState> {

        private KernelConfig.StrategyFactory strategies;

        /** For Flink's reflective instantiation on restore. */
        public Snapshot() {}

        Snapshot(KernelConfig.StrategyFactory strategies) {
            this.strategies = strategies;
        }

        @Override
        public int getCurrentVersion() {
            return 1;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            byte[] f = InstantiationUtil.serializeObject(strategies);
            out.writeInt(f.length);
            out.write(f);
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader loader)
                throws IOException {
            if (readVersion != 1) {
                throw new IllegalStateException(
                        "kernel state serializer version "
                                + readVersion
                                + " is newer than this build reads (1)");
            }
            byte[] f = new byte[in.readInt()];
            in.readFully(f);
            try {
                strategies = InstantiationUtil.deserializeObject(f, loader);
            } catch (IOException | ClassNotFoundException | RuntimeException e) {
                throw new IllegalStateException(
                        "the savepoint's kernel strategy configuration cannot be read by this"
                                + " build ("
                                + e
                                + "): "
                                + StateSerializers.RESET,
                        e);
            }
        }

        @Override
        public TypeSerializer<KernelState> restoreSerializer() {
            return new KernelStateSerializer(strategies);
        }

        @Override
        public TypeSerializerSchemaCompatibility<KernelState> resolveSchemaCompatibility(
                TypeSerializerSnapshot<KernelState> old) {
            if (old instanceof Snapshot) return TypeSerializerSchemaCompatibility.compatibleAsIs();
            if (old instanceof StateSerializers.KernelSnapshot) {
                // a savepoint of the Java-serialized kernel: read it the old way (a clear error
                // if the class changed since), write it anew
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
