package dev.algotrader.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.backtest.BacktestConfig;
import dev.algotrader.core.backtest.BacktestResult;
import dev.algotrader.core.backtest.Backtester;
import dev.algotrader.core.backtest.Predictions;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.config.KafkaSettings;
import dev.algotrader.kafka.broker.SharedKafka;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.Position;
import dev.algotrader.schema.topic.DeadLetter;
import dev.algotrader.schema.topic.Topic;
import dev.algotrader.schema.topic.TopicCodec;
import dev.algotrader.stream.broker.BrokerFactory;
import dev.algotrader.stream.kafka.KafkaTrader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trader on a real broker: the BTC sample's holdout on {@code bars.1m} (in order, as a bar feed
 * sends them, plus a malformed record, an unknown symbol and a duplicate) through the Flink job
 * with KafkaSource and EXACTLY_ONCE KafkaSinks gives, read {@code read_committed}, exactly the
 * backtester's orders, fills and positions; the bad records are dead letters with their reasons. On
 * the JVM's {@link SharedKafka} broker, in a namespace of its own.
 */
class KafkaTraderIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestFlink.twoSlots();

    @TempDir Path tmp;

    @Test
    void barsFromKafkaTradeLikeTheBacktestAndLeaveCommittedOutputs() throws Exception {
        List<Bar> bars = TraderParityIT.holdout();
        SharedKafka.Namespace ns = SharedKafka.namespace("trader");
        AppConfig cfg =
                AppConfig.withOverrides(
                        "algotrader.events-file = \""
                                + tmp.resolve("events.jsonl")
                                + "\"\nalgotrader.trader.control-file = \""
                                + tmp.resolve("control.json")
                                + "\""
                                + "\nalgotrader.backtest.strategy = \"sma-cross\"\n"
                                + ns.config());
        KafkaSettings kafka = KafkaSettings.from(cfg);
        BacktestResult expected =
                Backtester.run(BacktestConfig.from(cfg.raw()), "paper", bars, Predictions.none());
        assertThat(expected.orders()).hasSizeGreaterThan(4);

        TraderSettings s = TraderRunner.settings(cfg, false);
        JobClient job =
                KafkaTraderJobs.start(
                        new Configuration(),
                        500,
                        kafka,
                        s,
                        BrokerFactory.paper(10_000),
                        "kafka trader");
        // the trader starts before the first bar: bars() created the missing topic, so its
        // source does not fail over
        publish(kafka.barsTopic("1m"), bars);
        SharedKafka.awaitConsumed(
                KafkaTrader.groupId(kafka, s.runId()),
                kafka.barsTopic("1m"),
                Duration.ofMinutes(4),
                () -> !isTerminal(job));
        // every bar was released on arrival (no out-of-orderness allowed) and the checkpoint
        // that committed the last offsets committed their outputs; stop as `trader stop` does
        job.stopWithSavepoint(
                        false,
                        tmp.resolve("savepoints").toUri().toString(),
                        SavepointFormatType.CANONICAL)
                .get(3, TimeUnit.MINUTES);

        Map<String, Order> latest = new LinkedHashMap<>();
        for (Order o : read(kafka, Topic.ORDERS, TopicCodec::decodeOrder)) {
            latest.put(o.clientOrderId(), o); // an amended order is emitted again
        }
        assertThat(sorted(latest.values(), byOrder()))
                .isEqualTo(sorted(expected.orders(), byOrder()));
        assertThat(sorted(read(kafka, Topic.FILLS, TopicCodec::decodeFill), byFill()))
                .isEqualTo(sorted(expected.fills(), byFill()));
        List<Position> positions = read(kafka, Topic.POSITIONS, TopicCodec::decodePosition);
        assertThat(difference(positions, expected.positions()))
                .as("positions read minus expected")
                .isEmpty();
        assertThat(difference(expected.positions(), positions))
                .as("expected positions minus read")
                .isEmpty();
        assertThat(read(kafka, Topic.EQUITY, TopicCodec::decodeEquity))
                .hasSize(expected.positions().size());

        List<DeadLetter> dead = read(kafka, Topic.DEAD_LETTER, TopicCodec::decodeDeadLetter);
        assertThat(dead)
                .extracting(DeadLetter::reason)
                .anyMatch(r -> r.startsWith("malformed: malformed JSON"))
                .anyMatch(r -> r.startsWith("unknown symbol DOGE/USD"))
                .anyMatch(
                        r ->
                                r.equals("rejected by the trader: duplicate")
                                        || r.equals("rejected by the trader: late"));
        assertThat(dead).hasSize(3);
    }

    static boolean isTerminal(JobClient job) {
        try {
            return job.getJobStatus().get().isTerminalState();
        } catch (Exception e) {
            return true;
        }
    }

    /** Idempotent producer, key = symbol; three bad records in the middle. */
    private static void publish(String topic, List<Bar> bars) {
        Properties p = SharedKafka.clientProperties();
        p.put("enable.idempotence", "true");
        p.put("acks", "all");
        List<Bar> input = new ArrayList<>(bars);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < input.size(); i++) {
                Bar b = input.get(i);
                producer.send(
                        new ProducerRecord<>(
                                topic, TopicCodec.key(b.symbol()), TopicCodec.encode(b)));
                if (i == input.size() / 2) {
                    Bar dup = bars.get(100);
                    producer.send(
                            new ProducerRecord<>(
                                    topic, TopicCodec.key(dup.symbol()), TopicCodec.encode(dup)));
                    producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    TopicCodec.key("BTC/USD"),
                                    "{\"v\":1,\"symbol\":".getBytes(StandardCharsets.UTF_8)));
                    Bar doge = new Bar("DOGE/USD", "1m", b.ts(), 0.1, 0.1, 0.1, 0.1, 5);
                    producer.send(
                            new ProducerRecord<>(
                                    topic, TopicCodec.key(doge.symbol()), TopicCodec.encode(doge)));
                }
            }
            producer.flush();
        }
    }

    /** Every committed record of {@code topic} in this test's namespace, decoded. */
    static <T> List<T> read(KafkaSettings kafka, Topic topic, Function<byte[], T> decode) {
        return SharedKafka.readCommitted(kafka.topic(topic), decode);
    }

    /** The multiset difference a - b. */
    private static <T> List<T> difference(List<T> a, List<T> b) {
        Map<T, Integer> left = new HashMap<>();
        for (T x : b) left.merge(x, 1, Integer::sum);
        List<T> out = new ArrayList<>();
        for (T x : a) {
            if (left.getOrDefault(x, 0) > 0) left.merge(x, -1, Integer::sum);
            else out.add(x);
        }
        return out;
    }

    private static <T> List<T> sorted(java.util.Collection<T> c, Comparator<T> by) {
        List<T> l = new ArrayList<>(c);
        l.sort(by);
        return l;
    }

    private static Comparator<Order> byOrder() {
        return Comparator.comparingLong(Order::decisionTs).thenComparing(Order::clientOrderId);
    }

    private static Comparator<Fill> byFill() {
        return Comparator.comparingLong(Fill::ts).thenComparing(Fill::clientOrderId);
    }

    private static Comparator<Position> byPosition() {
        return Comparator.comparingLong(Position::ts).thenComparing(Position::symbol);
    }
}
