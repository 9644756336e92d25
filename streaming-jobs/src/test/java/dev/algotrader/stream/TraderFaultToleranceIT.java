package dev.algotrader.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Event;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.Position;
import dev.algotrader.stream.FakeAlpaca.Fault;
import dev.algotrader.stream.broker.BrokerFactory;
import dev.algotrader.stream.model.ChampionSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once intent against a local server speaking Alpaca's API: with checkpointing on and an
 * operator that throws once mid-replay, the job recovers, every client order id reaches the broker
 * exactly once, and the final position equals the run without a failure. Broker faults inside a
 * running job are retried or rejected with events, and the API keys appear in no log line, event or
 * output file.
 */
class TraderFaultToleranceIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestFlink.twoSlots();

    static final String KEY = "PKFAULTTESTKEY7777";
    static final String SECRET = "faultTestSecretValue0123456789ABCDEFGH";
    static final AtomicBoolean FAILED = new AtomicBoolean();

    @TempDir Path tmp;

    /**
     * Throws once when it sees the bar at {@code failAt}; slows the replay so checkpoints happen.
     */
    static final class FailOnce implements MapFunction<Bar, Bar> {
        private final long failAt;

        FailOnce(long failAt) {
            this.failAt = failAt;
        }

        @Override
        public Bar map(Bar b) throws Exception {
            Thread.sleep(1);
            if (b.ts() == failAt && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure at bar " + failAt);
            }
            return b;
        }
    }

    static List<Bar> bars() {
        return SampleData.btcMinuteBars().subList(0, 2500);
    }

    record Run(FakeAlpaca broker, List<Order> orders, Position last, Path events, Path out) {}

    Run run(String name, Long failAt, Fault... faults) throws Exception {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        FakeAlpaca fake = new FakeAlpaca();
        fake.script(faults);
        AppConfig cfg =
                FakeAlpaca.traderConfig(dir, "algotrader.backtest.strategy = \"sma-cross\"");
        TraderSettings s = TraderRunner.settings(cfg, true);
        BrokerFactory alpaca =
                fake.brokerFactory(
                        KEY,
                        SECRET,
                        4,
                        Duration.ofMillis(20),
                        Duration.ofMillis(100),
                        Duration.ofMillis(500));

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(50));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(100);
        DataStream<Bar> in = env.fromData(bars());
        if (failAt != null) in = in.map(new FailOnce(failAt)).setParallelism(1);
        Path out = dir.resolve("out");
        TraderJob.Sinks files = TraderRunner.fileSinks(out, "t", dir.resolve("state"));
        TraderJob.Outputs o = TraderJob.build(env, in, s, ChampionSource.none(), alpaca);
        o.sinkTo(files);
        o.orders().sinkTo(new CollectSink<>(name + ".orders"));
        o.positions().sinkTo(new CollectSink<>(name + ".positions"));
        env.execute(name);
        List<Position> positions = CollectSink.get(name + ".positions");
        Position last =
                positions.stream().max(Comparator.comparingLong(Position::ts)).orElseThrow();
        return new Run(
                fake, CollectSink.get(name + ".orders"), last, dir.resolve("events.jsonl"), out);
    }

    @Test
    void failureMidReplaySendsEveryClientOrderIdExactlyOnce() throws Exception {
        Run clean = run("clean", null);
        FAILED.set(false);
        Run failed = run("failed", bars().get(1800).ts());
        assertThat(FAILED).as("the injected failure happened").isTrue();

        Set<String> cleanIds = new TreeSet<>(clean.broker().acceptedPosts.keySet());
        Set<String> failedIds = new TreeSet<>(failed.broker().acceptedPosts.keySet());
        assertThat(cleanIds).hasSizeGreaterThan(4);
        assertThat(failedIds).isEqualTo(cleanIds);
        for (String id : failedIds) {
            assertThat(failed.broker().posts(id)).as("POSTs of " + id).isEqualTo(1);
        }
        long posts =
                failed.broker().requestLines.stream().filter(l -> l.startsWith("POST")).count();
        assertThat(posts).as("no duplicate POST was even attempted").isEqualTo(failedIds.size());
        // the replay after the restore re-emitted orders: they were looked up, not re-sent
        assertThat(failed.orders().size()).isGreaterThanOrEqualTo(clean.orders().size());
        assertThat(failed.last()).isEqualTo(clean.last());
        // Whether the restore re-emits orders depends on where the last checkpoint fell relative to
        // the failure; every re-emitted order must have been found at the broker, not re-sent.
        List<Event> events = readEvents(failed.events());
        long reEmitted = failed.orders().size() - clean.orders().size();
        assertThat(events.stream().filter(e -> e.event().equals("order.already_submitted")).count())
                .as("orders replayed after the restore were found at the broker, not re-sent")
                .isGreaterThanOrEqualTo(reEmitted);
        // per id: an order row appears only after its broker call completed, so every id that
        // came out twice was found at the broker the second time
        Set<String> lookedUp =
                events.stream()
                        .filter(e -> e.event().equals("order.already_submitted"))
                        .map(e -> e.details().get("client_order_id").toString())
                        .collect(Collectors.toSet());
        Map<String, Long> emitted =
                failed.orders().stream()
                        .collect(
                                Collectors.groupingBy(Order::clientOrderId, Collectors.counting()));
        emitted.forEach(
                (id, n) -> {
                    if (n > 1) assertThat(lookedUp).as("re-emitted " + id).contains(id);
                });
    }

    @Test
    void brokerFaultsAreRetriedOrRejectedWithEventsAndNoKeyLeaks() throws Exception {
        Run r =
                run(
                        "faults",
                        null,
                        Fault.RATE_LIMIT_429,
                        Fault.SERVER_500,
                        Fault.ACCEPT_THEN_TIMEOUT,
                        Fault.INSUFFICIENT_BUYING_POWER_403,
                        Fault.UNPROCESSABLE_422);
        for (String id : r.broker().acceptedPosts.keySet()) {
            assertThat(r.broker().posts(id)).isEqualTo(1);
        }
        List<Event> events = readEvents(r.events());
        List<Event> rejected =
                events.stream().filter(e -> e.event().equals("order.rejected")).toList();
        assertThat(rejected)
                .extracting(e -> e.details().get("http_status"))
                .containsExactly(403, 422);
        assertThat(rejected.get(0).details().get("reason").toString())
                .contains("insufficient balance");
        assertThat(events.stream().filter(e -> e.event().equals("order.submitted")).count())
                .isEqualTo(r.broker().acceptedPosts.size());
        // the keys were sent (as headers) ...
        assertThat(r.broker().keyHeaders).contains(KEY + "|" + SECRET);
        // ... and appear nowhere else
        assertNoSecret(r.events());
        try (Stream<Path> files = Files.walk(r.out())) {
            for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                assertNoSecret(f);
            }
        }
        Path log = Path.of("target", "test-logs", "trader.log");
        assertThat(log).exists();
        assertThat(Files.readString(log))
                .contains("Alpaca answered")
                .doesNotContain(KEY)
                .doesNotContain(SECRET);
    }

    private static List<Event> readEvents(Path file) {
        return new EventLog(
                        file,
                        java.time.Clock.systemUTC(),
                        new dev.algotrader.core.audit.Secrets(Map.of()))
                .readAll();
    }

    private static void assertNoSecret(Path f) throws Exception {
        String text = Files.readString(f);
        assertThat(text).as(f.toString()).doesNotContain(KEY).doesNotContain(SECRET);
    }
}
