package dev.algotrader.stream.kafka;

import dev.algotrader.schema.Bar;
import dev.algotrader.schema.topic.DeadLetter;
import dev.algotrader.schema.topic.TopicCodec;
import dev.algotrader.schema.topic.TopicRecordException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes {@code bars.<interval>} records. A record that is malformed, of another interval or of a
 * symbol this trader does not trade becomes a dead letter with the reason; it never fails the job.
 * Impossible values and lateness are the {@code BarSequencer}'s to judge (its rejections go to the
 * dead-letter topic too).
 */
final class BarRecordDeserializer implements KafkaRecordDeserializationSchema<KafkaBar> {

    private final String interval;
    private final Set<String> symbols;

    BarRecordDeserializer(String interval, Set<String> symbols) {
        this.interval = interval;
        this.symbols = Set.copyOf(symbols);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<KafkaBar> out) {
        String reason;
        try {
            Bar bar = TopicCodec.decodeBar(record.value());
            if (!interval.equals(bar.interval())) {
                reason = "interval " + bar.interval() + " on a topic of " + interval + " bars";
            } else if (!symbols.contains(bar.symbol())) {
                reason = "unknown symbol " + bar.symbol() + " (trading " + symbols + ")";
            } else {
                out.collect(new KafkaBar(bar, null));
                return;
            }
        } catch (TopicRecordException e) {
            reason = "malformed: " + e.getMessage();
        }
        out.collect(new KafkaBar(null, deadLetter(record, reason)));
    }

    static DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> r, String reason) {
        return new DeadLetter(
                r.topic(),
                r.partition(),
                r.offset(),
                text(r.key()),
                text(r.value()),
                reason,
                r.timestamp());
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public TypeInformation<KafkaBar> getProducedType() {
        return TypeInformation.of(KafkaBar.class);
    }
}
