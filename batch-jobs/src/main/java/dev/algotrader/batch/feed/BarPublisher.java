package dev.algotrader.batch.feed;

import dev.algotrader.core.config.KafkaSettings;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.topic.TopicCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A long-lived publisher of closed bars to one {@code bars.<interval>} topic, for a follower that
 * publishes poll after poll ({@code ingest --follow}). It reads the newest bar time per symbol on
 * the topic once when opened (the durable watermark: the topic itself) and then keeps it; a bar at
 * or before its symbol's watermark is never sent again. Idempotent producer ({@code
 * enable.idempotence}, {@code acks=all}), key = symbol, as {@link BarsFeed#publish}.
 */
public final class BarPublisher implements AutoCloseable {

    private final String topic;
    private final Map<String, Long> last;
    private final KafkaProducer<byte[], byte[]> producer;

    private BarPublisher(String topic, Map<String, Long> last, KafkaProducer<byte[], byte[]> p) {
        this.topic = topic;
        this.last = last;
        this.producer = p;
    }

    /** Opens the producer for {@code bars.<interval>} and reads the topic's watermark. */
    public static BarPublisher open(KafkaSettings kafka, String interval) {
        String topic = kafka.barsTopic(interval);
        Map<String, Long> last = new HashMap<>(BarsFeed.lastPublished(kafka, topic));
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.requireBootstrapServers());
        p.put("enable.idempotence", "true");
        p.put("acks", "all");
        p.put("linger.ms", "5");
        return new BarPublisher(
                topic,
                last,
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    public String topic() {
        return topic;
    }

    /** The newest published bar time per symbol (a copy). */
    public Map<String, Long> watermark() {
        return Map.copyOf(last);
    }

    /**
     * The bars among {@code bars} newer than their symbol's watermark, in time order: what {@link
     * #publish} would send.
     */
    public List<Bar> fresh(List<Bar> bars) {
        List<Bar> fresh = new ArrayList<>();
        for (Bar b : bars) {
            if (b.ts() > last.getOrDefault(b.symbol(), Long.MIN_VALUE)) fresh.add(b);
        }
        fresh.sort(Comparator.comparingLong(Bar::ts).thenComparing(Bar::symbol));
        return fresh;
    }

    /**
     * Sends the {@link #fresh} bars and waits until the broker has acknowledged each; the watermark
     * moves only past acknowledged bars, so a failed send is sent again by the next call.
     *
     * @return the bars sent
     */
    public List<Bar> publish(List<Bar> bars) throws InterruptedException, ExecutionException {
        List<Bar> fresh = fresh(bars);
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (Bar b : fresh) {
            acks.add(
                    producer.send(
                            new ProducerRecord<>(
                                    topic, TopicCodec.key(b.symbol()), TopicCodec.encode(b))));
        }
        producer.flush();
        for (int i = 0; i < fresh.size(); i++) {
            acks.get(i).get();
            last.merge(fresh.get(i).symbol(), fresh.get(i).ts(), Math::max);
        }
        return fresh;
    }

    @Override
    public void close() {
        producer.close();
    }
}
