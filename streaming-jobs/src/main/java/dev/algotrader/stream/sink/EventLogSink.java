package dev.algotrader.stream.sink;

import dev.algotrader.stream.TraderEvents;
import dev.algotrader.stream.trade.AuditEvent;
import java.nio.file.Path;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Appends the trading operator's {@link AuditEvent}s to {@code events.jsonl} (the trader as actor),
 * in the order each subtask emitted them. The file is local to the embedded MiniCluster's machine,
 * like the other trader outputs.
 */
public final class EventLogSink implements Sink<AuditEvent> {

    private final String eventsFile;

    public EventLogSink(String eventsFile) {
        this.eventsFile = eventsFile;
    }

    @Override
    public SinkWriter<AuditEvent> createWriter(WriterInitContext context) {
        TraderEvents events = new TraderEvents(Path.of(eventsFile));
        return new SinkWriter<>() {
            @Override
            public void write(AuditEvent e, Context c) {
                events.append(e.event(), e.runId(), e.details());
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
