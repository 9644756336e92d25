package dev.algotrader.stream.kafka;

import dev.algotrader.schema.topic.TopicCodec;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One output record to one topic: the key ({@code Topic.keyedBy}) and the TopicCodec value, stamped
 * with the publish time.
 */
final class TopicSerializer<T> implements KafkaRecordSerializationSchema<T> {

    private final String topic;
    private final SerializableFunction<T, String> key;
    private final SerializableFunction<T, byte[]> value;

    TopicSerializer(
            String topic,
            SerializableFunction<T, String> key,
            SerializableFunction<T, byte[]> value) {
        this.topic = topic;
        this.key = key;
        this.value = value;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext ctx, Long ts) {
        // the record time is the publish time, not the element's event time: records of a replay
        // of old bars stamped with their bars' times would be deleted at once by time retention
        return new ProducerRecord<>(
                topic, TopicCodec.key(key.apply(element)), value.apply(element));
    }
}
