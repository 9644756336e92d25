package dev.algotrader.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.schema.Event;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTest {

    @TempDir Path tmp;

    private static Map<String, Object> details(int i) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("symbol", "BTC/USD");
        d.put("n", i);
        d.put("uri", "http://bob:pw-secret-1@host/x");
        d.put("api_token", "tok");
        return d;
    }

    @Test
    void aBatchWritesTheSameLinesAsOneAppendPerEvent() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);
        Secrets secrets = new Secrets(Map.of());
        EventLog one = new EventLog(tmp.resolve("one.jsonl"), clock, secrets);
        EventLog batch = new EventLog(tmp.resolve("batch.jsonl"), clock, secrets);
        for (int i = 0; i < 3; i++) one.append("trader", "order.filled", "run-1", details(i));
        List<Event> written =
                batch.appendAll(
                        List.of(
                                batch.entry("trader", "order.filled", "run-1", details(0)),
                                batch.entry("trader", "order.filled", "run-1", details(1)),
                                batch.entry("trader", "order.filled", "run-1", details(2))));
        assertThat(batch.appendAll(List.of())).isEmpty();

        String lines = Files.readString(tmp.resolve("batch.jsonl"), StandardCharsets.UTF_8);
        assertThat(lines)
                .isEqualTo(Files.readString(tmp.resolve("one.jsonl"), StandardCharsets.UTF_8));
        assertThat(lines.lines()).hasSize(3);
        assertThat(lines).doesNotContain("pw-secret-1", "\"tok\"").contains("http://***@host/x");
        assertThat(batch.readAll()).isEqualTo(written);
        assertThat(written).extracting(e -> e.details().get("n")).containsExactly(0, 1, 2);
    }

    @Test
    void anEntryKeepsTheTimeItWasMadeNotTheTimeItIsWritten() {
        Instant[] now = {Instant.parse("2026-12-03T10:00:00Z")};
        Clock clock =
                new Clock() {
                    @Override
                    public java.time.ZoneId getZone() {
                        return ZoneOffset.UTC;
                    }

                    @Override
                    public Clock withZone(java.time.ZoneId zone) {
                        return this;
                    }

                    @Override
                    public Instant instant() {
                        return now[0];
                    }
                };
        EventLog log = new EventLog(tmp.resolve("events.jsonl"), clock, new Secrets(Map.of()));
        EventLog.Entry e = log.entry("trader", "risk.rejected", "run-1", Map.of());
        now[0] = now[0].plusSeconds(5);
        log.appendAll(List.of(e));
        assertThat(log.readAll().get(0).time()).isEqualTo("2026-12-03T10:00:00Z");
    }
}
