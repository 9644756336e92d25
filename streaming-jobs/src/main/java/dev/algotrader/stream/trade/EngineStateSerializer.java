package dev.algotrader.stream.trade;

import dev.algotrader.core.features.FeatureEngine;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The name under which savepoints of the builds up to 7486385 recorded the feature engine's state
 * serializer ({@code EngineStateSerializer$Snapshot}). That serializer is now {@link
 * VersionedSerializer} over {@link StateCodecs#ENGINE}, which writes the same bytes (the engine's
 * own length-prefixed snapshot), so the old snapshot class restores to it and the state is read as
 * is; the next savepoint records the versioned serializer's snapshot.
 */
public final class EngineStateSerializer {

    private EngineStateSerializer() {}

    /** The snapshot of the earlier engine serializer. Version 1: no configuration. */
    public static final class Snapshot implements TypeSerializerSnapshot<FeatureEngine> {

        /** For Flink's reflective instantiation on restore. */
        public Snapshot() {}

        @Override
        public int getCurrentVersion() {
            return 1;
        }

        @Override
        public void writeSnapshot(DataOutputView out) {}

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader loader) {
            if (readVersion != 1) {
                throw new IllegalStateException(
                        "feature engine state serializer version "
                                + readVersion
                                + " is newer than this build reads (1)");
            }
        }

        @Override
        public TypeSerializer<FeatureEngine> restoreSerializer() {
            return new VersionedSerializer<>(StateCodecs.ENGINE);
        }

        @Override
        public TypeSerializerSchemaCompatibility<FeatureEngine> resolveSchemaCompatibility(
                TypeSerializerSnapshot<FeatureEngine> old) {
            return restoreSerializer().snapshotConfiguration().resolveSchemaCompatibility(old);
        }
    }
}
