package dev.algotrader.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.job.JobSummary;
import dev.algotrader.schema.Bar;
import dev.algotrader.stream.bars.BarFeed;
import dev.algotrader.stream.control.ControlFile;
import dev.algotrader.stream.control.ControlState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ingest --follow} loop with a fake feed, landing and topic: closed bars once, never the
 * forming one, retries with backoff, quarantined bars neither published nor landed again, a restart
 * resumes after the topic's watermark, stop and pause from the control file, terminate (SIGTERM).
 */
class IngestFollowTest {

    private static final long M = 60_000L;
    private static final long T = Instant.parse("2026-12-03T12:00:00Z").toEpochMilli();

    @TempDir Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Bar> topic = new ArrayList<>();
    private final Map<String, Long> watermark = new HashMap<>();
    private final List<List<Bar>> landings = new ArrayList<>();
    private final List<Long> starts = new ArrayList<>();

    @Test
    void closedBarsArePublishedOnceAndTheFormingOneNever() throws Exception {
        ControlFile control = control();
        IngestFollow f = follower(feed(control, 0, 3), b -> true, control);
        IngestFollow.Result r = f.run();
        assertThat(topic).extracting(Bar::ts).containsExactly(T - 3 * M, T - 2 * M, T - M);
        assertThat(landings).as("landed once; later polls find nothing new").hasSize(1);
        assertThat(r.polls()).isEqualTo(3);
        assertThat(r.published()).isEqualTo(3);
        assertThat(text()).contains("no new closed bar").contains("stop requested");
    }

    @Test
    void aFailedPollIsRetriedWithADoublingBackoff() throws Exception {
        ControlFile control = control();
        IngestFollow.Result r = follower(feed(control, 2, 4), b -> true, control).run();
        assertThat(text())
                .contains("poll 1 failed (attempt 1), retrying in 10 ms: service down")
                .contains("poll 2 failed (attempt 2), retrying in 20 ms: service down");
        assertThat(r.failures()).isEqualTo(2);
        assertThat(topic).hasSize(3);
    }

    @Test
    void aQuarantinedBarIsNeitherPublishedNorLandedAgain() throws Exception {
        ControlFile control = control();
        follower(feed(control, 0, 3), b -> b.ts() != T - 2 * M, control).run();
        assertThat(topic).extracting(Bar::ts).containsExactly(T - 3 * M, T - M);
        assertThat(landings).hasSize(1);
    }

    @Test
    void aRestartResumesAfterTheTopicsNewestBar() throws Exception {
        watermark.put("BTC/USD", T - 2 * M);
        ControlFile control = control();
        follower(feed(control, 0, 2), b -> true, control).run();
        assertThat(topic).extracting(Bar::ts).containsExactly(T - M);
        assertThat(starts.get(0)).as("polls from the bar after the watermark").isEqualTo(T - M);
        assertThat(text()).contains("resuming after {BTC/USD=2026-12-03T11:58:00Z}");
    }

    @Test
    void pausedItDoesNotPollAndTerminateEndsIt() throws Exception {
        ControlFile control = control();
        control.write(new ControlState(ControlState.Mode.PAUSED, false, "maintenance", ""));
        IngestFollow f = follower(feed(control, 0, 100), b -> true, control);
        Thread t = new Thread(() -> run(f));
        t.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!text().contains("paused") && System.nanoTime() < deadline) Thread.sleep(20);
        f.terminate();
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(starts).isEmpty();
        assertThat(text()).contains("paused (").contains(": maintenance): not polling");
        assertThat(text()).contains("terminated: shutting down cleanly");
    }

    private static void run(IngestFollow f) {
        try {
            f.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ControlFile control() {
        return new ControlFile(tmp.resolve("follow-control.json"));
    }

    private String text() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Fails the first {@code failures} fetches; writes stopped at fetch {@code stopAt}. */
    private BarFeed feed(ControlFile control, int failures, int stopAt) {
        AtomicInteger n = new AtomicInteger();
        return new BarFeed() {
            @Override
            public List<Bar> fetch(List<String> symbols, long startMillis) throws IOException {
                int i = n.incrementAndGet();
                if (i >= stopAt) {
                    control.write(new ControlState(ControlState.Mode.STOPPED, false, "", ""));
                }
                if (i <= failures) throw new IOException("service down");
                starts.add(startMillis);
                List<Bar> bars = new ArrayList<>();
                for (long ts = T - 3 * M; ts <= T; ts += M) {
                    if (ts >= startMillis)
                        bars.add(new Bar("BTC/USD", "1m", ts, 1, 2, 0.5, 1.5, 3));
                }
                return bars; // the last one (ts = T) closes at T + 1m: still forming
            }

            @Override
            public String name() {
                return "fake";
            }
        };
    }

    private IngestFollow follower(
            BarFeed feed, java.util.function.Predicate<Bar> accepted, ControlFile control) {
        IngestFollow.Outlet outlet =
                new IngestFollow.Outlet() {
                    @Override
                    public String topic() {
                        return "bars.1m";
                    }

                    @Override
                    public Map<String, Long> watermark() {
                        return Map.copyOf(watermark);
                    }

                    @Override
                    public List<Bar> publish(List<Bar> bars) {
                        List<Bar> sent = new ArrayList<>();
                        for (Bar b : bars) {
                            if (b.ts() > watermark.getOrDefault(b.symbol(), Long.MIN_VALUE)) {
                                sent.add(b);
                                watermark.put(b.symbol(), b.ts());
                            }
                        }
                        topic.addAll(sent);
                        return sent;
                    }
                };
        IngestFollow.Lander lander =
                (bars, origin) -> {
                    landings.add(bars);
                    List<Bar> ok = bars.stream().filter(accepted).toList();
                    return new IngestFollow.Landed(
                            new JobSummary(
                                    "ingest",
                                    "r",
                                    bars.size(),
                                    ok.size(),
                                    bars.size() - ok.size(),
                                    Map.of()),
                            ok);
                };
        return new IngestFollow(
                new IngestFollow.Settings(
                        "fake",
                        "1m",
                        List.of("BTC/USD"),
                        Duration.ofMillis(10),
                        Duration.ofHours(1),
                        Duration.ofMillis(10),
                        Duration.ofMillis(40)),
                feed,
                outlet,
                lander,
                control,
                Clock.fixed(Instant.ofEpochMilli(T), ZoneOffset.UTC),
                new PrintStream(out, true, StandardCharsets.UTF_8));
    }
}
