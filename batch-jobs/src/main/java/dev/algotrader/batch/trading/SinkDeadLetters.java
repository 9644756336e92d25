package dev.algotrader.batch.trading;

import dev.algotrader.core.config.KafkaSettings;
import dev.algotrader.schema.topic.DeadLetter;
import dev.algotrader.schema.topic.Topic;
import dev.algotrader.schema.topic.TopicCodec;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the trading sink's unusable records ({@link TradingSink#deadLetters}) to the dead-letter
 * topic, keyed by their original key, from the driver (they are few), and waits until the broker
 * has them: an idempotent producer with {@code acks=all}, flushed before the micro-batch ends.
 */
final class SinkDeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(SinkDeadLetters.class);

    private SinkDeadLetters() {}

    /** Rows of {@link TradingSink#deadLetters}; nothing to do (no producer) when empty. */
    static void send(KafkaSettings kafka, List<Row> rows) {
        if (rows.isEmpty()) return;
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.requireBootstrapServers());
        p.put("enable.idempotence", "true");
        p.put("acks", "all");
        String topic = kafka.topic(Topic.DEAD_LETTER);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Row r : rows) {
                DeadLetter d = deadLetter(r);
                LOG.warn(
                        "trading-sink: {}[{}]@{} set aside: {}",
                        d.sourceTopic(),
                        d.partition(),
                        d.offset(),
                        d.reason());
                sent.add(
                        producer.send(
                                new ProducerRecord<>(
                                        topic,
                                        d.key() == null ? null : TopicCodec.key(d.key()),
                                        TopicCodec.encode(d))));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) f.get(); // a failed send fails the batch
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending dead letters", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not send the dead letters to " + topic, e);
        }
    }

    /** One row of {@link TradingSink#deadLetters}; {@code ts} = the record's Kafka timestamp. */
    static DeadLetter deadLetter(Row r) {
        Timestamp ts = r.getAs("timestamp");
        return new DeadLetter(
                r.getAs("topic"),
                r.<Integer>getAs("partition"),
                r.<Long>getAs("offset"),
                r.getAs("key"),
                r.getAs("value"),
                r.getAs("reason"),
                ts == null ? -1L : ts.getTime());
    }
}
