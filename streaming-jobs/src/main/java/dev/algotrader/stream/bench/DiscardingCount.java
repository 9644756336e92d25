package dev.algotrader.stream.bench;

import dev.algotrader.stream.TraderJob;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink that drops every record and counts it under a name, in static counters: the baseline's
 * stand-in for the Kafka sinks (the bench runs its MiniCluster in its own JVM, so the counters are
 * read after the job finished).
 */
final class DiscardingCount<T> implements Sink<T> {

    private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

    private final String name;

    private DiscardingCount(String name) {
        this.name = name;
    }

    static void reset() {
        COUNTS.clear();
    }

    static long count(String name) {
        LongAdder a = COUNTS.get(name);
        return a == null ? 0 : a.sum();
    }

    /** Every output {@code KafkaTrader.sinkTo} writes to a topic, dropped and counted. */
    static void attach(TraderJob.Outputs out) {
        out.orders().sinkTo(new DiscardingCount<>("orders")).name("discard-orders");
        out.fills().sinkTo(new DiscardingCount<>("fills")).name("discard-fills");
        out.positions().sinkTo(new DiscardingCount<>("positions")).name("discard-positions");
        out.equity().sinkTo(new DiscardingCount<>("equity")).name("discard-equity");
        out.signals().sinkTo(new DiscardingCount<>("signals")).name("discard-signals");
        out.audit().sinkTo(new DiscardingCount<>("events")).name("discard-events");
        out.rejectedBars().sinkTo(new DiscardingCount<>("rejected")).name("discard-rejected");
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        LongAdder n = COUNTS.computeIfAbsent(name, k -> new LongAdder());
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) {
                n.increment();
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
