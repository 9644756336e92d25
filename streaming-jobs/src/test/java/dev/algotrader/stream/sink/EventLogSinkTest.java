package dev.algotrader.stream.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.audit.Secrets;
import dev.algotrader.schema.Event;
import dev.algotrader.stream.TraderEvents;
import dev.algotrader.stream.trade.AuditEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogSinkTest {

    @TempDir Path tmp;

    /** Timers that fire only when the test says so. */
    static final class ManualTime implements ProcessingTimeService {
        long now = 1_000;
        final List<Long> due = new ArrayList<>();
        final List<ProcessingTimeCallback> callbacks = new ArrayList<>();

        @Override
        public long getCurrentProcessingTime() {
            return now;
        }

        @Override
        public ScheduledFuture<?> registerTimer(long time, ProcessingTimeCallback cb) {
            due.add(time);
            callbacks.add(cb);
            return null;
        }

        void fire() throws Exception {
            List<ProcessingTimeCallback> run = new ArrayList<>(callbacks);
            callbacks.clear();
            for (ProcessingTimeCallback cb : run) cb.onProcessingTime(now);
        }
    }

    private List<Event> events() {
        return new EventLog(tmp.resolve("events.jsonl"), Clock.systemUTC(), new Secrets(Map.of()))
                .readAll();
    }

    private static AuditEvent event(int i) {
        return new AuditEvent("risk.rejected", "run-1", Map.of("n", i));
    }

    @Test
    void writesABatchWhenItsTimerFiresAtACheckpointAndAtTheEnd() throws Exception {
        ManualTime time = new ManualTime();
        EventLogSink.Writer w =
                new EventLogSink.Writer(new TraderEvents(tmp.resolve("events.jsonl")), time);
        w.write(event(0), null);
        w.write(event(1), null);
        assertThat(events()).isEmpty();
        assertThat(time.due).containsExactly(1_000 + EventLogSink.MAX_DELAY_MS);

        time.fire();
        assertThat(events()).extracting(e -> e.details().get("n")).containsExactly(0, 1);

        w.write(event(2), null);
        assertThat(time.due).hasSize(2);
        w.flush(false); // before a checkpoint
        w.write(event(3), null);
        w.close();
        time.fire(); // a timer after the batch was written: nothing more
        assertThat(events()).extracting(e -> e.details().get("n")).containsExactly(0, 1, 2, 3);
        assertThat(events())
                .allSatisfy(
                        e -> {
                            assertThat(e.actor()).isEqualTo(TraderEvents.ACTOR);
                            assertThat(e.event()).isEqualTo("risk.rejected");
                            assertThat(e.runId()).isEqualTo("run-1");
                        });
    }

    @Test
    void aFullBatchIsWrittenAtOnce() {
        ManualTime time = new ManualTime();
        EventLogSink.Writer w =
                new EventLogSink.Writer(new TraderEvents(tmp.resolve("events.jsonl")), time);
        for (int i = 0; i < EventLogSink.MAX_BATCH + 1; i++) w.write(event(i), null);
        assertThat(events()).hasSize(EventLogSink.MAX_BATCH);
        assertThat(time.due).hasSize(1);
    }
}
