package dev.algotrader.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.cli.CliHarness;
import dev.algotrader.cli.Main;
import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.audit.Secrets;
import dev.algotrader.fixtures.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventsCommandTest {

    @TempDir Path tmp;
    private CliHarness cli;
    private final TestClock clock = new TestClock(Instant.parse("2026-11-25T10:00:00Z"));

    @BeforeEach
    void seed() {
        cli = new CliHarness(tmp, "", clock, Map.of());
        EventLog log = new EventLog(cli.eventsFile(), clock, new Secrets(Map.of()));
        log.append("data-steward", "job.start", "ingest-1", Map.of("job", "ingest"));
        clock.advanceMillis(60_000);
        log.append("data-steward", "job.end", "ingest-1", Map.of("rows_out", 9399));
        clock.advanceMillis(3_600_000);
        log.append("researcher", "job.failed", "train-1", Map.of("error", "no labels"));
        clock.advanceMillis(60_000);
        log.append("trader", "kill-switch.on", "-", Map.of("reason", "manual"));
    }

    @Test
    void printsAllEventsInOrder() {
        assertThat(cli.run("events")).isZero();
        assertThat(cli.out().lines())
                .hasSize(4)
                .first()
                .asString()
                .startsWith("2026-11-25T10:00:00Z")
                .contains("job.start");
    }

    @Test
    void protectiveCancellationsAreSummarizedUnlessAllIsAsked() {
        EventLog log = new EventLog(cli.eventsFile(), clock, new Secrets(Map.of()));
        log.append(
                "trader",
                "order.submitted",
                "paper",
                Map.of("client_order_id", "sma-cross-btcusd-a-en-00000001", "broker", "paper"));
        for (int i = 0; i < 18; i++) {
            clock.advanceMillis(60_000);
            log.append(
                    "trader",
                    "order.cancelled",
                    "paper",
                    Map.of(
                            "count",
                            2,
                            "protective",
                            2,
                            "client_order_ids",
                            "sma-cross-btcusd-"
                                    + i
                                    + "-sl-00000001,sma-cross-btcusd-"
                                    + i
                                    + "-tp-00000002"));
        }
        // an entry cancelled (ttl) is shown as it is
        log.append(
                "trader",
                "order.cancelled",
                "paper",
                Map.of("count", 1, "protective", 0, "client_order_ids", "x-en-1"));
        log.append("trader", "order.filled", "paper", Map.of("client_order_id", "x"));

        assertThat(cli.run("events", "--tail", "4")).isZero();
        assertThat(cli.out().lines()).hasSize(4);
        assertThat(cli.out())
                .contains("order.submitted")
                .contains("order.cancelled x18")
                .contains("\"protective_orders\":36")
                .contains("events --all")
                .contains("x-en-1")
                .contains("order.filled");

        assertThat(cli.run("events", "--all", "--type", "order.cancelled")).isZero();
        assertThat(cli.out().lines()).hasSize(19).noneMatch(l -> l.contains(" x18"));
        assertThat(cli.run("events", "--json", "--type", "order.cancelled")).isZero();
        assertThat(cli.out().lines()).as("--json prints every event").hasSize(19);
    }

    @Test
    void tailKeepsTheLastN() {
        assertThat(cli.run("events", "--tail", "2")).isZero();
        assertThat(cli.out().lines()).hasSize(2);
        assertThat(cli.out()).contains("job.failed").contains("kill-switch.on");
    }

    @Test
    void typeIsExactOrAPrefix() {
        cli.run("events", "--type", "job.end");
        assertThat(cli.out().lines()).hasSize(1).allMatch(l -> l.contains("job.end"));
        cli.run("events", "--type", "job.*");
        assertThat(cli.out().lines()).hasSize(3);
        cli.run("events", "--type", "job");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void sinceTakesAnInstantOrAnAge() {
        cli.run("events", "--since", "2026-11-25T10:30:00Z");
        assertThat(cli.out().lines()).hasSize(2);
        // now = 11:02; 5m ago = 10:57 → only the last two
        cli.run("events", "--since", "5m");
        assertThat(cli.out().lines()).hasSize(2);
        cli.run("events", "--since", "2h", "--type", "job.*", "--tail", "1");
        assertThat(cli.out().lines()).singleElement().asString().contains("job.failed");
    }

    @Test
    void jsonPrintsRawLines() {
        cli.run("events", "--json", "--tail", "1");
        assertThat(cli.out().strip()).startsWith("{\"time\":").contains("\"reason\":\"manual\"");
    }

    @Test
    void badSinceIsAUserError() {
        assertThat(cli.run("events", "--since", "yesterday")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err()).contains("--since 'yesterday'");
    }

    @Test
    void aTornLineIsSkippedWithAWarningNotACrash() throws Exception {
        Files.writeString(cli.eventsFile(), "{\"time\": \"2026-11-2", StandardOpenOption.APPEND);
        assertThat(cli.run("events")).isZero();
        assertThat(cli.out().lines()).hasSize(4);
        assertThat(cli.err()).contains("1 unreadable line");
    }

    @Test
    void missingLogIsNotAnError(@TempDir Path other) {
        CliHarness empty = new CliHarness(other);
        assertThat(empty.run("events")).isZero();
        assertThat(empty.out()).contains("no events yet");
    }
}
