package dev.algotrader.stream.trade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.features.FeatureEngine;
import dev.algotrader.core.trading.KernelConfig;
import dev.algotrader.core.trading.SimulationClock;
import dev.algotrader.core.trading.SymbolTrader;
import dev.algotrader.core.trading.TradeOutcome;
import dev.algotrader.core.venue.SimulatedVenue;
import dev.algotrader.core.venue.broker.ScriptedBroker;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.stream.TraderSettings;
import dev.algotrader.stream.bars.SequencedBar;
import dev.algotrader.stream.broker.BrokerFactory;
import dev.algotrader.stream.control.ControlFile;
import dev.algotrader.stream.control.ControlState;
import dev.algotrader.stream.model.ChampionSource;
import dev.algotrader.stream.model.Directive;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rest of the operator's order lifecycle through Flink's operator harness: the kill switch of
 * the control file cancels the working entry at the broker on the very next bar and blocks new
 * orders until it is lifted; and paper trading in the operator is the backtester's {@link
 * SymbolTrader} on the {@link SimulatedVenue} (same orders, same fills), also across a restore.
 */
class TradingFunctionLifecycleTest {

    private static final String SYMBOL = "BTC/USD";

    @TempDir Path tmp;

    @Test
    void theKillSwitchCancelsTheWorkingEntryAtTheBrokerOnTheNextBarAndBlocksNewOrders()
            throws Exception {
        ScriptedBroker broker = new ScriptedBroker(); // market orders rest until filled
        String key = broker.key();
        Path dir = tmp.resolve("kill");
        KeyedBroadcastOperatorTestHarness<String, SequencedBar, Directive, Order> h =
                harness(
                        TradingHarnesses.smaCrossWithBrackets(dir),
                        () -> ScriptedBroker.byKey(key),
                        null);
        List<Bar> bars = SampleData.btcMinuteBars();
        int i = 0;
        while (h.extractOutputValues().isEmpty()) feed(h, bars.get(i++));
        Order entry = h.extractOutputValues().get(0);
        assertThat(broker.open()).containsOnlyKeys(entry.clientOrderId());

        ControlFile control = new ControlFile(dir.resolve("control.json"));
        control.write(new ControlState(ControlState.Mode.RUNNING, true, "test", ""));
        Bar next = bars.get(i++);
        feed(h, next);
        assertThat(broker.calls).endsWith("cancel " + entry.clientOrderId());
        assertThat(broker.open()).isEmpty();
        List<AuditEvent> ev = events(h);
        assertThat(ev)
                .filteredOn(e -> e.event().equals("order.cancelled_at_broker"))
                .singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("bar_ts", next.ts()));
        assertThat(ev)
                .filteredOn(e -> e.event().equals("trader.control.applied"))
                .singleElement()
                .satisfies(
                        e ->
                                assertThat(e.details())
                                        .containsEntry("bar_ts", next.ts())
                                        .containsEntry("new_orders", "blocked"));

        int ordersBefore = h.extractOutputValues().size();
        for (int n = 0; n < 300; n++) feed(h, bars.get(i++));
        assertThat(h.extractOutputValues()).as("blocked: no new order").hasSize(ordersBefore);

        control.write(ControlState.RUNNING);
        for (int n = 0; n < 300; n++) feed(h, bars.get(i++));
        assertThat(h.extractOutputValues()).as("lifted: trading again").hasSizeGreaterThan(1);
        assertThat(events(h))
                .filteredOn(e -> e.event().equals("trader.control.applied"))
                .extracting(e -> e.details().get("new_orders"))
                .containsExactly("blocked", "allowed");
        h.close();
    }

    @Test
    void paperTradingInTheOperatorIsTheBacktestersSymbolTraderAlsoAcrossARestore()
            throws Exception {
        TraderSettings s = TradingHarnesses.smaCrossWithBrackets(tmp.resolve("paper"));
        List<Bar> bars = SampleData.btcMinuteBars().subList(0, 1500);

        KernelConfig kc = s.kernelFor(SYMBOL, "");
        SimulationClock clock = new SimulationClock();
        SymbolTrader direct =
                SymbolTrader.create(
                        kc,
                        SimulatedVenue.of(kc),
                        clock,
                        FeatureEngine.create(s.featureSet(), SYMBOL, s.interval()));
        List<Order> orders = new ArrayList<>();
        List<Fill> fills = new ArrayList<>();
        for (Bar b : bars) {
            clock.set(b.closeTime());
            TradeOutcome r = direct.onBar(b, false, null);
            fills.addAll(r.fills());
            orders.addAll(r.orders());
            orders.addAll(r.amended());
        }
        assertThat(orders).as("the strategy traded").isNotEmpty();

        BrokerFactory paper = BrokerFactory.paper(s.cashPerSymbol());
        var a = harness(s, paper, null);
        for (Bar b : bars.subList(0, 700)) feed(a, b);
        OperatorSubtaskState snapshot = a.snapshot(1L, 1L);
        List<Order> got = new ArrayList<>(a.extractOutputValues());
        List<Fill> gotFills = new ArrayList<>(values(a.getSideOutput(TradingFunction.FILLS)));
        a.close();
        var b = harness(s, paper, snapshot);
        for (Bar bar : bars.subList(700, bars.size())) feed(b, bar);
        got.addAll(b.extractOutputValues());
        gotFills.addAll(values(b.getSideOutput(TradingFunction.FILLS)));

        assertThat(got).isEqualTo(orders);
        assertThat(gotFills).isEqualTo(fills);
        assertThat(events(b))
                .filteredOn(e -> e.event().startsWith("order."))
                .allSatisfy(e -> assertThat(e.details().get("broker")).isIn(null, "paper"));
        b.close();
    }

    private static KeyedBroadcastOperatorTestHarness<String, SequencedBar, Directive, Order>
            harness(TraderSettings s, BrokerFactory broker, OperatorSubtaskState restore)
                    throws Exception {
        TradingFunction fn = new TradingFunction(s, ChampionSource.none(), broker);
        return TradingHarnesses.open(fn, restore);
    }

    private static void feed(
            KeyedBroadcastOperatorTestHarness<String, SequencedBar, Directive, Order> h, Bar b)
            throws Exception {
        h.processElement(new SequencedBar(b, false), b.ts());
    }

    private static List<AuditEvent> events(
            KeyedBroadcastOperatorTestHarness<String, SequencedBar, Directive, Order> h) {
        return values(h.getSideOutput(TradingFunction.AUDIT));
    }

    private static <T> List<T> values(java.util.Collection<StreamRecord<T>> records) {
        List<T> out = new ArrayList<>();
        if (records != null) records.forEach(r -> out.add(r.getValue()));
        return out;
    }
}
