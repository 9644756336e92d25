package dev.algotrader.stream.bench;

import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.config.KafkaSettings;
import dev.algotrader.core.config.KafkaTopics;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.topic.Topic;
import dev.algotrader.schema.topic.TopicCodec;
import dev.algotrader.stream.TraderJob;
import dev.algotrader.stream.TraderRunner;
import dev.algotrader.stream.TraderSettings;
import dev.algotrader.stream.broker.BrokerFactory;
import dev.algotrader.stream.kafka.KafkaTrader;
import dev.algotrader.stream.model.ModelRef;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code make bench} for the trader on Kafka (issue 15). The production job, unchanged: {@link
 * KafkaTrader#bars} ({@code KafkaSource}, {@code read_committed}, event time per partition) →
 * {@link TraderJob#build} → {@link KafkaTrader#sinkTo} ({@code KafkaSink}, {@code EXACTLY_ONCE}),
 * configured as {@code paper-run} configures it (parallelism 2, no output buffering, unaligned
 * checkpoints, a checkpoint every {@code checkpointMs}), paper broker, the {@link TraderBenchmark}
 * bars and scorer.
 *
 * <ol>
 *   <li><b>Throughput</b>: {@code bars.1m} is filled before the clock starts (the figure is the
 *       pipeline, not the producer). Measured: wall time from job submission until a {@code
 *       read_committed} consumer has seen the outputs of every bar (as many positions, one per bar,
 *       and orders as the baseline produced); bars/s = bars / that time. Baseline in the same run:
 *       the same job on the same bars from an in-memory collection source into discarding sinks,
 *       from submission until the bounded job finished (its final checkpoint included).
 *   <li><b>Latency</b>: a fresh run of the job reads bars produced at a paced {@code rate}; each
 *       bar is timed when the producer sends it, each order (and position) when it becomes visible
 *       to a {@code read_committed} consumer: p50/p99. An exactly-once output is visible only once
 *       the checkpoint after it committed its transaction, so this latency is bounded below by the
 *       wait for the next checkpoint (up to {@code checkpointMs}). A {@code read_uncommitted}
 *       consumer in the same run gives the latency without that wait (as an at-least-once sink
 *       would deliver).
 * </ol>
 *
 * <p>Arguments: {@code [symbols=4] [barsPerSymbol=5000] [rate=1000] [latencySeconds=20]
 * [checkpointMs=1000]}. The broker: system property {@value #BOOTSTRAP} ({@code algo-trader bench}
 * starts an embedded one); use a scratch cluster, the bench writes {@code bars.1m} and the trader
 * topics.
 */
public final class KafkaTraderBench {

    /** System property naming the broker, {@code host:port}. */
    public static final String BOOTSTRAP = "algotrader.bench.kafka-bootstrap";

    static final long BAR_MILLIS = 60_000;

    private KafkaTraderBench() {}

    /** The sizes of one run. */
    public record Params(
            int symbols, int barsPerSymbol, int rate, int latencySeconds, long checkpointMs) {

        static Params parse(String[] a) {
            return new Params(
                    a.length > 0 ? Integer.parseInt(a[0]) : 4,
                    a.length > 1 ? Integer.parseInt(a[1]) : 5_000,
                    a.length > 2 ? Integer.parseInt(a[2]) : 1_000,
                    a.length > 3 ? Integer.parseInt(a[3]) : 20,
                    a.length > 4 ? Long.parseLong(a[4]) : 1_000);
        }
    }

    /**
     * One job's run: wall and CPU seconds (bench JVM + broker) from submission until done, and the
     * same from its first output on (start-up excluded); the outputs it made.
     */
    public record Phase(
            double secs,
            double cpuSecs,
            double steadySecs,
            double steadyCpuSecs,
            long orders,
            long positions) {}

    /**
     * Throughput figures; {@code done} false when the Kafka run did not finish in time. {@code
     * loopCpuSecs}: the CPU seconds of a plain loop of the same core code over the same bars (one
     * thread, no Flink), the cost of the kernel the collection job runs around.
     */
    public record Throughput(
            long bars,
            double preloadSecs,
            Phase collection,
            Phase kafka,
            boolean done,
            double loopCpuSecs) {}

    /** Latencies in nanoseconds, as seen by each consumer. */
    public record Latency(
            int bars,
            long[] committedOrders,
            long[] committedPositions,
            long[] uncommittedOrders,
            long[] uncommittedPositions,
            double sendSecs,
            double behindSecs,
            boolean done) {}

    public static void main(String[] args) throws Exception {
        String servers = System.getProperty(BOOTSTRAP, "").trim();
        if (servers.isEmpty()) {
            throw new IllegalArgumentException(
                    "no broker: run it through `algo-trader bench` (which starts an embedded one)"
                            + " or pass -D"
                            + BOOTSTRAP
                            + "=host:port of a scratch Kafka");
        }
        Params p = Params.parse(args);
        Path tmp = Files.createTempDirectory("kafka-trader-bench");
        boolean done;
        try {
            Throughput t = throughput(servers, p, tmp);
            KafkaBenchReport.print(System.out, p, t);
            Latency l = latency(servers, p, tmp);
            KafkaBenchReport.print(System.out, p, l);
            done = t.done() && l.done();
        } finally {
            try (Stream<Path> files = Files.walk(tmp)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
        // Flink's and Kafka's client threads would keep the JVM up
        System.exit(done ? 0 : 1);
    }

    /** Part 1: the Kafka job against the collection-source job, same bars, same run. */
    public static Throughput throughput(String servers, Params p, Path tmp) throws Exception {
        createTopics(servers);
        List<Bar> bars = TraderBenchmark.generate(p.symbols(), p.barsPerSymbol(), 7);
        long produceStart = System.nanoTime();
        produce(servers, bars);
        double produceSecs = (System.nanoTime() - produceStart) / 1e9;

        DiscardingCount.reset();
        TraderSettings base = run(p, tmp, "bench-collection", "earliest", servers).settings();
        StreamExecutionEnvironment env = environment(p);
        TraderJob.Outputs out =
                TraderJob.build(
                        env,
                        env.fromData(bars),
                        base,
                        new TraderBenchmark.BenchChampion(),
                        BrokerFactory.paper(1e4));
        DiscardingCount.attach(out);
        long t0 = System.nanoTime();
        long cpu0 = CpuTime.nanos();
        env.execute("kafka-bench-collection");
        long t0End = System.nanoTime();
        long cpu0End = CpuTime.nanos();
        Phase collection =
                new Phase(
                        (t0End - t0) / 1e9,
                        (cpu0End - cpu0) / 1e9,
                        (DiscardingCount.lastNanos() - DiscardingCount.firstNanos()) / 1e9,
                        (cpu0End - DiscardingCount.firstCpuNanos()) / 1e9,
                        DiscardingCount.count("orders"),
                        DiscardingCount.count("positions"));
        double loopCpuSecs = plainLoopCpuSecs(base, bars);

        StreamExecutionEnvironment env2 = environment(p);
        wire(env2, run(p, tmp, "bench-kafka-" + System.nanoTime(), "earliest", servers));
        try (OutputWatch committed = OutputWatch.start(servers, true, BAR_MILLIS, Map.of());
                OutputWatch first = OutputWatch.start(servers, false, BAR_MILLIS, Map.of())) {
            long t1 = System.nanoTime();
            long cpu1 = CpuTime.nanos();
            JobClient job = env2.executeAsync("kafka-bench-throughput");
            boolean done =
                    committed.await(
                            collection.orders(), collection.positions(), Duration.ofSeconds(150));
            long t1End = done ? committed.lastSeenNanos : System.nanoTime();
            long cpu1End = CpuTime.nanos();
            stop(job);
            Phase kafka =
                    new Phase(
                            (t1End - t1) / 1e9,
                            (cpu1End - cpu1) / 1e9,
                            (t1End - first.firstSeenNanos) / 1e9,
                            (cpu1End - first.firstSeenCpuNanos) / 1e9,
                            committed.orders.get(),
                            committed.positions.get());
            return new Throughput(bars.size(), produceSecs, collection, kafka, done, loopCpuSecs);
        }
    }

    /** CPU seconds of {@link TraderBenchmark#plainLoop} over {@code bars} on this thread. */
    static double plainLoopCpuSecs(TraderSettings s, List<Bar> bars) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        TraderBenchmark.plainLoop(s, bars, new long[bars.size()]);
        return (threads.getCurrentThreadCpuTime() - start) / 1e9;
    }

    /** Part 2: a fresh run of the job on bars produced at a paced rate. */
    public static Latency latency(String servers, Params p, Path tmp) throws Exception {
        int warm = p.symbols() * 50;
        int timed = p.rate() * p.latencySeconds();
        List<Bar> bars =
                TraderBenchmark.generate(
                        p.symbols(), (warm + timed + p.symbols() - 1) / p.symbols(), 11);
        // the job reads bars.1m from this instant on: only this part's bars
        String from = Long.toString(System.currentTimeMillis());
        StreamExecutionEnvironment env = environment(p);
        wire(env, run(p, tmp, "bench-latency-" + System.nanoTime(), from, servers));
        Map<String, Long> sent = new ConcurrentHashMap<>();
        try (OutputWatch committed = OutputWatch.start(servers, true, BAR_MILLIS, sent);
                OutputWatch uncommitted = OutputWatch.start(servers, false, BAR_MILLIS, sent);
                KafkaProducer<byte[], byte[]> producer = producer(servers)) {
            JobClient job = env.executeAsync("kafka-bench-latency");
            // warm-up, untimed: the job is up and one checkpoint committed before the clock runs
            for (Bar b : bars.subList(0, warm)) send(producer, b);
            producer.flush();
            boolean up = committed.await(0, warm, Duration.ofSeconds(120));
            List<Bar> paced = bars.subList(warm, bars.size());
            long start = System.nanoTime();
            double gap = 1e9 / p.rate();
            for (int i = 0; i < paced.size() && up; i++) {
                long due = start + (long) (i * gap);
                for (long now; (now = System.nanoTime()) < due; ) {
                    LockSupport.parkNanos(due - now);
                }
                Bar b = paced.get(i);
                sent.put(b.symbol() + "|" + b.ts(), System.nanoTime());
                send(producer, b);
            }
            producer.flush();
            double sendSecs = (System.nanoTime() - start) / 1e9;
            long lastSent = System.nanoTime();
            boolean done =
                    up
                            && committed.await(
                                    0,
                                    bars.size(),
                                    Duration.ofMillis(90_000 + 3 * p.checkpointMs()));
            stop(job);
            uncommitted.await(0, bars.size(), Duration.ofSeconds(5));
            double behind = Math.max(0, (uncommitted.lastSeenNanos - lastSent) / 1e9);
            return new Latency(
                    paced.size(),
                    sorted(committed.orderLatency),
                    sorted(committed.positionLatency),
                    sorted(uncommitted.orderLatency),
                    sorted(uncommitted.positionLatency),
                    sendSecs,
                    behind,
                    done);
        }
    }

    /** The production pipeline: Kafka bars → trader → Kafka sinks at EXACTLY_ONCE. */
    private static void wire(StreamExecutionEnvironment env, Run run) {
        TraderSettings s = run.settings();
        KafkaSettings k = run.kafka();
        KafkaTrader.Bars in = KafkaTrader.bars(env, k, s);
        TraderJob.Outputs out =
                TraderJob.build(
                        env,
                        in.bars(),
                        s,
                        new TraderBenchmark.BenchChampion(),
                        BrokerFactory.paper(1e4),
                        true);
        KafkaTrader.sinkTo(out, in, k, s.runId(), s.interval(), null);
    }

    /** As {@code paper-run} sets up its environment, at parallelism 2. */
    static StreamExecutionEnvironment environment(Params p) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        env.setBufferTimeout(0);
        env.getCheckpointConfig().enableUnalignedCheckpoints();
        env.getCheckpointConfig().setCheckpointTimeout(120_000);
        env.enableCheckpointing(p.checkpointMs());
        return env;
    }

    /** One job's settings: its run id (consumer group, transactional ids) and start position. */
    private record Run(TraderSettings settings, KafkaSettings kafka) {}

    private static Run run(
            Params p, Path tmp, String runId, String startingOffsets, String servers) {
        AppConfig cfg = config(p, tmp, runId, startingOffsets, servers);
        TraderSettings s =
                TraderRunner.settings(cfg, false)
                        .withInitialChampion(new ModelRef("bench-model", "1", "mem"))
                        .withLowLatency(true);
        return new Run(s, KafkaSettings.from(cfg));
    }

    private static AppConfig config(
            Params p, Path tmp, String runId, String startingOffsets, String servers) {
        List<String> lines = new ArrayList<>();
        lines.add("algotrader.events-file = \"" + tmp.resolve("events.jsonl") + "\"");
        lines.add("algotrader.trader.control-file = \"" + tmp.resolve("control.json") + "\"");
        lines.add("algotrader.backtest.strategy = \"model\"");
        lines.add("algotrader.strategy.params.model.model-version = \"1\"");
        lines.add("algotrader.strategy.risk.max-orders-per-window = 1000000");
        lines.add("algotrader.trader.symbols = [" + symbolList(p.symbols()) + "]");
        lines.add("algotrader.trader.run-id = \"" + runId + "\"");
        lines.add("algotrader.kafka.bootstrap-servers = \"" + servers + "\"");
        lines.add("algotrader.kafka.starting-offsets = \"" + startingOffsets + "\"");
        return AppConfig.withOverrides(String.join("\n", lines));
    }

    private static String symbolList(int n) {
        List<String> s = new ArrayList<>();
        for (Bar b : TraderBenchmark.generate(n, 1, 7)) s.add('"' + b.symbol() + '"');
        return String.join(",", s);
    }

    /**
     * bars.1m and the trader's topics ({@code algotrader.kafka.partitions}: 2 by default), before
     * any clock runs.
     */
    static void createTopics(String servers) {
        KafkaSettings kafka =
                KafkaSettings.from(AppConfig.defaults()).withBootstrapServers(servers);
        List<String> topics = new ArrayList<>();
        topics.add(Topic.bars("1m"));
        for (Topic t : Topic.TRADER_OUTPUTS) topics.add(t.topicName());
        topics.add(Topic.DEAD_LETTER.topicName());
        KafkaTopics.createMissing(kafka, topics);
    }

    private static KafkaProducer<byte[], byte[]> producer(String servers) {
        Properties p = new Properties();
        p.put("bootstrap.servers", servers);
        p.put("enable.idempotence", "true");
        p.put("acks", "all");
        p.put("linger.ms", "0");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Keyed by symbol, timestamped (CreateTime) when sent. */
    private static void send(KafkaProducer<byte[], byte[]> producer, Bar b) {
        producer.send(
                new ProducerRecord<>(
                        Topic.bars("1m"),
                        null,
                        System.currentTimeMillis(),
                        TopicCodec.key(b.symbol()),
                        TopicCodec.encode(b)));
    }

    private static void produce(String servers, List<Bar> bars) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(servers)) {
            List<java.util.concurrent.Future<RecordMetadata>> acks = new ArrayList<>();
            for (Bar b : bars) {
                acks.add(
                        producer.send(
                                new ProducerRecord<>(
                                        Topic.bars("1m"),
                                        TopicCodec.key(b.symbol()),
                                        TopicCodec.encode(b))));
            }
            producer.flush();
            for (var a : acks) a.get();
        }
    }

    /** Ends a run; the bench needs no savepoint. */
    private static void stop(JobClient job) throws Exception {
        try {
            job.cancel().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // already finished or failed: nothing left to stop
        }
    }

    private static long[] sorted(java.util.Collection<Long> c) {
        return c.stream().mapToLong(Long::longValue).sorted().toArray();
    }
}
