package dev.algotrader.stream.trade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.core.backtest.Strategies;
import dev.algotrader.core.trading.BarRangeFillModel;
import dev.algotrader.core.trading.FeeModel;
import dev.algotrader.core.trading.KernelConfig;
import dev.algotrader.core.trading.KernelState;
import dev.algotrader.core.trading.OrderPolicy;
import dev.algotrader.core.trading.RiskLimits;
import dev.algotrader.core.trading.SimulationClock;
import dev.algotrader.core.trading.Sizing;
import dev.algotrader.core.trading.TradingKernel;
import dev.algotrader.core.trading.TradingMode;
import dev.algotrader.fixtures.SyntheticBars;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.OrderType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's keyed state in its versioned KRN1 format: a state written by the serializer is read
 * back by the serializer its snapshot restores (what a savepoint restore does), Java-serialized
 * state of an earlier build migrates when readable and is a clear "restart fresh" error when its
 * class shape changed, and a paper-once state file of an earlier build is a one-line error.
 */
class KernelStateSerializerTest {

    /** The factory the trader's settings hold: a {@link Strategies.Spec}, plain data. */
    private static final KernelConfig.StrategyFactory SMA =
            Strategies.factory("sma-cross", Map.of("fast", 5.0, "slow", 20.0));

    @TempDir Path tmp;

    private static KernelState tradedState() {
        KernelConfig cfg =
                new KernelConfig(
                        "t",
                        "BTC/USD",
                        60_000,
                        10_000,
                        TradingMode.LONG_SHORT,
                        Sizing.fixed(0.9),
                        new OrderPolicy(OrderType.LIMIT, 5, 5, 0.004, 0.006, 30_000),
                        new BarRangeFillModel(2, 50, 0.5),
                        new FeeModel.Bps(10, 20),
                        new RiskLimits(1e12, 1e12, 1e12, 3, 600_000, 0.5, false, 120_000, true),
                        SMA,
                        "");
        SimulationClock clock = new SimulationClock();
        TradingKernel k = new TradingKernel(cfg, clock);
        for (Bar b : SyntheticBars.generate("BTC/USD", "1m", 400, 7)) {
            clock.set(b.closeTime());
            k.onBar(b, OptionalDouble.empty(), false);
        }
        assertThat(k.state().ordersEmitted()).as("the kernel traded").isPositive();
        return k.state();
    }

    private static <T> byte[] write(TypeSerializer<T> s, T value) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        s.serialize(value, out);
        return out.getCopyOfBuffer();
    }

    /** The serializer's snapshot as a savepoint stores it, read back by a fresh build. */
    private static <T> TypeSerializerSnapshot<T> roundTrip(TypeSerializerSnapshot<T> snap)
            throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snap);
        return TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()),
                KernelStateSerializerTest.class.getClassLoader());
    }

    @Test
    void stateWrittenByTheSerializerIsRestoredByTheSerializerItsSnapshotRestores()
            throws Exception {
        KernelState state = tradedState();
        VersionedSerializer<KernelState> current =
                new VersionedSerializer<>(StateCodecs.kernel(SMA));
        byte[] stored = write(current, state);
        TypeSerializerSnapshot<KernelState> saved = roundTrip(current.snapshotConfiguration());

        KernelState restored =
                saved.restoreSerializer().deserialize(new DataInputDeserializer(stored));
        assertThat(restored.snapshot()).isEqualTo(state.snapshot());
        assertThat(
                        current.snapshotConfiguration()
                                .resolveSchemaCompatibility(saved)
                                .isCompatibleAsIs())
                .isTrue();
        // the stored form is the kernel's own versioned format, not a Java object stream
        assertThat(new String(stored, 4, 4, StandardCharsets.US_ASCII)).isEqualTo("KRN1");
        // ... which names no class, so a change of the state classes' shape cannot break reading
        // it (a new field is a new format version that still reads this one)
        assertThat(new String(stored, StandardCharsets.ISO_8859_1))
                .doesNotContain("dev.algotrader")
                .doesNotContain("java.");
        assertThat(current.copy(state).snapshot()).isEqualTo(state.snapshot());
    }

    @Test
    void javaSerializedStateThisBuildCanReadIsMigrated() throws Exception {
        KernelState state = tradedState();
        StateSerializers.Kernel old = new StateSerializers.Kernel();
        byte[] stored = write(old, state);
        TypeSerializerSnapshot<KernelState> saved = roundTrip(old.snapshotConfiguration());

        assertThat(
                        new VersionedSerializer<>(StateCodecs.kernel(SMA))
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(saved)
                                .isCompatibleAfterMigration())
                .isTrue();
        KernelState read = saved.restoreSerializer().deserialize(new DataInputDeserializer(stored));
        assertThat(read.snapshot()).isEqualTo(state.snapshot());
    }

    /** Holds one kernel state per key under the operator's state name, with {@code serializer}. */
    static final class Holder extends KeyedProcessFunction<String, String, byte[]> {
        private final TypeSerializer<KernelState> serializer;
        private final KernelState toWrite;

        Holder(TypeSerializer<KernelState> serializer, KernelState toWrite) {
            this.serializer = serializer;
            this.toWrite = toWrite;
        }

        @Override
        public void processElement(String key, Context ctx, Collector<byte[]> out)
                throws Exception {
            ValueState<KernelState> st =
                    getRuntimeContext().getState(new ValueStateDescriptor<>("kernel", serializer));
            if (toWrite != null) st.update(toWrite);
            out.collect(st.value().snapshot());
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, String, byte[]> harness(
            Holder fn, OperatorSubtaskState from) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(fn), k -> k, Types.STRING);
        h.setup();
        if (from != null) h.initializeState(from);
        h.open();
        return h;
    }

    @Test
    void aSavepointWithJavaSerializedKernelStateIsRestoredAndRewrittenInKrn1() throws Exception {
        KernelState state = tradedState();
        var old = harness(new Holder(new StateSerializers.Kernel(), state), null);
        old.processElement("BTC/USD", 1L);
        OperatorSubtaskState savepoint = old.snapshot(1L, 1L);
        old.close();

        var now =
                harness(
                        new Holder(new VersionedSerializer<>(StateCodecs.kernel(SMA)), null),
                        savepoint);
        now.processElement("BTC/USD", 2L);
        assertThat(now.extractOutputValues()).singleElement().isEqualTo(state.snapshot());
        OperatorSubtaskState again = now.snapshot(2L, 2L);
        now.close();

        var next =
                harness(
                        new Holder(new VersionedSerializer<>(StateCodecs.kernel(SMA)), null),
                        again);
        next.processElement("BTC/USD", 3L);
        assertThat(next.extractOutputValues()).singleElement().isEqualTo(state.snapshot());
        next.close();
    }

    @Test
    void javaSerializedStateOfAnEarlierClassShapeIsAClearRestartFreshError() throws Exception {
        byte[] stored = write(new StateSerializers.Kernel(), tradedState());
        earlierBuild(stored);

        assertThatThrownBy(
                        () ->
                                new StateSerializers.Kernel()
                                        .deserialize(new DataInputDeserializer(stored)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kernel state of an earlier build (Java serialization)")
                .hasMessageContaining("algo-trader trader start --cluster --fresh");
    }

    @Test
    void aPaperOnceStateFileOfAnEarlierBuildIsAOneLineErrorNamingTheStateFolder() throws Exception {
        Path dir = tmp.resolve("trader-state");
        Files.createDirectories(dir);
        byte[] file = JavaStateSerializer.toBytes(tradedState());
        earlierBuild(file);
        Files.write(dir.resolve("BTC_USD.state"), file);

        assertThatThrownBy(() -> SymbolState.readAll(dir))
                .isInstanceOf(dev.algotrader.stream.TraderRunner.TraderError.class)
                .hasMessageContaining("BTC_USD.state")
                .hasMessageContaining("written by an earlier build")
                .hasMessageContaining("delete the state folder " + dir)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    /**
     * Makes Java-serialized bytes look written by an earlier build of {@code KernelState}: its
     * class descriptor's serialVersionUID (today 2) becomes 1, as before the fields changed.
     */
    private static void earlierBuild(byte[] b) {
        byte[] name = KernelState.class.getName().getBytes(StandardCharsets.UTF_8);
        for (int i = 2; i + name.length + 8 <= b.length; i++) {
            if (((b[i - 2] & 0xff) << 8 | (b[i - 1] & 0xff)) != name.length) continue;
            boolean match = true;
            for (int j = 0; j < name.length && match; j++) match = b[i + j] == name[j];
            if (match) {
                int uid = i + name.length;
                assertThat(b[uid + 7]).isEqualTo((byte) 2);
                b[uid + 7] = 1;
                return;
            }
        }
        throw new AssertionError("no KernelState class descriptor in the bytes");
    }
}
