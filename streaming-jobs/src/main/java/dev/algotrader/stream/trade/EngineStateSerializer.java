package dev.algotrader.stream.trade;

import dev.algotrader.core.features.FeatureEngine;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Keyed state serializer of the feature engine in the engine's own versioned snapshot format
 * ({@link FeatureEngine#snapshot()}: header, format version, then the state), not Java
 * serialization: a change of the engine's fields is a new format version that {@link
 * FeatureEngine#restore} reads or refuses with a clear message, instead of a class-shape mismatch
 * deep inside a savepoint restore. State written by the earlier Java serializer ({@link
 * StateSerializers.Engine}) is migrated on restore (read the old way, written this way).
 */
public final class EngineStateSerializer extends TypeSerializer<FeatureEngine> {

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<FeatureEngine> duplicate() {
        return this; // stateless
    }

    @Override
    public FeatureEngine createInstance() {
        return null;
    }

    @Override
    public FeatureEngine copy(FeatureEngine from) {
        return from == null ? null : FeatureEngine.restore(from.snapshot());
    }

    @Override
    public FeatureEngine copy(FeatureEngine from, FeatureEngine reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(FeatureEngine record, DataOutputView target) throws IOException {
        byte[] b = record.snapshot();
        target.writeInt(b.length);
        target.write(b);
    }

    @Override
    public FeatureEngine deserialize(DataInputView source) throws IOException {
        byte[] b = new byte[source.readInt()];
        source.readFully(b);
        return FeatureEngine.restore(b);
    }

    @Override
    public FeatureEngine deserialize(FeatureEngine reuse, DataInputView source) throws IOException {
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
        return obj instanceof EngineStateSerializer;
    }

    @Override
    public int hashCode() {
        return EngineStateSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<FeatureEngine> snapshotConfiguration() {
        return new Snapshot();
    }

    /**
     * The serializer's snapshot. Version 1: the engine's snapshot bytes, length-prefixed (the
     * engine's own header carries the format version of the state itself).
     */
    public static final class Snapshot implements TypeSerializerSnapshot<FeatureEngine> {

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
            return new EngineStateSerializer();
        }

        @Override
        public TypeSerializerSchemaCompatibility<FeatureEngine> resolveSchemaCompatibility(
                TypeSerializerSnapshot<FeatureEngine> old) {
            if (old instanceof Snapshot) return TypeSerializerSchemaCompatibility.compatibleAsIs();
            if (old instanceof StateSerializers.EngineSnapshot) {
                // a savepoint of the Java-serialized engine: read it the old way, write it anew
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
