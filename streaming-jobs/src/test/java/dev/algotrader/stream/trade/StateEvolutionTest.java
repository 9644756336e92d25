package dev.algotrader.stream.trade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The trader's state survives an upgrade: a savepoint taken by the current build (state class
 * {@link PositionV1}, format version 1 of {@link VersionedSerializer}) is restored through Flink's
 * {@code TypeSerializerSnapshot} path by a build whose state class gained a field ({@link
 * PositionV2}: {@code avgPrice}, default NaN for state written before it existed), which then
 * writes format version 2; the older build refuses that newer savepoint with a clear message.
 */
class StateEvolutionTest {

    private static final String FORMAT = "test-position";

    /** The state class of the current build. */
    record PositionV1(String symbol, double quantity) {}

    /** The same state class in a later build: it gained a field. */
    record PositionV2(String symbol, double quantity, double avgPrice) {}

    /** The current build's codec: format 1. */
    static final class CodecV1 implements StateCodec<PositionV1> {
        @Override
        public String name() {
            return FORMAT;
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public void write(PositionV1 p, DataOutputStream out) throws IOException {
            out.writeUTF(p.symbol());
            out.writeDouble(p.quantity());
        }

        @Override
        public PositionV1 read(int version, DataInputStream in) throws IOException {
            if (version != 1) throw StateCodec.unknownVersion(name(), version);
            return new PositionV1(in.readUTF(), in.readDouble());
        }
    }

    /** The later build's codec: writes format 2, reads 1 with the new field's default. */
    static final class CodecV2 implements StateCodec<PositionV2> {
        @Override
        public String name() {
            return FORMAT;
        }

        @Override
        public int version() {
            return 2;
        }

        @Override
        public void write(PositionV2 p, DataOutputStream out) throws IOException {
            out.writeUTF(p.symbol());
            out.writeDouble(p.quantity());
            out.writeDouble(p.avgPrice());
        }

        @Override
        public PositionV2 read(int version, DataInputStream in) throws IOException {
            return switch (version) {
                case 1 -> new PositionV2(in.readUTF(), in.readDouble(), Double.NaN);
                case 2 -> new PositionV2(in.readUTF(), in.readDouble(), in.readDouble());
                default -> throw StateCodec.unknownVersion(name(), version);
            };
        }
    }

    /** Adds each input's quantity to the key's position and emits it. */
    static final class BuildV1 extends KeyedProcessFunction<String, Double, String> {
        private transient ValueState<PositionV1> state;

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
            state =
                    getRuntimeContext()
                            .getState(
                                    new ValueStateDescriptor<>(
                                            "position", new VersionedSerializer<>(new CodecV1())));
        }

        @Override
        public void processElement(Double qty, Context ctx, Collector<String> out)
                throws Exception {
            PositionV1 p = state.value();
            double q = (p == null ? 0.0 : p.quantity()) + qty;
            state.update(new PositionV1(ctx.getCurrentKey(), q));
            out.collect(ctx.getCurrentKey() + " " + q);
        }
    }

    /** The later build's function: same state name, the state class with the new field. */
    static final class BuildV2 extends KeyedProcessFunction<String, Double, String> {
        private transient ValueState<PositionV2> state;

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
            state =
                    getRuntimeContext()
                            .getState(
                                    new ValueStateDescriptor<>(
                                            "position", new VersionedSerializer<>(new CodecV2())));
        }

        @Override
        public void processElement(Double qty, Context ctx, Collector<String> out)
                throws Exception {
            PositionV2 p = state.value();
            double q = (p == null ? 0.0 : p.quantity()) + qty;
            double avg = p == null ? Double.NaN : p.avgPrice();
            state.update(new PositionV2(ctx.getCurrentKey(), q, Double.isNaN(avg) ? 100.0 : avg));
            out.collect(ctx.getCurrentKey() + " " + q + " avg " + (p == null ? "-" : p.avgPrice()));
        }
    }

    private StateCodec<?> replaced;

    @AfterEach
    void restoreRegistry() {
        StateCodecs.register(replaced != null ? replaced : new CodecV1());
    }

    @Test
    void aSavepointOfTheCurrentBuildIsRestoredByABuildWhoseStateClassGainedAField()
            throws Exception {
        replaced = StateCodecs.register(new CodecV1()); // the current build
        var a = harness(new BuildV1(), null);
        a.processElement(1.5, 1L);
        a.processElement(2.0, 2L);
        OperatorSubtaskState savepoint = a.snapshot(1L, 1L);
        a.close();

        StateCodecs.register(new CodecV2()); // the later build
        var b = harness(new BuildV2(), savepoint);
        b.processElement(0.5, 3L);
        assertThat(values(b))
                .as("the restored position, its new field at the default")
                .containsExactly("BTC/USD 4.0 avg NaN");

        // the later build's own savepoint: format 2, the new field kept
        OperatorSubtaskState again = b.snapshot(2L, 2L);
        b.close();
        var c = harness(new BuildV2(), again);
        c.processElement(1.0, 4L);
        assertThat(values(c)).containsExactly("BTC/USD 5.0 avg 100.0");
        c.close();

        // and the older build cannot read it: a clear message, not a class-shape stack trace
        StateCodecs.register(new CodecV1());
        assertThatThrownBy(() -> harness(new BuildV1(), again))
                .rootCause()
                .hasMessageContaining("test-position state of format version 2")
                .hasMessageContaining("newer than this build reads (1)");
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Double, String> harness(
            KeyedProcessFunction<String, Double, String> fn, OperatorSubtaskState restore)
            throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(fn), q -> "BTC/USD", Types.STRING);
        h.setup();
        if (restore != null) h.initializeState(restore);
        h.open();
        return h;
    }

    private static List<String> values(
            KeyedOneInputStreamOperatorTestHarness<String, Double, String> h) {
        return new ArrayList<>(h.extractOutputValues());
    }
}
