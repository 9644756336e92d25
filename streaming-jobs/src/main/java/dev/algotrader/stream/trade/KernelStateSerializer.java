package dev.algotrader.stream.trade;

import dev.algotrader.core.trading.KernelState;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The name under which savepoints of the builds up to 7486385 recorded the kernel state's
 * serializer ({@code KernelStateSerializer$Snapshot}, holding the Java-serialized strategy
 * factory). That serializer is now {@link VersionedSerializer} over {@link StateCodecs#kernel},
 * which writes the same bytes (the kernel's own length-prefixed {@code KRN1} snapshot), so the old
 * snapshot class restores to it with the factory it kept and the state is read as is; the next
 * savepoint records the versioned serializer's snapshot.
 */
public final class KernelStateSerializer {

    private KernelStateSerializer() {}

    /**
     * The snapshot of the earlier kernel serializer. Version 1: the strategy factory,
     * Java-serialized and length-prefixed (kept as read, and written back as read for a state the
     * job does not register again).
     */
    public static final class Snapshot implements TypeSerializerSnapshot<KernelState> {

        private byte[] strategies;
        private ClassLoader loader;

        /** For Flink's reflective instantiation on restore. */
        public Snapshot() {}

        @Override
        public int getCurrentVersion() {
            return 1;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeInt(strategies.length);
            out.write(strategies);
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
            strategies = new byte[in.readInt()];
            in.readFully(strategies);
            this.loader = loader;
        }

        @Override
        public TypeSerializer<KernelState> restoreSerializer() {
            StateCodec<KernelState> codec = StateCodecs.current(StateCodecs.KERNEL);
            return new VersionedSerializer<>(codec.withParameters(strategies, loader));
        }

        @Override
        public TypeSerializerSchemaCompatibility<KernelState> resolveSchemaCompatibility(
                TypeSerializerSnapshot<KernelState> old) {
            return restoreSerializer().snapshotConfiguration().resolveSchemaCompatibility(old);
        }
    }
}
