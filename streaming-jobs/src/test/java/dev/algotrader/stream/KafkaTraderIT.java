package dev.algotrader.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.backtest.BacktestConfig;
import dev.algotrader.core.backtest.BacktestResult;
import dev.algotrader.core.backtest.Backtester;
import dev.algotrader.core.backtest.Predictions;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.config.KafkaSettings;
import dev.algotrader.kafka.broker.EmbeddedKafka;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.Position;
import dev.algotrader.schema.topic.DeadLetter;
import dev.algotrader.schema.topic.Topic;
import dev.algotrader.schema.topic.TopicCodec;
import dev.algotrader.stream.broker.BrokerFactory;
import dev.algotrader.stream.kafka.KafkaTrader;
import dev.algotrader.stream.model.ChampionSource;
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
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trader on a real broker: the BTC sample's holdout on {@code bars.1m} (in order, as a bar feed
 * sends them, plus a malformed record, an unknown symbol and a duplicate) through the Flink job
 * with KafkaSource and EXACTLY_ONCE KafkaSinks gives, read {@code read_committed}, exactly the
 * backtester's orders, fills and positions; the bad records are dead letters with their reasons.
 */
class KafkaTraderIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestFlink.twoSlots();

    @TempDir Path tmp;

    @Test
    void barsFromKafkaTradeLikeTheBacktestAndLeaveCommittedOutputs() throws Exception {
        List<Bar> bars = TraderParityIT.holdout();
        try (EmbeddedKafka broker = EmbeddedKafka.start(tmp.resolve("kafka"), 2)) {
            AppConfig cfg =
                    AppConfig.withOverrides(
                            "algotrader.events-file = \""
                                    + tmp.resolve("events.jsonl")
                                    + "\"\nalgotrader.trader.control-file = \""
                                    + tmp.resolve("control.json")
                                    + "\""
                                    + "\nalgotrader.backtest.strategy = \"sma-cross\""
                                    + "\nalgotrader.kafka.bootstrap-servers = \""
                                    + broker.bootstrapServers()
                                    + "\"");
            KafkaSettings kafka = KafkaSettings.from(cfg);
            BacktestResult expected =
                    Backtester.run(
                            BacktestConfig.from(cfg.raw()), "paper", bars, Predictions.none());
            assertThat(expected.orders()).hasSizeGreaterThan(4);

            publish(broker.bootstrapServers(), bars);

            TraderSettings s = TraderRunner.settings(cfg, false);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            env.enableCheckpointing(500);
            KafkaTrader.Bars in = KafkaTrader.bars(env, kafka, s);
            TraderJob.Outputs out =
                    TraderJob.build(
                            env,
                            in.bars(),
                            s,
                            ChampionSource.none(),
                            BrokerFactory.paper(10_000),
                            true);
            KafkaTrader.sinkTo(out, in, kafka, s.runId(), s.interval(), null);
            JobClient job = env.executeAsync("kafka trader");
            awaitConsumed(broker.bootstrapServers(), KafkaTrader.groupId(kafka, s.runId()), job);
            // every bar was released on arrival (no out-of-orderness allowed) and the checkpoint
            // that committed the last offsets committed their outputs; stop as `trader stop` does
            job.stopWithSavepoint(
                            false,
                            tmp.resolve("savepoints").toUri().toString(),
                            SavepointFormatType.CANONICAL)
                    .get(3, TimeUnit.MINUTES);

            String servers = broker.bootstrapServers();
            Map<String, Order> latest = new LinkedHashMap<>();
            for (Order o : readCommitted(servers, Topic.ORDERS, TopicCodec::decodeOrder)) {
                latest.put(o.clientOrderId(), o); // an amended order is emitted again
            }
            assertThat(sorted(latest.values(), byOrder()))
                    .isEqualTo(sorted(expected.orders(), byOrder()));
            assertThat(
                            sorted(
                                    readCommitted(servers, Topic.FILLS, TopicCodec::decodeFill),
                                    byFill()))
                    .isEqualTo(sorted(expected.fills(), byFill()));
            List<Position> positions =
                    readCommitted(servers, Topic.POSITIONS, TopicCodec::decodePosition);
            assertThat(difference(positions, expected.positions()))
                    .as("positions read minus expected")
                    .isEmpty();
            assertThat(difference(expected.positions(), positions))
                    .as("expected positions minus read")
                    .isEmpty();
            assertThat(readCommitted(servers, Topic.EQUITY, TopicCodec::decodeEquity))
                    .hasSize(expected.positions().size());

            List<DeadLetter> dead =
                    readCommitted(servers, Topic.DEAD_LETTER, TopicCodec::decodeDeadLetter);
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
    }

    /** Until the trader's group has committed (on a checkpoint) the end of every partition. */
    private static void awaitConsumed(String servers, String group, JobClient job)
            throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", servers);
        try (Admin admin = Admin.create(p)) {
            long end = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            while (System.nanoTime() < end) {
                assertThat(job.getJobStatus().get().isTerminalState()).as("job ended").isFalse();
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (int i = 0; i < 2; i++) {
                    latest.put(new TopicPartition(Topic.bars("1m"), i), OffsetSpec.latest());
                }
                var ends = admin.listOffsets(latest).all().get();
                // an empty partition has nothing to commit
                boolean done = true;
                for (var e : ends.entrySet()) {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    done &=
                            e.getValue().offset() == 0
                                    || (c != null && c.offset() >= e.getValue().offset());
                }
                if (done) return;
                Thread.sleep(500);
            }
            throw new AssertionError("the trader did not consume bars.1m within 4 minutes");
        }
    }

    /** Idempotent producer, key = symbol; three bad records in the middle. */
    private static void publish(String servers, List<Bar> bars) {
        Properties p = new Properties();
        p.put("bootstrap.servers", servers);
        p.put("enable.idempotence", "true");
        p.put("acks", "all");
        String topic = Topic.bars("1m");
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

    /** Every committed record of {@code topic}, decoded, in partition order. */
    static <T> List<T> readCommitted(String servers, Topic topic, Function<byte[], T> decode) {
        Properties c = new Properties();
        c.put("bootstrap.servers", servers);
        c.put("group.id", "check-" + topic.name() + "-" + System.nanoTime());
        c.put("auto.offset.reset", "earliest");
        c.put("isolation.level", "read_committed");
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic.topicName()));
            int quiet = 0;
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // done after 3 s without a record, once anything was read or 20 s passed
            while (System.nanoTime() < end && quiet < 6) {
                int n = 0;
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    out.add(decode.apply(r.value()));
                    n++;
                }
                quiet =
                        n > 0
                                ? 0
                                : (out.isEmpty() && quiet > 30
                                        ? 6
                                        : quiet + (out.isEmpty() ? 0 : 1));
            }
        }
        return out;
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
