package dev.algotrader.stream.bench;

import dev.algotrader.stream.TraderJob;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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

    /** nanoTime of the first and the last record, and CPU time at the first. */
    private static final AtomicLong FIRST = new AtomicLong();

    private static final AtomicLong FIRST_CPU = new AtomicLong();
    private static volatile long last;

    private final String name;

    private DiscardingCount(String name) {
        this.name = name;
    }

    static void reset() {
        COUNTS.clear();
        FIRST.set(0);
        FIRST_CPU.set(0);
        last = 0;
    }

    static long firstNanos() {
        return FIRST.get();
    }

    static long firstCpuNanos() {
        return FIRST_CPU.get();
    }

    static long lastNanos() {
        return last;
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
                long now = System.nanoTime();
                if (FIRST.get() == 0 && FIRST.compareAndSet(0, now)) {
                    FIRST_CPU.set(CpuTime.nanos());
                }
                last = now;
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
