package dev.algotrader.stream.sink;

import dev.algotrader.core.audit.EventLog;
import dev.algotrader.stream.TraderEvents;
import dev.algotrader.stream.trade.AuditEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Appends the trading operator's {@link AuditEvent}s to {@code events.jsonl} (the trader as actor),
 * in the order each subtask emitted them, each stamped with the time the operator emitted it. The
 * file is local to the embedded MiniCluster's machine, like the other trader outputs.
 *
 * <p>The events of a subtask are written in batches: at most {@value #MAX_DELAY_MS} ms after the
 * first unwritten one (a processing-time timer), at {@value #MAX_BATCH} events, before each
 * checkpoint and at the end of the input. One batch is one locked, forced append ({@link
 * TraderEvents#appendAll}), where one append per event cost the trader a file open, a lock and an
 * fsync for every risk rejection, order and fill.
 */
public final class EventLogSink implements Sink<AuditEvent> {

    /** The longest an event waits in memory before it is written. */
    static final long MAX_DELAY_MS = 100;

    /** The most events one append writes. */
    static final int MAX_BATCH = 1024;

    private final String eventsFile;

    public EventLogSink(String eventsFile) {
        this.eventsFile = eventsFile;
    }

    @Override
    public SinkWriter<AuditEvent> createWriter(WriterInitContext context) {
        return new Writer(
                new TraderEvents(Path.of(eventsFile)), context.getProcessingTimeService());
    }

    /** Buffers one subtask's events; every method runs in the task's mailbox thread. */
    static final class Writer implements SinkWriter<AuditEvent> {
        private final TraderEvents events;
        private final ProcessingTimeService time;
        private final List<EventLog.Entry> pending = new ArrayList<>();
        private boolean timerSet;

        Writer(TraderEvents events, ProcessingTimeService time) {
            this.events = events;
            this.time = time;
        }

        @Override
        public void write(AuditEvent e, Context c) {
            pending.add(events.entry(e.event(), e.runId(), e.details()));
            if (pending.size() >= MAX_BATCH) {
                drain();
            } else if (!timerSet) {
                timerSet = true;
                time.registerTimer(
                        time.getCurrentProcessingTime() + MAX_DELAY_MS,
                        t -> {
                            timerSet = false;
                            drain();
                        });
            }
        }

        private void drain() {
            if (pending.isEmpty()) return;
            events.appendAll(pending);
            pending.clear();
        }

        @Override
        public void flush(boolean endOfInput) {
            drain();
        }

        @Override
        public void close() {
            drain();
        }
    }
}
