package dev.algotrader.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** Collects a stream into a named in-JVM list (the MiniCluster runs in the test's JVM). */
public final class CollectSink<T> implements Sink<T> {

    private static final Map<String, ConcurrentLinkedQueue<Object>> LISTS =
            new ConcurrentHashMap<>();

    private final String name;

    public CollectSink(String name) {
        this.name = name;
        LISTS.put(name, new ConcurrentLinkedQueue<>());
    }

    @SuppressWarnings("unchecked")
    public static <T> List<T> get(String name) {
        return new ArrayList<>(
                (ConcurrentLinkedQueue<T>) (ConcurrentLinkedQueue<?>) LISTS.get(name));
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        ConcurrentLinkedQueue<Object> q = LISTS.get(name);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context c) {
                q.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }

    /** Sinks for every output under {@code prefix.<output>}. */
    public static TraderJob.Sinks all(String prefix) {
        return new TraderJob.Sinks(
                new CollectSink<>(prefix + ".orders"),
                new CollectSink<>(prefix + ".fills"),
                new CollectSink<>(prefix + ".positions"),
                new CollectSink<>(prefix + ".equity"),
                new CollectSink<>(prefix + ".signals"),
                new CollectSink<>(prefix + ".rejected"),
                new CollectSink<>(prefix + ".states"));
    }
}
