package dev.algotrader.stream.trade;

import dev.algotrader.core.features.FeatureEngine;
import dev.algotrader.core.trading.KernelState;
import dev.algotrader.core.venue.broker.BrokerOrderTracker;
import java.util.ArrayList;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** The concrete keyed-state serializers of the trading operator. */
public final class StateSerializers {

    private StateSerializers() {}

    /** How to reset the trader's state (the cluster trader and {@code paper-once}). */
    public static final String RESET =
            "restart the trader fresh with 'algo-trader trader start --cluster --fresh' (or, for"
                    + " paper-once/paper-run, delete the trader state folder"
                    + " algotrader.trader.state-dir)";

    /** The error of a savepoint holding Java-serialized kernel state this build cannot read. */
    public static final String EARLIER_BUILD =
            "the savepoint holds kernel state of an earlier build (Java serialization) that this"
                    + " build cannot read: "
                    + RESET;

    /**
     * How the versioned format {@code name} takes state an earlier build wrote with the serializer
     * of snapshot {@code old}: the engine and kernel serializers of the builds before {@link
     * VersionedSerializer} (up to 7486385) wrote the same bytes, so as is; the Java serializers
     * before those are read the old way once and written versioned; anything else is incompatible.
     */
    static <T> TypeSerializerSchemaCompatibility<T> earlierSnapshotOf(
            TypeSerializerSnapshot<T> old, String name) {
        boolean sameBytes =
                (old instanceof EngineStateSerializer.Snapshot
                                && name.equals(StateCodecs.ENGINE.name()))
                        || (old instanceof KernelStateSerializer.Snapshot
                                && name.equals(StateCodecs.KERNEL));
        if (sameBytes) return TypeSerializerSchemaCompatibility.compatibleAsIs();
        boolean javaSerialized =
                (old instanceof EngineSnapshot && name.equals(StateCodecs.ENGINE.name()))
                        || (old instanceof KernelSnapshot && name.equals(StateCodecs.KERNEL))
                        || (old instanceof TrackerSnapshot
                                && name.equals(StateCodecs.TRACKER.name()))
                        || (old instanceof RowsSnapshot && name.equals(StateCodecs.ROWS.name()));
        return javaSerialized
                ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                : TypeSerializerSchemaCompatibility.incompatible();
    }

    /** Feature engine state. */
    public static final class Engine extends JavaStateSerializer<FeatureEngine> {
        public Engine() {
            super(FeatureEngine.class);
        }

        @Override
        public TypeSerializerSnapshot<FeatureEngine> snapshotConfiguration() {
            return new EngineSnapshot();
        }
    }

    /** Snapshot of {@link Engine}. */
    public static final class EngineSnapshot extends SimpleTypeSerializerSnapshot<FeatureEngine> {
        public EngineSnapshot() {
            super(Engine::new);
        }
    }

    /**
     * Kernel state (portfolio, strategy, working orders, risk counters) as an earlier build wrote
     * it, with Java serialization. Kept only to read such savepoints: the kernel's versioned
     * serializer migrates what it can read and a class-shape mismatch is {@link #EARLIER_BUILD}.
     */
    public static final class Kernel extends JavaStateSerializer<KernelState> {
        public Kernel() {
            super(KernelState.class);
        }

        @Override
        public KernelState deserialize(org.apache.flink.core.memory.DataInputView source)
                throws java.io.IOException {
            try {
                return super.deserialize(source);
            } catch (java.io.UncheckedIOException | IllegalStateException | ClassCastException e) {
                throw new IllegalStateException(EARLIER_BUILD + " (" + e.getMessage() + ")", e);
            }
        }

        @Override
        public TypeSerializerSnapshot<KernelState> snapshotConfiguration() {
            return new KernelSnapshot();
        }
    }

    /** Snapshot of {@link Kernel}. */
    public static final class KernelSnapshot extends SimpleTypeSerializerSnapshot<KernelState> {
        public KernelSnapshot() {
            super(Kernel::new);
        }
    }

    /**
     * The orders open at an external broker as an earlier build kept them (Java serialization);
     * kept only to read such savepoints, {@link StateCodecs#TRACKER} is the format now.
     */
    public static final class Tracker extends JavaStateSerializer<BrokerOrderTracker> {
        public Tracker() {
            super(BrokerOrderTracker.class);
        }

        @Override
        public TypeSerializerSnapshot<BrokerOrderTracker> snapshotConfiguration() {
            return new TrackerSnapshot();
        }
    }

    /** Snapshot of {@link Tracker}. */
    public static final class TrackerSnapshot
            extends SimpleTypeSerializerSnapshot<BrokerOrderTracker> {
        public TrackerSnapshot() {
            super(Tracker::new);
        }
    }

    /**
     * The recent feature rows a sequence model scores, as an earlier build kept them (Java
     * serialization); kept only to read such savepoints, {@link StateCodecs#ROWS} is the format
     * now.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final class Rows extends JavaStateSerializer<ArrayList> {
        public Rows() {
            super(ArrayList.class);
        }

        @Override
        public TypeSerializerSnapshot<ArrayList> snapshotConfiguration() {
            return new RowsSnapshot();
        }
    }

    /** Snapshot of {@link Rows}. */
    @SuppressWarnings("rawtypes")
    public static final class RowsSnapshot extends SimpleTypeSerializerSnapshot<ArrayList> {
        public RowsSnapshot() {
            super(Rows::new);
        }
    }
}
