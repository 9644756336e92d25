package dev.algotrader.stream.kafka;

import dev.algotrader.core.config.KafkaSettings;
import dev.algotrader.core.config.KafkaTopics;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.EquityPoint;
import dev.algotrader.schema.Event;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.Position;
import dev.algotrader.schema.Signal;
import dev.algotrader.schema.topic.CompactJson;
import dev.algotrader.schema.topic.DeadLetter;
import dev.algotrader.schema.topic.Topic;
import dev.algotrader.schema.topic.TopicCodec;
import dev.algotrader.stream.TraderJob;
import dev.algotrader.stream.TraderSettings;
import dev.algotrader.stream.bars.BarRejection;
import dev.algotrader.stream.trade.AuditEvent;
import dev.algotrader.stream.trade.SymbolState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Wires the trader to Kafka: {@link #bars} in place of the file replay, {@link #sinkTo} in place of
 * the JSONL outputs. {@code TraderJob.build(env, bars.bars(), settings, champions, broker, true)}
 * sits between them unchanged.
 */
public final class KafkaTrader {

    /** Records of {@code bars.<interval>} that were not bars of this trader. */
    public static final OutputTag<DeadLetter> DEAD =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    /** A Kafka transaction must outlive the checkpoint that commits it (brokers allow 15 min). */
    static final String TRANSACTION_TIMEOUT_MS = "900000";

    private KafkaTrader() {}

    /** The bars, with event time and per-partition watermarks, and the dead letters beside them. */
    public record Bars(DataStream<Bar> bars, DataStream<DeadLetter> deadLetters) {}

    /**
     * Reads {@code bars.<interval>} (created if missing, as are the topics {@link #sinkTo} writes)
     * {@code read_committed} as consumer group {@link #groupId} (offsets committed on each
     * checkpoint): from the savepoint's offsets when restored, else from {@code
     * kafka.starting-offsets}. Unbounded: the run ends with {@code trader stop} (a
     * stop-with-savepoint without drain; bars still buffered for out-of-orderness stay in the state
     * and are traded after the restore). Found in our tests and left open: a bounded read (the job
     * finishing at the end offsets) and a draining stop-with-savepoint both left the outputs' last
     * transaction uncommitted (no final checkpoint completed), so neither is offered.
     */
    public static Bars bars(
            StreamExecutionEnvironment env, KafkaSettings kafka, TraderSettings settings) {
        // a trader started before the first bar: the source fails over on a missing topic; and
        // the topics of sinkTo exist before its producers send: auto-created under their first
        // sends, a NotLeaderOrFollower retry left a transactional producer in an endless
        // OutOfOrderSequence loop, its checkpoint expired and the failover took the TaskManager
        // down (make cluster-test, a broker process with auto-created topics)
        List<String> topics = new ArrayList<>(List.of(kafka.barsTopic(settings.interval())));
        for (Topic t : Topic.TRADER_OUTPUTS) topics.add(kafka.topic(t));
        topics.add(kafka.topic(Topic.DEAD_LETTER));
        KafkaTopics.createMissing(kafka, topics);
        KafkaSource<KafkaBar> source =
                KafkaSource.<KafkaBar>builder()
                        .setBootstrapServers(kafka.requireBootstrapServers())
                        .setTopics(kafka.barsTopic(settings.interval()))
                        .setGroupId(groupId(kafka, settings.runId()))
                        .setStartingOffsets(startingOffsets(kafka.startingOffsets()))
                        .setDeserializer(
                                new BarRecordDeserializer(
                                        settings.interval(), new HashSet<>(settings.symbols())))
                        .setProperty("isolation.level", "read_committed")
                        .setProperty("commit.offsets.on.checkpoint", "true")
                        .build();
        SingleOutputStreamOperator<Bar> bars =
                env.fromSource(
                                source,
                                watermarks(
                                        settings.maxOutOfOrdernessMs(),
                                        kafka.idlePartitionTimeout()),
                                "kafka-bars")
                        .uid("kafka-bars")
                        .process(new Split(), TypeInformation.of(Bar.class))
                        .name("kafka-bars-split")
                        .uid("kafka-bars-split");
        return new Bars(bars, bars.getSideOutput(DEAD));
    }

    /** The trader's consumer group on the bars ({@link KafkaSettings#traderGroupId}). */
    public static String groupId(KafkaSettings kafka, String runId) {
        return kafka.traderGroupId(runId);
    }

    /** committed (else earliest) | earliest | latest | epoch millis. */
    static OffsetsInitializer startingOffsets(String spec) {
        return switch (spec) {
            case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            default -> OffsetsInitializer.timestamp(Long.parseLong(spec));
        };
    }

    /**
     * Event time = the bar's close time; the watermark follows each partition's bars (the largest
     * close time minus the allowed out-of-orderness minus 1 ms, emitted per bar) and a partition
     * idle for {@code idle} stops holding it back. Dead letters do not move it.
     */
    static WatermarkStrategy<KafkaBar> watermarks(long outOfOrderMs, Duration idle) {
        return WatermarkStrategy.<KafkaBar>forGenerator(
                        ctx ->
                                new WatermarkGenerator<>() {
                                    private long max = Long.MIN_VALUE + outOfOrderMs + 1;

                                    @Override
                                    public void onEvent(KafkaBar b, long ts, WatermarkOutput out) {
                                        if (b.bar() != null && ts > max) {
                                            max = ts;
                                            out.emitWatermark(
                                                    new Watermark(max - outOfOrderMs - 1));
                                        }
                                    }

                                    @Override
                                    public void onPeriodicEmit(WatermarkOutput out) {}
                                })
                .withTimestampAssigner(
                        (b, kafkaTs) -> b.bar() != null ? b.bar().closeTime() : kafkaTs)
                .withIdleness(idle);
    }

    /** Bars on, dead letters to {@link #DEAD}. */
    static final class Split extends ProcessFunction<KafkaBar, Bar> {
        @Override
        public void processElement(KafkaBar in, Context ctx, Collector<Bar> out) {
            if (in.bar() != null) out.collect(in.bar());
            else ctx.output(DEAD, in.dead());
        }
    }

    /**
     * Attaches the Kafka sinks at {@code EXACTLY_ONCE}: orders, fills, positions, equity, signals,
     * audit events, and the dead letters (the source's and the bars the trader rejected: late,
     * duplicate, invalid). {@code finalStates} (null: none) keeps the end-of-run state as the file
     * path does.
     */
    public static void sinkTo(
            TraderJob.Outputs out,
            Bars in,
            KafkaSettings kafka,
            String runId,
            String interval,
            Sink<SymbolState> finalStates) {
        TopicSinks to = new TopicSinks(kafka, runId);
        to.attach(out.orders(), "kafka-orders", Topic.ORDERS, Order::symbol, TopicCodec::encode);
        to.attach(out.fills(), "kafka-fills", Topic.FILLS, Fill::symbol, TopicCodec::encode);
        to.attach(
                out.positions(),
                "kafka-positions",
                Topic.POSITIONS,
                Position::symbol,
                TopicCodec::encode);
        to.attach(
                out.equity(), "kafka-equity", Topic.EQUITY, EquityPoint::runId, TopicCodec::encode);
        to.attach(
                out.signals(), "kafka-signals", Topic.SIGNALS, Signal::symbol, TopicCodec::encode);
        to.attach(
                out.audit(),
                "kafka-events",
                Topic.EVENTS,
                AuditEvent::runId,
                (AuditEvent e) -> TopicCodec.encode(event(e)));
        String barsTopic = kafka.barsTopic(interval);
        to.attach(
                in.deadLetters()
                        .union(
                                out.rejectedBars()
                                        .map(
                                                r -> rejected(barsTopic, r),
                                                TypeInformation.of(DeadLetter.class))
                                        .name("rejected-bars-dead-letters")),
                "kafka-dead-letters",
                Topic.DEAD_LETTER,
                DeadLetter::key,
                TopicCodec::encode);
        if (finalStates != null) {
            out.finalStates().sinkTo(finalStates).name("final-state");
        }
    }

    /**
     * Attaches one {@link #sink} per topic; {@code operator} is the sink's name and its uid. The
     * uids are part of every savepoint (the sinks' transactional writer state): never rename one.
     */
    private record TopicSinks(KafkaSettings kafka, String runId) {
        <T> void attach(
                DataStream<T> stream,
                String operator,
                Topic topic,
                SerializableFunction<T, String> key,
                SerializableFunction<T, byte[]> value) {
            stream.sinkTo(sink(kafka, runId, topic, key, value)).name(operator).uid(operator);
        }
    }

    static Event event(AuditEvent e) {
        return new Event(Instant.now().toString(), "trader", e.event(), e.runId(), e.details());
    }

    static DeadLetter rejected(String topic, BarRejection r) {
        Bar b = r.bar();
        return new DeadLetter(
                topic,
                -1,
                -1L,
                b.symbol(),
                CompactJson.write(TopicCodec.row(b)),
                "rejected by the trader: " + r.reason(),
                b.ts());
    }

    /** One transactional sink; its id prefix names the run and the topic, so none fence another. */
    static <T> KafkaSink<T> sink(
            KafkaSettings kafka,
            String runId,
            Topic topic,
            SerializableFunction<T, String> key,
            SerializableFunction<T, byte[]> value) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(kafka.requireBootstrapServers())
                .setRecordSerializer(new TopicSerializer<>(kafka.topic(topic), key, value))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(
                        kafka.transactionalIdPrefix() + "-" + runId + "-" + kafka.topic(topic))
                .setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS)
                .build();
    }
}
