package dev.algotrader.stream.trade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.venue.broker.BrokerOrderTracker;
import dev.algotrader.core.venue.broker.ScriptedBroker;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.Order;
import dev.algotrader.stream.FakeAlpaca;
import dev.algotrader.stream.TraderRunner;
import dev.algotrader.stream.bars.SequencedBar;
import dev.algotrader.stream.model.ChampionSource;
import dev.algotrader.stream.model.Directive;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Savepoints of the build before the versioned formats kept the broker order tracker and the score
 * rows with Java serialization ({@link StateSerializers.Tracker}, {@link StateSerializers.Rows}):
 * the operator restores them (read the old way once) and its next savepoint holds them in the
 * versioned format.
 */
class JavaStateMigrationTest {

    static final String ID = "sma-cross-btcusd-javatracker-sl-00000000";

    @TempDir Path tmp;

    /** The tracker and rows as the operator kept them before: Java-serialized. */
    static final class JavaWriter
            extends KeyedBroadcastProcessFunction<String, SequencedBar, Directive, Order> {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public void processElement(SequencedBar sb, ReadOnlyContext ctx, Collector<Order> out)
                throws Exception {
            ValueState<BrokerOrderTracker> t =
                    getRuntimeContext()
                            .getState(
                                    new ValueStateDescriptor<>(
                                            "broker-orders", new StateSerializers.Tracker()));
            t.update(
                    BrokerOrderTracker.of(
                            Map.of(ID, new BrokerOrderTracker.Track(0.25, 2, 0.1, 0))));
            ValueState<ArrayList> rows =
                    getRuntimeContext()
                            .getState(
                                    new ValueStateDescriptor<>(
                                            "rows", new StateSerializers.Rows()));
            ArrayList<FeatureRow> r = new ArrayList<>();
            r.add(new FeatureRow("BTC/USD", "1m", 1L, "core_v1", true, new double[] {1.0, 2.0}));
            rows.update(r);
        }

        @Override
        public void processBroadcastElement(Directive d, Context ctx, Collector<Order> out) {}
    }

    @Test
    void javaSerializedTrackerAndRowsInASavepointAreMigratedToTheVersionedFormats()
            throws Exception {
        var old = harness(new JavaWriter(), null);
        Bar first = SampleData.btcMinuteBars().get(0);
        old.processElement(new SequencedBar(first, false), first.ts());
        OperatorSubtaskState savepoint = old.snapshot(1L, 1L);
        old.close();

        ScriptedBroker broker = new ScriptedBroker();
        String key = broker.key();
        TradingFunction fn =
                new TradingFunction(
                        TraderRunner.settings(
                                FakeAlpaca.traderConfig(
                                        tmp, "algotrader.backtest.strategy = \"sma-cross\""),
                                true),
                        ChampionSource.none(),
                        () -> ScriptedBroker.byKey(key));
        var restored = harness(fn, savepoint);
        Bar second = SampleData.btcMinuteBars().get(1);
        restored.processElement(new SequencedBar(second, false), second.ts());
        // the migrated tracker: the chain's current id (-r2) is looked up at the broker
        assertThat(broker.calls).containsExactly("find " + ID + "-r2");
        OperatorSubtaskState again = restored.snapshot(2L, 2L);
        restored.close();

        // the new savepoint restores with the versioned serializers alone
        var twice = harness(fn, again);
        twice.processBroadcastWatermark(Long.MAX_VALUE);
        twice.processWatermark(Long.MAX_VALUE);
        List<SymbolState> end = new ArrayList<>();
        var out = twice.getSideOutput(TradingFunction.FINAL_STATE);
        if (out != null) for (StreamRecord<SymbolState> r : out) end.add(r.getValue());
        assertThat(end)
                .singleElement()
                .satisfies(s -> assertThat(s.brokerTracks()).containsOnlyKeys(ID));
        twice.close();
    }

    private static KeyedBroadcastOperatorTestHarness<String, SequencedBar, Directive, Order>
            harness(
                    KeyedBroadcastProcessFunction<String, SequencedBar, Directive, Order> fn,
                    OperatorSubtaskState restore)
                    throws Exception {
        return TradingHarnesses.open(fn, restore);
    }
}
