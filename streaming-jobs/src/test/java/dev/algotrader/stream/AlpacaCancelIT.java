package dev.algotrader.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.config.AppConfig;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Event;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.OrderType;
import dev.algotrader.stream.broker.BrokerFactory;
import dev.algotrader.stream.model.ChampionSource;
import dev.algotrader.stream.trade.SymbolState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Orders the kernel cancels are cancelled at Alpaca too ({@code DELETE /v2/orders/{order_id}}),
 * against a local server on 127.0.0.1 speaking Alpaca's trading API: limit entries that Alpaca does
 * not fill expire after {@code ttl-bars} in the kernel, and each one is deleted at the broker
 * exactly once, so what is open at the broker at the end is exactly what the trader still works.
 */
class AlpacaCancelIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestFlink.twoSlots();

    @TempDir Path tmp;

    @Test
    void expiredEntriesAreDeletedAtTheBrokerOnceAndNothingStaysOpenThere() throws Exception {
        try (FakeAlpaca fake = new FakeAlpaca()) {
            AppConfig cfg =
                    FakeAlpaca.traderConfig(
                            tmp,
                            "algotrader.backtest.strategy = \"sma-cross\"",
                            "algotrader.backtest.orders.entry-type = \"limit\"",
                            "algotrader.backtest.orders.ttl-bars = 3");
            TraderSettings s = TraderRunner.settings(cfg, true);
            BrokerFactory alpaca =
                    fake.brokerFactory(
                            "PKCANCEL",
                            "s",
                            3,
                            Duration.ofMillis(10),
                            Duration.ofMillis(50),
                            Duration.ofSeconds(5));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            TraderJob.Outputs o =
                    TraderJob.build(
                            env,
                            env.fromData(SampleData.btcMinuteBars().subList(0, 1500)),
                            s,
                            ChampionSource.none(),
                            alpaca);
            o.orders().sinkTo(new CollectSink<>("cancel.orders"));
            o.finalStates().sinkTo(new CollectSink<>("cancel.final"));
            env.execute("alpaca-cancel");

            List<Order> orders = CollectSink.get("cancel.orders");
            assertThat(orders).isNotEmpty().allMatch(x -> x.type() == OrderType.LIMIT);
            assertThat(fake.acceptedPosts.keySet()).hasSize(orders.size());
            // every cancelled entry was deleted once
            assertThat(fake.cancels).hasSizeGreaterThanOrEqualTo(orders.size() - 1);
            assertThat(new HashSet<>(fake.cancels)).hasSize(fake.cancels.size());
            List<Event> ev = FakeAlpaca.events(tmp);
            Set<String> cancelledByKernel = new TreeSet<>();
            ev.stream()
                    .filter(e -> e.event().equals("order.cancelled"))
                    .forEach(
                            e ->
                                    cancelledByKernel.addAll(
                                            List.of(
                                                    e.details()
                                                            .get("client_order_ids")
                                                            .toString()
                                                            .split(","))));
            assertThat(new TreeSet<>(fake.cancels)).isEqualTo(cancelledByKernel);
            assertThat(ev.stream().filter(e -> e.event().equals("order.cancelled_at_broker")))
                    .hasSize(fake.cancels.size());
            // open at the broker == still working in the trader (its end-of-input state)
            Set<String> openAtFake =
                    fake.orders.entrySet().stream()
                            .filter(e -> e.getValue().get("status").asText().equals("new"))
                            .map(Map.Entry::getKey)
                            .collect(Collectors.toCollection(TreeSet::new));
            List<SymbolState> end = CollectSink.get("cancel.final");
            Set<String> stillWorking = new TreeSet<>();
            end.forEach(st -> stillWorking.addAll(st.openClientOrderIds()));
            assertThat(openAtFake).isEqualTo(stillWorking);
            assertThat(openAtFake).hasSizeLessThanOrEqualTo(1);
        }
    }
}
