package dev.algotrader.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.cli.CliHarness;
import dev.algotrader.cli.Main;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Bar;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs report their steps while they run: each line that reaches the CLI's stdout is stamped with
 * what was on disk at that moment, so a line printed before the job wrote its tables was streamed,
 * not collected and printed at the end.
 */
class JobProgressStreamingTest {

    @TempDir Path tmp;

    /** A line of stdout and the state of the job's outputs when it arrived. */
    record Seen(String line, boolean silverBars, long jobsEnded) {}

    /** Splits what the CLI writes into lines and stamps each one as it arrives. */
    private static final class StampingStream extends OutputStream {
        private final Path data;
        private final Path events;
        private final StringBuilder pending = new StringBuilder();
        final List<Seen> seen = new ArrayList<>();

        StampingStream(Path data, Path events) {
            this.data = data;
            this.events = events;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                seen.add(
                        new Seen(
                                pending.toString(),
                                Files.exists(data.resolve("silver/bars/_delta_log")),
                                jobEnds()));
                pending.setLength(0);
            } else {
                pending.append((char) b);
            }
        }

        private long jobEnds() {
            try {
                return Files.exists(events)
                        ? Files.readAllLines(events).stream()
                                .filter(l -> l.contains("\"job.end\""))
                                .count()
                        : 0;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Test
    void ingestPrintsEachStepBeforeItWritesItsTables() throws Exception {
        List<Bar> bars = SampleData.btcMinuteBars().subList(0, 300);
        Path csv = tmp.resolve("bars.csv");
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
            w.println("ts,open,high,low,close,volume");
            for (Bar b : bars) {
                w.printf(
                        Locale.ROOT,
                        "%d,%s,%s,%s,%s,%s%n",
                        b.ts(),
                        b.open(),
                        b.high(),
                        b.low(),
                        b.close(),
                        b.volume());
            }
        }
        Clock clock =
                Clock.fixed(
                        Instant.ofEpochMilli(bars.get(bars.size() - 1).ts()).plusSeconds(3600),
                        ZoneOffset.UTC);
        CliHarness harness = new CliHarness(tmp, "", clock, Map.of());
        Map<String, String> env = Map.of("ALGOTRADER_PROGRESS", "lines");
        StampingStream stdout = new StampingStream(tmp.resolve("data"), harness.eventsFile());
        PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(OutputStream.nullOutputStream(), true);
        String conf = tmp.resolve("test.conf").toString();

        int code =
                Main.execute(
                        new String[] {
                            "--config",
                            conf,
                            "ingest",
                            "--source",
                            "csv-bars",
                            "--path",
                            csv.toString(),
                            "--symbol",
                            "BTC/USD"
                        },
                        out,
                        err,
                        clock,
                        env);
        assertThat(code).isZero();
        List<Seen> ingest = List.copyOf(stdout.seen);
        // the first line is step 1 (its time is the Spark start-up), written before any table
        Seen first =
                ingest.stream()
                        .filter(s -> s.line().contains("read and check the input (1 sources)"))
                        .findFirst()
                        .orElseThrow();
        assertThat(ingest.get(0).line()).startsWith("[ingest] step 1: ");
        assertThat(first.silverBars() || first.jobsEnded() > 0).isFalse();
        assertThat(ingest)
                .filteredOn(
                        s ->
                                s.line()
                                        .matches(
                                                "\\[ingest\\] step \\d+: clean and merge silver/bars.*"))
                .singleElement()
                .matches(s -> !s.silverBars() && s.jobsEnded() == 0, "streamed before silver/bars");
        assertThat(ingest.get(ingest.size() - 1).line()).startsWith("ingest: 300 in, 300 out");
        assertThat(ingest.get(ingest.size() - 1).jobsEnded()).isEqualTo(1);
    }
}
