package dev.algotrader.cli.commands;

import dev.algotrader.batch.feed.BarPublisher;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.BarInterval;
import dev.algotrader.stream.bars.BarFeed;
import dev.algotrader.stream.control.ControlFile;
import dev.algotrader.stream.control.ControlState;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop of {@code ingest --follow}: every poll interval it asks the {@link BarFeed} for the bars
 * since the last published one per symbol, keeps the newly closed ones (close time reached: an open
 * bar is never landed or published), lands them in bronze/silver ({@link Lander}) and then
 * publishes them to {@code bars.<interval>} ({@link BarPublisher}). The watermark is the topic's
 * newest bar per symbol, read when the publisher opens, so a restarted follower neither republishes
 * nor skips a bar: a bar landed but not published (crash in between) is polled again, landed again
 * (a MERGE: no change) and published. A failed poll, landing or publish is retried after a backoff
 * that doubles up to a limit. It ends when the control file says stopped or {@link #terminate} is
 * called (SIGTERM); paused skips polls.
 */
final class IngestFollow {

    private static final Logger LOG = LoggerFactory.getLogger(IngestFollow.class);

    /**
     * Lands one poll's closed bars in bronze/silver and returns what silver now holds for them (a
     * quarantined bar is not among them, so it is never published).
     */
    interface Lander {
        Landed land(List<Bar> bars, String origin) throws Exception;
    }

    /** The landing's summary and the bars silver holds for the landed keys. */
    record Landed(JobSummary summary, List<Bar> accepted) {}

    /** Where the bars go: {@code bars.<interval>} through a {@link BarPublisher}. */
    interface Outlet {
        String topic();

        /** The newest published bar time per symbol. */
        Map<String, Long> watermark();

        /** Sends the bars newer than the watermark; returns those sent. */
        List<Bar> publish(List<Bar> bars) throws Exception;

        static Outlet of(BarPublisher p) {
            return new Outlet() {
                @Override
                public String topic() {
                    return p.topic();
                }

                @Override
                public Map<String, Long> watermark() {
                    return p.watermark();
                }

                @Override
                public List<Bar> publish(List<Bar> bars) throws Exception {
                    return p.publish(bars);
                }
            };
        }
    }

    /** How and what to follow. */
    record Settings(
            String source,
            String interval,
            List<String> symbols,
            Duration pollInterval,
            Duration lookback,
            Duration initialBackoff,
            Duration maxBackoff) {}

    /** What a follow run did. */
    record Result(long polls, long landed, long published, long rejected, long failures) {}

    private final Settings s;
    private final BarFeed feed;
    private final Outlet publisher;
    private final Lander lander;
    private final ControlFile control;
    private final Clock clock;
    private final PrintStream out;
    private final AtomicBoolean terminate = new AtomicBoolean();
    private final long step;
    private final Map<String, Long> landedUpTo = new HashMap<>();

    IngestFollow(
            Settings s,
            BarFeed feed,
            Outlet publisher,
            Lander lander,
            ControlFile control,
            Clock clock,
            PrintStream out) {
        this.s = s;
        this.feed = feed;
        this.publisher = publisher;
        this.lander = lander;
        this.control = control;
        this.clock = clock;
        this.out = out;
        this.step = BarInterval.parse(s.interval()).millis();
    }

    /** Asks the loop to end after the step it is in (SIGTERM). */
    void terminate() {
        terminate.set(true);
    }

    /** Polls until stopped; returns the counts. */
    Result run() throws InterruptedException {
        long polls = 0, landed = 0, published = 0, rejected = 0, failures = 0;
        int failed = 0;
        boolean paused = false;
        say(
                "following "
                        + feed.name()
                        + " "
                        + s.interval()
                        + " "
                        + s.symbols()
                        + " every "
                        + seconds(s.pollInterval())
                        + " → "
                        + publisher.topic()
                        + " and silver/bars; resuming after "
                        + describe(publisher.watermark()));
        while (!terminate.get()) {
            ControlState c = control.read();
            if (c.stopRequested()) {
                say("stop requested (" + control.path() + reason(c) + ")");
                break;
            }
            if (c.mode() == ControlState.Mode.PAUSED) {
                if (!paused) say("paused (" + control.path() + reason(c) + "): not polling");
                paused = true;
                waitFor(Duration.ofMillis(500));
                continue;
            }
            if (paused) say("resumed");
            paused = false;
            polls++;
            Instant now = clock.instant();
            try {
                List<Bar> closed = closedSince(now.toEpochMilli());
                if (closed.isEmpty()) {
                    say("poll " + polls + " at " + now + ": no new closed bar");
                } else {
                    long t0 = System.nanoTime();
                    Landed l = lander.land(closed, feed.name() + " poll " + now);
                    JobSummary j = l.summary();
                    List<Bar> sent = publisher.publish(l.accepted());
                    // past a quarantined bar too: it is not polled and quarantined again
                    for (Bar b : closed) landedUpTo.merge(b.symbol(), b.ts(), Math::max);
                    landed += j.rowsOut();
                    rejected += j.rowsRejected();
                    published += sent.size();
                    say(
                            "poll "
                                    + polls
                                    + " at "
                                    + now
                                    + ": "
                                    + closed.size()
                                    + " new closed bars → silver/bars "
                                    + j.rowsOut()
                                    + " landed, "
                                    + j.rowsRejected()
                                    + " quarantined; "
                                    + publisher.topic()
                                    + " +"
                                    + sent.size()
                                    + " ("
                                    + (System.nanoTime() - t0) / 1_000_000
                                    + " ms; last "
                                    + describe(publisher.watermark())
                                    + ")");
                }
                failed = 0;
                waitFor(s.pollInterval());
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                failures++;
                failed++;
                Duration backoff = backoff(failed);
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                say(
                        "poll "
                                + polls
                                + " failed (attempt "
                                + failed
                                + "), retrying in "
                                + seconds(backoff)
                                + ": "
                                + why);
                LOG.warn("ingest --follow {} poll failed", feed.name(), e);
                waitFor(backoff);
            }
        }
        if (terminate.get()) say("terminated: shutting down cleanly");
        return new Result(polls, landed, published, rejected, failures);
    }

    /**
     * The feed's bars after each symbol's watermark whose close time has passed, in time order. The
     * poll reaches back to the oldest watermark, at most {@code lookback}.
     */
    List<Bar> closedSince(long now) throws Exception {
        Map<String, Long> last = new HashMap<>(publisher.watermark());
        landedUpTo.forEach((k, v) -> last.merge(k, v, Math::max));
        long start = now - s.lookback().toMillis();
        long from = Long.MAX_VALUE;
        for (String sym : s.symbols()) {
            Long c = last.get(sym);
            from = Math.min(from, c == null ? start : Math.max(start, c + step));
        }
        from = Math.min(from, now);
        List<Bar> closed = new ArrayList<>();
        for (Bar b : feed.fetch(s.symbols(), from)) {
            if (s.symbols().contains(b.symbol())
                    && b.interval().equals(s.interval())
                    && b.closeTime() <= now
                    && b.ts() > last.getOrDefault(b.symbol(), Long.MIN_VALUE)) {
                closed.add(b);
            }
        }
        closed.sort(Comparator.comparingLong(Bar::ts).thenComparing(Bar::symbol));
        return closed;
    }

    Duration backoff(int failed) {
        long ms = s.initialBackoff().toMillis() << Math.min(failed - 1, 20);
        return Duration.ofMillis(Math.min(ms, s.maxBackoff().toMillis()));
    }

    /** Sleeps {@code d} in short slices, ending early on terminate or a stop request. */
    private void waitFor(Duration d) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        while (!terminate.get()) {
            long left = end - System.nanoTime();
            if (left <= 0) return;
            ControlState c = control.read();
            if (c.stopRequested()) return;
            Thread.sleep(Math.min(250, Math.max(1, left / 1_000_000)));
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String reason(ControlState c) {
        return c.reason() == null || c.reason().isEmpty() ? "" : ": " + c.reason();
    }

    private static String describe(Map<String, Long> watermark) {
        if (watermark.isEmpty()) return "nothing published yet";
        Map<String, String> m = new TreeMap<>();
        watermark.forEach((k, v) -> m.put(k, Instant.ofEpochMilli(v).toString()));
        return m.toString();
    }

    private void say(String line) {
        out.println("ingest --follow " + feed.name() + " " + s.interval() + ": " + line);
        out.flush();
    }
}
