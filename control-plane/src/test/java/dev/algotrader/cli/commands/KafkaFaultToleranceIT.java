package dev.algotrader.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.batch.SparkSessions;
import dev.algotrader.batch.trading.TradingSink;
import dev.algotrader.core.backtest.BacktestConfig;
import dev.algotrader.core.backtest.Backtester;
import dev.algotrader.core.backtest.Predictions;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.config.KafkaSettings;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.kafka.broker.SharedKafka;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.EquityPoint;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.Table;
import dev.algotrader.schema.topic.Topic;
import dev.algotrader.schema.topic.TopicCodec;
import dev.algotrader.stream.FakeAlpaca;
import dev.algotrader.stream.KafkaTraderJobs;
import dev.algotrader.stream.TraderRunner;
import dev.algotrader.stream.TraderSettings;
import dev.algotrader.stream.broker.BrokerFactory;
import dev.algotrader.stream.kafka.KafkaTrader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's faults on a real broker, in one run so that they share the set-up: 1,500 real bars are
 * fed to {@code bars.1m} while the Flink trader (KafkaSource, EXACTLY_ONCE KafkaSinks, the fake
 * Alpaca as its broker, slowed to 40 ms an answer) and the Spark trading sink run. Mid-stream the
 * trader job is cancelled, the sink is killed inside a micro-batch, the job is restored from its
 * last retained checkpoint, the broker is restarted, and the sink restarts on its checkpoint.
 * Afterwards every client order id is in {@code trading/orders} once and was POSTed to the broker
 * once, every bar was traded exactly once (one committed equity point per bar, as many as the
 * backtester's), and every committed trader record is in the tables.
 */
class KafkaFaultToleranceIT {

    private static final String KEY = "PKKAFKAFAULTKEY";
    private static final String SECRET = "kafkaFaultSecret0123456789ABCDEFGHIJ";

    @TempDir Path tmp;

    @Test
    void killedJobSinkAndBrokerLoseAndDoubleNothing() throws Exception {
        List<Bar> bars = SampleData.btcMinuteBars().subList(0, 1500);
        SharedKafka.Namespace ns = SharedKafka.namespace("faults");
        AppConfig cfg =
                KafkaEndToEndIT.config(
                        tmp, ns.config() + "\nalgotrader.kafka.trading-sink.trigger = 1s");
        KafkaSettings kafka = KafkaSettings.from(cfg);
        DeltaStore store = new DeltaStore(SparkSessions.getOrCreate(cfg), cfg.dataRoot());
        int perBar =
                Backtester.run(BacktestConfig.from(cfg.raw()), "paper", bars, Predictions.none())
                        .positions()
                        .size();
        TraderSettings s = TraderRunner.settings(cfg, true);
        String group = KafkaTrader.groupId(kafka, s.runId());
        String barsTopic = kafka.barsTopic("1m");
        Path checkpoints = tmp.resolve("checkpoints");

        try (FakeAlpaca alpaca = new FakeAlpaca();
                Feeder feeder = new Feeder(barsTopic, bars)) {
            alpaca.responseDelayMs = 40; // a slow broker API: the trader falls behind the feed
            BrokerFactory broker =
                    alpaca.brokerFactory(
                            KEY,
                            SECRET,
                            8,
                            Duration.ofMillis(50),
                            Duration.ofMillis(500),
                            Duration.ofSeconds(5));
            // the bars topic as a feed creates it; the sink first: its start is the slowest,
            // and the faults below come mid-stream
            SharedKafka.createTopics(barsTopic);
            StreamingQuery sink = TradingSink.start(store.spark(), kafka, store, false);
            JobClient first = startTrader(cfg, kafka, s, broker, checkpoints, null);
            feeder.start();
            awaitCommitted(group, 300, () -> !isTerminal(first));
            first.cancel().get(1, TimeUnit.MINUTES);
            killInsideABatch(sink);

            Path last = lastCheckpoint(checkpoints).orElseThrow();
            long atRestore = committed(group);
            JobClient second = startTrader(cfg, kafka, s, broker, checkpoints, last);
            awaitCommitted(group, atRestore + 200, () -> !isTerminal(second));
            SharedKafka.broker().restart();
            StreamingQuery restarted = TradingSink.start(store.spark(), kafka, store, false);
            feeder.finish();
            SharedKafka.awaitConsumed(
                    group, barsTopic, Duration.ofMinutes(4), () -> !isTerminal(second));
            stopWithSavepoint(second, tmp.resolve("savepoints"));
            restarted.processAllAvailable();
            restarted.stop();

            assertExactlyOnce(kafka, store, alpaca, perBar);
        }
    }

    private static void assertExactlyOnce(
            KafkaSettings kafka, DeltaStore store, FakeAlpaca alpaca, int perBar) {
        // no bar traded twice or skipped: one committed equity point per bar
        List<EquityPoint> equity = read(kafka, Topic.EQUITY, TopicCodec::decodeEquity);
        assertThat(equity.stream().map(EquityPoint::ts).distinct().count())
                .as("bars traded")
                .isEqualTo(perBar);
        assertThat(equity).as("equity points, one per bar").hasSize(perBar);
        assertThat(store.read(Table.EQUITY).count()).isEqualTo(perBar);

        // every client order id: once in trading/orders, POSTed once, the same set everywhere
        List<Row> orderRows = store.read(Table.ORDERS).collectAsList();
        Map<String, Long> perId =
                orderRows.stream()
                        .collect(
                                Collectors.groupingBy(
                                        r -> r.<String>getAs("client_order_id"),
                                        Collectors.counting()));
        assertThat(perId.values()).as("rows per client order id").allMatch(n -> n == 1);
        Set<String> topicIds =
                read(kafka, Topic.ORDERS, TopicCodec::decodeOrder).stream()
                        .map(Order::clientOrderId)
                        .collect(Collectors.toCollection(TreeSet::new));
        Set<String> posted = new TreeSet<>(alpaca.acceptedPosts.keySet());
        assertThat(posted).as("orders at the broker").hasSizeGreaterThan(10);
        assertThat(new TreeSet<>(perId.keySet())).as("trading/orders").isEqualTo(topicIds);
        assertThat(topicIds).as("committed orders = orders at the broker").isEqualTo(posted);
        for (String id : posted) assertThat(alpaca.posts(id)).as("POSTs of " + id).isEqualTo(1);
        assertThat(alpaca.requestLines.stream().filter(l -> l.startsWith("POST")).count())
                .as("no duplicate POST was even attempted")
                .isEqualTo(posted.size());

        // no committed row lost: every committed fill and position is in its table
        assertThat(store.read(Table.FILLS).count())
                .isEqualTo(
                        read(kafka, Topic.FILLS, TopicCodec::decodeFill).stream()
                                .distinct()
                                .count());
        assertThat(store.read(Table.POSITIONS).count())
                .isEqualTo(
                        read(kafka, Topic.POSITIONS, TopicCodec::decodePosition).stream()
                                .map(p -> p.symbol() + "@" + p.ts())
                                .distinct()
                                .count());
    }

    private static <T> List<T> read(KafkaSettings kafka, Topic topic, Function<byte[], T> dec) {
        return SharedKafka.readCommitted(kafka.topic(topic), dec);
    }

    /**
     * The trader of the Kafka path (as {@code paper-run --source kafka} builds it) on a local
     * cluster of its own: checkpoints every 300 ms retained on cancel, restarts on failure (the
     * broker restart), restored from {@code restore} when given.
     */
    private static JobClient startTrader(
            AppConfig cfg,
            KafkaSettings kafka,
            TraderSettings s,
            BrokerFactory broker,
            Path checkpoints,
            Path restore)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 20);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        if (restore != null)
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restore.toUri().toString());
        return KafkaTraderJobs.start(
                conf,
                300,
                kafka,
                s,
                broker,
                restore == null ? "kafka trader" : "kafka trader (restored)");
    }

    /** The newest complete checkpoint ({@code chk-<n>} with its {@code _metadata}) below dir. */
    private static Optional<Path> lastCheckpoint(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .map(Path::getParent)
                    .filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .max(
                            Comparator.comparingLong(
                                    p -> Long.parseLong(p.getFileName().toString().substring(4))));
        }
    }

    /** Stops the query while a micro-batch with data runs (its MERGEs half done at worst). */
    private static void killInsideABatch(StreamingQuery q) throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < end) {
            assertThat(q.isActive()).as("the sink runs").isTrue();
            if (q.status().isTriggerActive() && q.status().isDataAvailable()) break;
            Thread.sleep(20);
        }
        q.stop();
    }

    /** Until the trader's group has committed at least {@code n} offsets over all partitions. */
    private static void awaitCommitted(String group, long n, BooleanSupplier alive)
            throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < end) {
            assertThat(alive.getAsBoolean()).as("the trader runs").isTrue();
            if (committed(group) >= n) return;
            Thread.sleep(100);
        }
        throw new AssertionError(group + " did not commit " + n + " offsets");
    }

    /** The offsets {@code group} has committed, summed over its partitions. */
    private static long committed(String group) throws Exception {
        try (Admin admin = Admin.create(SharedKafka.clientProperties())) {
            return admin
                    .listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .values()
                    .stream()
                    .filter(o -> o != null)
                    .mapToLong(o -> o.offset())
                    .sum();
        }
    }

    /**
     * Stops the job as {@code trader stop} does; while it restarts after the broker restart (not
     * all tasks running, so no savepoint can be taken) the stop is tried again, for 3 minutes.
     */
    private static void stopWithSavepoint(JobClient job, Path dir) throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            try {
                job.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get(3, TimeUnit.MINUTES);
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                if (System.nanoTime() > end || isTerminal(job)) throw e;
                Thread.sleep(1000);
            }
        }
    }

    private static boolean isTerminal(JobClient job) {
        try {
            return job.getJobStatus().get().isTerminalState();
        } catch (Exception e) {
            return true;
        }
    }

    /**
     * Publishes the bars as a live feed does: an idempotent producer, 50 bars a second, through the
     * broker restart (sends wait and are retried, none doubled).
     */
    private static final class Feeder extends Thread implements AutoCloseable {
        private final String topic;
        private final List<Bar> bars;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile boolean closed;

        Feeder(String topic, List<Bar> bars) {
            super("bar-feeder");
            this.topic = topic;
            this.bars = bars;
            setDaemon(true);
        }

        @Override
        public void run() {
            Properties p = SharedKafka.clientProperties();
            p.put("enable.idempotence", "true");
            p.put("acks", "all");
            p.put("delivery.timeout.ms", "180000");
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < bars.size() && !closed; i++) {
                    Bar b = bars.get(i);
                    producer.send(
                            new ProducerRecord<>(
                                    topic, TopicCodec.key(b.symbol()), TopicCodec.encode(b)));
                    if (i % 5 == 4) Thread.sleep(100);
                }
                producer.flush();
            } catch (Throwable t) {
                failure.set(t);
            }
        }

        /** Waits for the last bar to be sent (at most 4 minutes). */
        void finish() throws InterruptedException {
            join(Duration.ofMinutes(4).toMillis());
            assertThat(isAlive()).as("the feed finished").isFalse();
            assertThat(failure.get()).as("the feed failed").isNull();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
