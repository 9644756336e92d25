package dev.algotrader.stream.trade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.features.FeatureEngine;
import dev.algotrader.core.trading.WorkingOrder;
import dev.algotrader.core.venue.broker.Broker;
import dev.algotrader.core.venue.broker.ScriptedBroker;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.FeatureSetSpec;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.stream.TraderSettings;
import dev.algotrader.stream.bars.SequencedBar;
import dev.algotrader.stream.broker.BrokerFactory;
import dev.algotrader.stream.model.ChampionSource;
import dev.algotrader.stream.model.Directive;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trading operator's order lifecycle at an external broker, driven bar by bar through Flink's
 * keyed-broadcast operator harness against a {@link ScriptedBroker}: submit, partial fills booked
 * once, the protective pair amended and replaced under {@code <id>-r<n>}, a replace refused while
 * the order is still open and retried on the next bar, cancels of the chain's current order, and a
 * restore from a snapshot that continues exactly like the uninterrupted run.
 */
class TradingFunctionHarnessTest {

    private static final int BARS = 1500;

    @TempDir Path tmp;

    @Test
    void submitPartialFillAmendRefusedReplaceRetryAndCancel() throws Exception {
        ScriptedBroker broker = scripted();
        broker.refuseNextReplaces(1);
        Run run = new Run(tmp.resolve("a"), broker);
        run.feed(bars().subList(0, BARS));
        run.finish();

        List<Order> orders = run.orders();
        assertThat(orders).as("the strategy traded").isNotEmpty();
        String entry = orders.get(0).clientOrderId();
        assertThat(broker.calls).contains("submit " + entry);
        assertThat(broker.calls).noneMatch(c -> c.startsWith("submit-again"));

        // partial fills: each market order filled in two parts, each booked once
        Map<String, List<Fill>> fills =
                run.fills().stream().collect(Collectors.groupingBy(Fill::clientOrderId));
        assertThat(fills.get(entry)).hasSize(2);
        assertThat(fills.get(entry).get(0).quantity())
                .isCloseTo(orders.get(0).quantity() / 2, Offset.offset(1e-9));
        List<AuditEvent> ev = run.events();
        assertThat(names(ev)).contains("order.submitted", "order.partially_filled", "order.filled");

        // amend: the protective pair follows the position, replaced under -r1, -r2, ...
        List<String> replaces =
                broker.calls.stream().filter(c -> c.startsWith("replace ")).toList();
        assertThat(replaces).isNotEmpty();
        String first = replaces.get(0).split(" ")[1];
        assertThat(first).containsAnyOf("-sl-", "-tp-");
        assertThat(replaces.get(0)).contains("-> " + Broker.replacementId(first, 1) + " ");

        // the first replace was refused while open, and retried (and taken) on the next bar
        List<AuditEvent> refused = byName(ev, "order.amend_refused");
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).details().get("retry")).isEqualTo("next bar (1 of 5)");
        long refusedAt = ((Number) refused.get(0).details().get("bar_ts")).longValue();
        assertThat(byName(ev, "order.amended_at_broker"))
                .anySatisfy(
                        e -> {
                            assertThat(e.details().get("retry_of_refused")).isEqualTo(true);
                            assertThat(e.details().get("client_order_id"))
                                    .isEqualTo(refused.get(0).details().get("client_order_id"));
                            assertThat(((Number) e.details().get("bar_ts")).longValue())
                                    .isEqualTo(refusedAt + 60_000);
                        });

        // cancel: an exit cancels the rest of the pair at the broker, under its current id
        List<String> cancels = broker.calls.stream().filter(c -> c.startsWith("cancel ")).toList();
        assertThat(cancels).isNotEmpty().anyMatch(c -> c.contains("-r"));
        assertThat(byName(ev, "order.cancelled_at_broker")).hasSize(cancels.size());

        // at the end the broker holds exactly what the kernel works, with its quantities
        assertBrokerHoldsWhatTheKernelWorks(broker, run.finalStates());
    }

    @Test
    void aRestoreFromASnapshotContinuesLikeTheUninterruptedRun() throws Exception {
        ScriptedBroker straightBroker = scripted();
        straightBroker.refuseNextReplaces(1);
        Run straight = new Run(tmp.resolve("straight"), straightBroker);
        straight.feed(bars().subList(0, BARS));
        straight.finish();

        ScriptedBroker broker = scripted();
        broker.refuseNextReplaces(1);
        Run before = new Run(tmp.resolve("restored"), broker);
        before.feed(bars().subList(0, 700));
        OperatorSubtaskState snapshot = before.harness.snapshot(1L, 1L);
        before.harness.close();
        Run after = new Run(tmp.resolve("restored"), broker, snapshot);
        after.feed(bars().subList(700, BARS));
        after.finish();

        List<Order> orders = new ArrayList<>(before.orders());
        orders.addAll(after.orders());
        List<Fill> fills = new ArrayList<>(before.fills());
        fills.addAll(after.fills());
        assertThat(orders).isEqualTo(straight.orders());
        assertThat(fills).isEqualTo(straight.fills());
        assertThat(broker.calls).isEqualTo(straightBroker.calls);
        List<AuditEvent> events = new ArrayList<>(before.events());
        events.addAll(after.events());
        assertThat(details(events)).isEqualTo(details(straight.events()));
        assertThat(after.finalStates()).hasSize(1);
        assertThat(after.finalStates().get(0).brokerTracks())
                .isEqualTo(straight.finalStates().get(0).brokerTracks());
    }

    /**
     * With a trade-from time the bars before it only warm the features: nothing is emitted or sent
     * to the broker for them, and the kernel trades from that bar exactly like a fresh trader given
     * only the bars from there; the hand-off cursor is the last bar seen.
     */
    @Test
    void barsBeforeTheTradeFromTimeOnlyWarmAndTheKernelStartsThere() throws Exception {
        List<Bar> all = bars().subList(0, BARS);
        long from = all.get(700).ts();
        ScriptedBroker warmedBroker = scripted();
        Path dir = tmp.resolve("warmed");
        Run warmed =
                new Run(
                        dir,
                        warmedBroker,
                        null,
                        TradingHarnesses.smaCrossWithBrackets(dir).withTradeFrom(from));
        warmed.feed(all);
        warmed.finish();
        ScriptedBroker freshBroker = scripted();
        Run fresh = new Run(tmp.resolve("fresh"), freshBroker);
        fresh.feed(all.subList(700, BARS));
        fresh.finish();

        assertThat(warmed.orders()).as("the strategy traded").isNotEmpty();
        assertThat(warmed.orders()).allMatch(o -> o.decisionTs() > from);
        assertThat(warmed.orders()).isEqualTo(fresh.orders());
        assertThat(warmed.fills()).isEqualTo(fresh.fills());
        assertThat(warmedBroker.calls).isEqualTo(freshBroker.calls);
        SymbolState end = warmed.finalStates().get(0);
        assertThat(end.lastBarTs()).isEqualTo(all.get(BARS - 1).ts());
        assertThat(end.engine().barsSeen()).isEqualTo(BARS);
        assertThat(fresh.finalStates().get(0).engine().barsSeen()).isEqualTo(BARS - 700);
    }

    /**
     * A savepoint of the operator before the tracker existed keeps the broker tracking in four map
     * states; the first bar of the key after a restore moves them into the one tracker.
     */
    @Test
    void aSavepointWithTheFourLegacyMapStatesRestoresIntoTheTracker() throws Exception {
        KeyedBroadcastOperatorTestHarness<String, SequencedBar, Directive, Order> old =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(
                                new LegacyWriter(), List.of(TradingFunction.CHAMPION)),
                        sb -> sb.bar().symbol(),
                        Types.STRING,
                        1,
                        1,
                        0);
        old.setup();
        old.open();
        Bar first = bars().get(0);
        old.processElement(new SequencedBar(first, false), first.ts());
        OperatorSubtaskState savepoint = old.snapshot(1L, 1L);
        old.close();

        Run restored = new Run(tmp.resolve("legacy"), scripted(), savepoint);
        restored.feed(bars().subList(1, 2));
        restored.finish();
        // the tracker took the order over with its replacement count: it looks up the chain's
        // current id (-r2); the broker does not know it, so the order stays tracked
        assertThat(restored.broker.calls).containsExactly("find " + LegacyWriter.ID + "-r2");
        assertThat(restored.finalStates().get(0).brokerTracks())
                .containsOnlyKeys(LegacyWriter.ID)
                .containsValue(
                        new SymbolState.BrokerTrack(0.25, 2, 0.1, 0)); // retry dropped: not working
    }

    /**
     * The feature engine's state moved from Java serialization to the engine's versioned snapshot
     * format: a savepoint with the Java-serialized engine is migrated on restore and the engine
     * continues exactly like one that never stopped.
     */
    @Test
    void aJavaSerializedEngineInASavepointIsMigratedToTheVersionedFormat() throws Exception {
        KeyedBroadcastOperatorTestHarness<String, SequencedBar, Directive, Order> old =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(
                                new JavaEngineWriter(), List.of(TradingFunction.CHAMPION)),
                        sb -> sb.bar().symbol(),
                        Types.STRING,
                        1,
                        1,
                        0);
        old.setup();
        old.open();
        for (Bar b : bars().subList(0, 700)) {
            old.processElement(new SequencedBar(b, false), b.ts());
        }
        OperatorSubtaskState savepoint = old.snapshot(1L, 1L);
        old.close();

        Run restored = new Run(tmp.resolve("engine"), scripted(), savepoint);
        restored.feed(bars().subList(700, 1000));
        // a checkpoint in the new format, restored once more
        OperatorSubtaskState again = restored.harness.snapshot(2L, 2L);
        restored.harness.close();
        Run twice = new Run(tmp.resolve("engine"), scripted(), again);
        twice.feed(bars().subList(1000, BARS));
        twice.finish();

        FeatureEngine straight = FeatureEngine.create(FeatureSetSpec.DEFAULT, "BTC/USD", "1m");
        for (Bar b : bars().subList(0, BARS)) straight.update(b);
        assertThat(twice.finalStates()).hasSize(1);
        assertThat(twice.finalStates().get(0).engine().snapshot()).isEqualTo(straight.snapshot());
    }

    /** The engine state as the operator kept it before: Java-serialized. */
    static final class JavaEngineWriter
            extends KeyedBroadcastProcessFunction<String, SequencedBar, Directive, Order> {
        @Override
        public void processElement(SequencedBar sb, ReadOnlyContext ctx, Collector<Order> out)
                throws Exception {
            ValueState<FeatureEngine> st =
                    getRuntimeContext()
                            .getState(
                                    new ValueStateDescriptor<>(
                                            "engine", new StateSerializers.Engine()));
            FeatureEngine e = st.value();
            if (e == null) {
                e = FeatureEngine.create(FeatureSetSpec.DEFAULT, ctx.getCurrentKey(), "1m");
                ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            }
            e.update(sb.bar());
            st.update(e);
        }

        @Override
        public void processBroadcastElement(Directive d, Context ctx, Collector<Order> out) {}
    }

    /** The broker tracking as the operator kept it before {@code BrokerOrderTracker}. */
    static final class LegacyWriter
            extends KeyedBroadcastProcessFunction<String, SequencedBar, Directive, Order> {
        static final String ID = "sma-cross-btcusd-legacy-sl-00000000";

        @Override
        public void processElement(SequencedBar sb, ReadOnlyContext ctx, Collector<Order> out)
                throws Exception {
            var rc = getRuntimeContext();
            rc.getMapState(new MapStateDescriptor<>("open-at-broker", Types.STRING, Types.DOUBLE))
                    .put(ID, 0.25);
            rc.getMapState(new MapStateDescriptor<>("amendments", Types.STRING, Types.INT))
                    .put(ID, 2);
            rc.getMapState(
                            new MapStateDescriptor<>(
                                    "filled-on-replaced", Types.STRING, Types.DOUBLE))
                    .put(ID, 0.1);
            rc.getMapState(new MapStateDescriptor<>("amend-retries", Types.STRING, Types.INT))
                    .put(ID, 1);
        }

        @Override
        public void processBroadcastElement(Directive d, Context ctx, Collector<Order> out) {}
    }

    /** A factory handing the operator {@code broker} (by key: the factory is serializable). */
    private static BrokerFactory factory(ScriptedBroker broker) {
        String key = broker.key();
        return () -> ScriptedBroker.byKey(key);
    }

    private static ScriptedBroker scripted() {
        ScriptedBroker b = new ScriptedBroker();
        b.marketFillParts = 2;
        return b;
    }

    private static List<Bar> bars() {
        return SampleData.btcMinuteBars();
    }

    /** One operator instance in a harness, fed bar by bar. */
    private static final class Run {
        final Path dir;
        final ScriptedBroker broker;
        final KeyedBroadcastOperatorTestHarness<String, SequencedBar, Directive, Order> harness;

        Run(Path dir, ScriptedBroker broker) throws Exception {
            this(dir, broker, null);
        }

        Run(Path dir, ScriptedBroker broker, OperatorSubtaskState restoreFrom) throws Exception {
            this(dir, broker, restoreFrom, TradingHarnesses.smaCrossWithBrackets(dir));
        }

        Run(
                Path dir,
                ScriptedBroker broker,
                OperatorSubtaskState restoreFrom,
                TraderSettings settings)
                throws Exception {
            this.dir = dir;
            this.broker = broker;
            TradingFunction fn =
                    new TradingFunction(settings, ChampionSource.none(), factory(broker));
            harness = TradingHarnesses.open(fn, restoreFrom);
        }

        void feed(List<Bar> bars) throws Exception {
            for (Bar b : bars) {
                broker.fillPrice = b.open();
                harness.processElement(new SequencedBar(b, false), b.ts());
            }
        }

        void finish() throws Exception {
            harness.processBroadcastWatermark(Long.MAX_VALUE);
            harness.processWatermark(Long.MAX_VALUE);
        }

        List<Order> orders() {
            return harness.extractOutputValues();
        }

        List<Fill> fills() {
            return values(harness.getSideOutput(TradingFunction.FILLS));
        }

        List<SymbolState> finalStates() {
            return values(harness.getSideOutput(TradingFunction.FINAL_STATE));
        }

        /** The audit side output. */
        List<AuditEvent> events() {
            return values(harness.getSideOutput(TradingFunction.AUDIT));
        }
    }

    private static <T> List<T> values(java.util.Collection<StreamRecord<T>> records) {
        List<T> out = new ArrayList<>();
        if (records != null) records.forEach(r -> out.add(r.getValue()));
        return out;
    }

    private static List<String> names(List<AuditEvent> ev) {
        return ev.stream().map(AuditEvent::event).distinct().toList();
    }

    private static List<AuditEvent> byName(List<AuditEvent> ev, String name) {
        return ev.stream().filter(e -> e.event().equals(name)).toList();
    }

    private static List<String> details(List<AuditEvent> ev) {
        return ev.stream().map(e -> e.event() + " " + new TreeMap<>(e.details())).toList();
    }

    private static void assertBrokerHoldsWhatTheKernelWorks(
            ScriptedBroker broker, List<SymbolState> end) {
        assertThat(end).hasSize(1);
        SymbolState st = end.get(0);
        assertThat(broker.open().keySet())
                .containsExactlyInAnyOrderElementsOf(st.openClientOrderIds());
        for (WorkingOrder w : st.kernel().workingOrders()) {
            String id = w.order().clientOrderId();
            String atBroker =
                    st.openClientOrderIds().stream()
                            .filter(i -> i.equals(id) || i.startsWith(id + "-r"))
                            .findFirst()
                            .orElseThrow();
            var o = broker.orders.get(atBroker);
            assertThat(o.quantity() - o.filledQuantity())
                    .isCloseTo(w.remaining(), Offset.offset(1e-9));
        }
    }
}
