package dev.algotrader.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.trading.WorkingOrder;
import dev.algotrader.core.venue.broker.Broker;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Event;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.OrderType;
import dev.algotrader.stream.broker.BrokerFactory;
import dev.algotrader.stream.model.ChampionSource;
import dev.algotrader.stream.trade.SymbolState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Amended stop-loss / take-profit orders are replaced at Alpaca ({@code PATCH
 * /v2/orders/{order_id}}), against a local server on 127.0.0.1 speaking Alpaca's trading API whose
 * market orders fill in three parts: every change of the position size replaces the working pair
 * once, with the new quantity, under the next {@code <id>-r<n>} client order id; nothing is
 * submitted twice; the orders output shows each amendment's terms; and at the end what is open at
 * the broker is exactly what the trader still works, with the kernel's quantities.
 */
class AlpacaAmendIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestFlink.twoSlots();

    @TempDir Path tmp;

    @Test
    void partialFillsReplaceTheProtectivePairOncePerAmendmentWithTheNewQuantity() throws Exception {
        try (FakeAlpaca fake = new FakeAlpaca()) {
            fake.marketFillParts = 3;
            AppConfig cfg = smaCrossWithProtectivePair();
            TraderSettings s = TraderRunner.settings(cfg, true);
            BrokerFactory alpaca = broker(fake, "PKAMEND");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            TraderJob.Outputs o =
                    TraderJob.build(
                            env,
                            env.fromData(SampleData.btcMinuteBars().subList(0, 1500)),
                            s,
                            ChampionSource.none(),
                            alpaca);
            o.orders().sinkTo(new CollectSink<>("amend.orders"));
            o.fills().sinkTo(new CollectSink<>("amend.fills"));
            o.finalStates().sinkTo(new CollectSink<>("amend.final"));
            env.execute("alpaca-amend");

            List<Order> orders = CollectSink.get("amend.orders");
            List<Fill> fills = CollectSink.get("amend.fills");
            // market orders really filled in parts
            Map<String, Long> partsPerOrder =
                    fills.stream()
                            .collect(
                                    Collectors.groupingBy(
                                            Fill::clientOrderId, Collectors.counting()));
            assertThat(partsPerOrder.values()).anyMatch(n -> n >= 2);

            // rows per client order id, in emission order: the first is the submitted order,
            // every later one an amendment with its new terms
            Map<String, List<Order>> rows = new LinkedHashMap<>();
            for (Order x : orders) {
                rows.computeIfAbsent(x.clientOrderId(), k -> new ArrayList<>()).add(x);
            }
            Map<String, List<Order>> amendedRows = new TreeMap<>();
            rows.forEach(
                    (id, l) -> {
                        if (l.size() > 1) amendedRows.put(id, l.subList(1, l.size()));
                    });
            assertThat(amendedRows).as("the pair was amended").isNotEmpty();
            assertThat(amendedRows.keySet())
                    .allMatch(id -> id.contains("-sl-") || id.contains("-tp-"));

            // no intent was POSTed twice, and no replacement was POSTed at all
            assertThat(fake.acceptedPosts.keySet()).isEqualTo(rows.keySet());
            assertThat(fake.acceptedPosts.values()).allMatch(n -> n.get() == 1);

            // each amendment = one PATCH of the chain's current order, with the new quantity
            // (the protective orders did not fill at the fake: what is left = the full amount)
            Map<String, List<FakeAlpaca.Replace>> patches = new TreeMap<>();
            for (FakeAlpaca.Replace r : fake.replaces) {
                String base = r.to().substring(0, r.to().lastIndexOf("-r"));
                patches.computeIfAbsent(base, k -> new ArrayList<>()).add(r);
            }
            assertThat(patches.keySet()).isEqualTo(amendedRows.keySet());
            // the entry filled in three parts: the pair follows it more than once
            assertThat(patches.values()).anyMatch(l -> l.size() >= 2);
            amendedRows.forEach(
                    (id, amended) -> {
                        List<FakeAlpaca.Replace> p = patches.get(id);
                        assertThat(p).hasSameSizeAs(amended);
                        for (int n = 0; n < p.size(); n++) {
                            assertThat(p.get(n).from()).isEqualTo(Broker.replacementId(id, n));
                            assertThat(p.get(n).to()).isEqualTo(Broker.replacementId(id, n + 1));
                            Order a = amended.get(n);
                            assertThat(p.get(n).qty())
                                    .isCloseTo(
                                            a.quantity(),
                                            org.assertj.core.data.Offset.offset(1e-9));
                            if (a.type() == OrderType.STOP) {
                                assertThat(Double.parseDouble(p.get(n).stopPrice()))
                                        .isCloseTo(
                                                a.stopPrice(),
                                                org.assertj.core.data.Offset.offset(1e-6));
                            } else {
                                assertThat(Double.parseDouble(p.get(n).limitPrice()))
                                        .isCloseTo(
                                                a.limitPrice(),
                                                org.assertj.core.data.Offset.offset(1e-6));
                            }
                        }
                    });
            assertThat(fake.replaces.stream().map(FakeAlpaca.Replace::to).distinct())
                    .hasSize(fake.replaces.size());

            List<Event> ev = FakeAlpaca.events(tmp);
            assertThat(ev.stream().filter(e -> e.event().equals("order.amended_at_broker")))
                    .hasSize(fake.replaces.size());
            assertThat(ev.stream().filter(e -> e.event().equals("order.amend_refused"))).isEmpty();

            // cancels went to the chain's current order; open at the broker == still working,
            // with the kernel's quantities
            assertBrokerHoldsWhatTheKernelWorks(fake, CollectSink.get("amend.final"));
            assertThat(fake.cancels).doesNotHaveDuplicates();
        }
    }

    /**
     * A {@code paper-once} run that resumes from the state file of a run which left a protective
     * pair open at Alpaca takes that pair over: the entry's remaining parts still amend it (PATCH
     * of the current {@code -r<n>}), the exit cancels it at the broker, and at the end what is open
     * at Alpaca is again exactly what the kernel works.
     */
    @Test
    void aResumedRunTakesOverTheOrdersThePreviousRunLeftOpenAtTheBroker() throws Exception {
        try (FakeAlpaca fake = new FakeAlpaca()) {
            fake.marketFillParts = 3;
            AppConfig cfg = smaCrossWithProtectivePair();
            BrokerFactory alpaca = broker(fake, "PKRESUME");
            List<dev.algotrader.schema.Bar> bars = SampleData.btcMinuteBars();
            TraderSettings first = TraderRunner.settings(cfg, true);
            List<SymbolState> half = runOnce(first, alpaca, bars.subList(0, SPLIT), "resume.1");
            Set<String> leftOpen = new TreeSet<>();
            half.forEach(st -> leftOpen.addAll(st.openClientOrderIds()));
            assertThat(leftOpen).as("the first run leaves a protective pair open").isNotEmpty();
            assertThat(half)
                    .allSatisfy(
                            st ->
                                    assertThat(st.brokerTracks().keySet())
                                            .hasSameSizeAs(st.openClientOrderIds()));
            int patchesBefore = fake.replaces.size();
            int cancelsBefore = fake.cancels.size();

            Map<String, SymbolState> states = new TreeMap<>();
            half.forEach(st -> states.put(st.symbol(), st));
            TraderSettings second = TraderRunner.settings(cfg, true).withResume(states);
            List<SymbolState> end =
                    runOnce(second, alpaca, bars.subList(SPLIT, SPLIT + 1250), "resume.2");

            // the second run booked the rest of the entry the first left open, and replaced or
            // cancelled at the broker the pair the first left open
            Set<String> filledLater = new TreeSet<>();
            CollectSink.<Fill>get("resume.2.fills")
                    .forEach(f -> filledLater.add(f.clientOrderId()));
            Set<String> touched =
                    new TreeSet<>(fake.cancels.subList(cancelsBefore, fake.cancels.size()));
            fake.replaces
                    .subList(patchesBefore, fake.replaces.size())
                    .forEach(r -> touched.add(r.from()));
            for (String id : leftOpen) {
                if (id.contains("-en-")) {
                    assertThat(filledLater).as("fills of " + id).contains(id);
                } else {
                    assertThat(touched).as("replaced or cancelled at the broker").contains(id);
                }
            }
            assertThat(leftOpen)
                    .as("an entry and its pair were open at the split")
                    .anyMatch(id -> id.contains("-en-"))
                    .anyMatch(id -> id.contains("-sl-"));
            List<Event> ev = FakeAlpaca.events(tmp);
            assertThat(ev.stream().filter(e -> e.event().equals("order.amend_refused"))).isEmpty();
            assertThat(fake.acceptedPosts.values()).allMatch(n -> n.get() == 1);
            assertBrokerHoldsWhatTheKernelWorks(fake, end);
            assertThat(fake.cancels).doesNotHaveDuplicates();
        }
    }

    /**
     * Alpaca refuses a replace with 422 while the order is still open there (in {@code
     * pending_new}, say): the broker keeps the old terms while the kernel works the new ones. The
     * trader tries the replace again on the next bar with the kernel's current terms, and in the
     * end the broker holds what the kernel works.
     */
    @Test
    void aReplaceRefusedWhileTheOrderIsStillOpenIsRetriedOnTheNextBar() throws Exception {
        try (FakeAlpaca fake = new FakeAlpaca()) {
            fake.marketFillParts = 3;
            fake.scriptPatch(
                    FakeAlpaca.Fault.UNPROCESSABLE_422, FakeAlpaca.Fault.UNPROCESSABLE_422);
            List<Event> ev = runWithRefusals(fake, 5, "retry");
            List<Event> refused =
                    ev.stream().filter(e -> e.event().equals("order.amend_refused")).toList();
            assertThat(refused).hasSize(2);
            assertThat(refused)
                    .allSatisfy(
                            e ->
                                    assertThat(e.details().get("retry").toString())
                                            .startsWith("next bar"));
            // each refusal is followed on the next bar by a retry of the same order, and the
            // last retry of each order was taken by the broker
            List<Event> retries =
                    ev.stream()
                            .filter(x -> Boolean.TRUE.equals(x.details().get("retry_of_refused")))
                            .toList();
            Map<Object, Event> lastRetry = new LinkedHashMap<>();
            for (Event refusal : refused) {
                Object id = refusal.details().get("client_order_id");
                long next = ((Number) refusal.details().get("bar_ts")).longValue() + 60_000;
                assertThat(retries)
                        .as("retry of %s on the next bar", id)
                        .anySatisfy(
                                x -> {
                                    assertThat(x.details().get("client_order_id")).isEqualTo(id);
                                    assertThat(((Number) x.details().get("bar_ts")).longValue())
                                            .isEqualTo(next);
                                });
            }
            retries.forEach(x -> lastRetry.put(x.details().get("client_order_id"), x));
            assertThat(lastRetry.values())
                    .isNotEmpty()
                    .allMatch(x -> x.event().equals("order.amended_at_broker"));
            assertBrokerHoldsWhatTheKernelWorks(fake, CollectSink.get("retry.final"));
        }
    }

    /** A replace refused on every try is given up after {@code amend-retry-bars}, with an event. */
    @Test
    void aReplaceRefusedOnEveryTryIsGivenUpAfterTheConfiguredBars() throws Exception {
        try (FakeAlpaca fake = new FakeAlpaca()) {
            fake.marketFillParts = 3;
            fake.refuseEveryPatch = true;
            List<Event> ev = runWithRefusals(fake, 1, "giveup");
            List<Event> refused =
                    ev.stream().filter(e -> e.event().equals("order.amend_refused")).toList();
            assertThat(refused)
                    .anyMatch(e -> "given up after 1 retries".equals(e.details().get("retry")));
            assertThat(fake.replaces).isEmpty();
            // every kernel amendment is sent at most twice (once, then one retry)
            long amendments =
                    ev.stream()
                            .filter(e -> e.event().equals("order.amended"))
                            .mapToLong(
                                    e ->
                                            e.details()
                                                    .get("client_order_ids")
                                                    .toString()
                                                    .split(",")
                                                    .length)
                            .sum();
            long patches = fake.requestLines.stream().filter(l -> l.startsWith("PATCH")).count();
            assertThat(patches).isPositive().isLessThanOrEqualTo(2 * amendments);
        }
    }

    private List<Event> runWithRefusals(FakeAlpaca fake, int retryBars, String tag)
            throws Exception {
        AppConfig cfg =
                smaCrossWithProtectivePair(
                        "algotrader.trader.broker.amend-retry-bars = " + retryBars);
        runOnce(
                TraderRunner.settings(cfg, true),
                broker(fake, "PKRETRY"),
                SampleData.btcMinuteBars().subList(0, 1500),
                tag + ".final");
        return FakeAlpaca.events(tmp);
    }

    /**
     * The sma-cross strategy with a stop-loss / take-profit pair far enough away (50%) that it
     * never triggers on the sample: the pair is only ever amended and cancelled.
     */
    private AppConfig smaCrossWithProtectivePair(String... more) {
        List<String> lines =
                new ArrayList<>(
                        List.of(
                                "algotrader.backtest.strategy = \"sma-cross\"",
                                "algotrader.backtest.orders.stop-loss = 0.5",
                                "algotrader.backtest.orders.take-profit = 0.5"));
        lines.addAll(List.of(more));
        return FakeAlpaca.traderConfig(tmp, lines.toArray(String[]::new));
    }

    /** Alpaca client for the fake: 3 retries, short backoff, 5 s timeout. */
    private static BrokerFactory broker(FakeAlpaca fake, String keyId) {
        return fake.brokerFactory(
                keyId, "s", 3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5));
    }

    /**
     * Where the resume test splits the sample: after bar 2,750 an entry has filled one of its three
     * parts and its (not yet amended) stop-loss / take-profit pair is open. (Found by running the
     * first half at splits 1,000–4,000; 1,000 and 2,500 leave only an amended pair open, 1,500
     * nothing.)
     */
    private static final int SPLIT = 2750;

    private static List<SymbolState> runOnce(
            TraderSettings s,
            BrokerFactory broker,
            List<dev.algotrader.schema.Bar> bars,
            String tag)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        TraderJob.Outputs o =
                TraderJob.build(env, env.fromData(bars), s, ChampionSource.none(), broker);
        o.finalStates().sinkTo(new CollectSink<>(tag));
        o.fills().sinkTo(new CollectSink<>(tag + ".fills"));
        env.execute(tag);
        return CollectSink.get(tag);
    }

    /** Open at the fake broker == what the kernel still works, with the kernel's quantities. */
    private static void assertBrokerHoldsWhatTheKernelWorks(
            FakeAlpaca fake, List<SymbolState> end) {
        Set<String> stillWorking = new TreeSet<>();
        end.forEach(st -> stillWorking.addAll(st.openClientOrderIds()));
        Map<String, Double> openAtFake = new TreeMap<>();
        fake.orders.forEach(
                (id, n) -> {
                    String st = n.get("status").asText();
                    if (st.equals("new") || st.equals("partially_filled")) {
                        openAtFake.put(id, Double.parseDouble(n.get("qty").asText()));
                    }
                });
        assertThat(openAtFake.keySet()).isEqualTo(stillWorking);
        for (SymbolState st : end) {
            for (WorkingOrder w : st.kernel().workingOrders()) {
                String atBroker =
                        st.openClientOrderIds().stream()
                                .filter(
                                        i ->
                                                i.equals(w.order().clientOrderId())
                                                        || i.startsWith(
                                                                w.order().clientOrderId() + "-r"))
                                .findFirst()
                                .orElseThrow();
                assertThat(openAtFake.get(atBroker))
                        .isCloseTo(w.remaining(), org.assertj.core.data.Offset.offset(1e-9));
            }
        }
    }
}
