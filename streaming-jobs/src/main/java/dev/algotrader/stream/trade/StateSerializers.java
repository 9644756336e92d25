package dev.algotrader.stream.trade;

import dev.algotrader.core.features.FeatureEngine;
import dev.algotrader.core.trading.KernelState;
import dev.algotrader.core.venue.broker.BrokerOrderTracker;
import java.util.ArrayList;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** The concrete keyed-state serializers of the trading operator. */
public final class StateSerializers {

    private StateSerializers() {}

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

    /** Kernel state (portfolio, strategy, working orders, risk counters). */
    public static final class Kernel extends JavaStateSerializer<KernelState> {
        public Kernel() {
            super(KernelState.class);
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

    /** The orders open at an external broker (one tracker per symbol). */
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

    /** The recent feature rows a sequence model scores. */
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
