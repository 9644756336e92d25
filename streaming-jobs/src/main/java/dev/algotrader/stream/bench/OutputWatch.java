package dev.algotrader.stream.bench;

import dev.algotrader.schema.Order;
import dev.algotrader.schema.Position;
import dev.algotrader.schema.topic.Topic;
import dev.algotrader.schema.topic.TopicCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A consumer thread on {@code trader.orders} and {@code trader.positions} that notes when each
 * record becomes visible to it: {@code read_committed} (what every consumer of the exactly-once
 * outputs sees) or {@code read_uncommitted} (records as the sink sends them, before the checkpoint
 * commits their transaction: what an at-least-once sink would deliver). It starts at the topics'
 * current end, so only records written after {@link #start} count. Latency is measured against the
 * bench's own send times, looked up by (symbol, bar time) of the order or position.
 */
final class OutputWatch implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Long> sentNanos;
    private final Thread thread;
    private volatile boolean running = true;

    final AtomicLong orders = new AtomicLong();
    final AtomicLong positions = new AtomicLong();

    /** nanoTime at which the last order / position was seen. */
    volatile long lastSeenNanos;

    /** nanoTime and {@link CpuTime#nanos()} when the first record was seen. */
    volatile long firstSeenNanos;

    volatile long firstSeenCpuNanos;

    final ConcurrentLinkedQueue<Long> orderLatency = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Long> positionLatency = new ConcurrentLinkedQueue<>();

    private OutputWatch(
            String servers, boolean committed, long barMillis, Map<String, Long> sentNanos) {
        this.sentNanos = sentNanos;
        Properties c = new Properties();
        c.put("bootstrap.servers", servers);
        c.put("isolation.level", committed ? "read_committed" : "read_uncommitted");
        c.put("enable.auto.commit", "false");
        // answer a fetch as soon as a record (or a commit marker) arrives
        c.put("fetch.max.wait.ms", "10");
        consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        for (Topic t : List.of(Topic.ORDERS, Topic.POSITIONS)) {
            for (PartitionInfo p : consumer.partitionsFor(t.topicName())) {
                parts.add(new TopicPartition(p.topic(), p.partition()));
            }
        }
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position); // resolve the end now, before the job writes
        thread =
                new Thread(
                        () -> poll(barMillis),
                        "output-watch-" + (committed ? "committed" : "uncommitted"));
        thread.setDaemon(true);
    }

    /**
     * Starts watching. {@code barMillis}: a record's bar is its decision time (orders) or its time
     * (positions) minus one bar; {@code sentNanos} maps {@code symbol|barTs} to the send time.
     */
    static OutputWatch start(
            String servers, boolean committed, long barMillis, Map<String, Long> sentNanos) {
        OutputWatch w = new OutputWatch(servers, committed, barMillis, sentNanos);
        w.thread.start();
        return w;
    }

    private void poll(long barMillis) {
        String ordersTopic = Topic.ORDERS.topicName();
        while (running) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                long now = System.nanoTime();
                if (r.topic().equals(ordersTopic)) {
                    Order o = TopicCodec.decodeOrder(r.value());
                    note(orderLatency, o.symbol(), o.decisionTs() - barMillis, now);
                    orders.incrementAndGet();
                } else {
                    Position p = TopicCodec.decodePosition(r.value());
                    note(positionLatency, p.symbol(), p.ts() - barMillis, now);
                    positions.incrementAndGet();
                }
                if (firstSeenNanos == 0) {
                    firstSeenCpuNanos = CpuTime.nanos();
                    firstSeenNanos = now;
                }
                lastSeenNanos = now;
            }
        }
        consumer.close(Duration.ofSeconds(5));
    }

    private void note(ConcurrentLinkedQueue<Long> into, String symbol, long barTs, long now) {
        Long sent = sentNanos.get(symbol + "|" + barTs);
        if (sent != null) into.add(now - sent);
    }

    /**
     * Waits until at least {@code orders} orders and {@code positions} positions were seen, or
     * {@code timeout} passed; true when they were.
     */
    boolean await(long orders, long positions, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (this.orders.get() >= orders && this.positions.get() >= positions) return true;
            Thread.sleep(5);
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
