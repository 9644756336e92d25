package dev.algotrader.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.audit.Secrets;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Event;
import dev.algotrader.stream.bars.BarFiles;
import dev.algotrader.stream.control.ControlFile;
import dev.algotrader.stream.control.ControlState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code paper-run} trades a paced replay until the control file says stopped. */
class PaperRunIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestFlink.twoSlots();

    @TempDir Path tmp;

    @Test
    void stopInTheControlFileEndsTheRunWithASavepointAndTheNextRunContinuesAtTheNextBar()
            throws Exception {
        List<dev.algotrader.schema.Bar> input = SampleData.btcMinuteBars().subList(0, 3000);
        BarFiles.writeJsonl(tmp.resolve("inbox/bars.jsonl"), input);
        AppConfig cfg =
                AppConfig.withOverrides(
                        String.join(
                                "\n",
                                "algotrader.events-file = \"" + tmp.resolve("events.jsonl") + "\"",
                                "algotrader.trader.bars = \"" + tmp.resolve("inbox") + "\"",
                                "algotrader.trader.out-dir = \"" + tmp.resolve("out") + "\"",
                                "algotrader.trader.state-dir = \"" + tmp.resolve("state") + "\"",
                                "algotrader.trader.control-file = \""
                                        + tmp.resolve("control.json")
                                        + "\"",
                                "algotrader.trader.champion.registry = \"\"",
                                // 3000 one-minute bars (51 h) at 6000x: about 31 s if never stopped
                                "algotrader.trader.replay-speed = 6000",
                                "algotrader.trader.checkpoint-interval = 500ms",
                                "algotrader.backtest.strategy = \"sma-cross\""));
        ControlFile control = new ControlFile(tmp.resolve("control.json"));

        Run first = runAndStopAfter(cfg, control, 5000);
        List<Event> ev = events();
        assertThat(ev).noneMatch(e -> e.event().equals("trader.stop.savepoint_failed"));
        Event end1 = last(ev, "trader.run.end");
        assertThat(String.valueOf(end1.details().get("savepoint"))).startsWith("file:");
        // the runner looks at the control file every 500 ms; the savepoint itself is quick
        assertThat(first.stopToEndSeconds).as("stop to end of run").isLessThan(5);
        // stopped trading blocks orders from the next bar on if a bar comes after the change
        ev.stream()
                .filter(e -> e.event().equals("trader.control.applied"))
                .filter(e -> "stopped".equals(e.details().get("state")))
                .forEach(e -> assertThat(e.details().get("new_orders")).isEqualTo("blocked"));
        assertThat(first.orders).isNotEmpty();
        assertThat(first.summary.rowsIn()).as("bars traded before the stop").isBetween(50L, 2900L);
        assertThat(first.barTimes).hasSize((int) first.summary.rowsIn());

        control.write(new ControlState(ControlState.Mode.RUNNING, false, "test", ""));
        Run second = runAndStopAfter(cfg, control, 3000);
        ev = events();
        Event start2 = last(ev, "trader.run.start");
        assertThat(start2.details().get("resumed_from")).isEqualTo(end1.details().get("savepoint"));
        assertThat(second.barTimes).isNotEmpty();
        long lastOfFirst = first.barTimes.last();
        // exactly the bar after the savepoint's last one: none traded twice, none skipped
        long next =
                input.stream()
                        .mapToLong(dev.algotrader.schema.Bar::ts)
                        .filter(ts -> ts > lastOfFirst)
                        .min()
                        .orElseThrow();
        assertThat(second.barTimes.first()).isEqualTo(next);
        java.util.Set<String> ids1 = clientOrderIds(first.orders);
        java.util.Set<String> ids2 = clientOrderIds(second.orders);
        ids2.retainAll(ids1);
        assertThat(ids2).as("orders sent in both runs").isEmpty();
    }

    @Test
    void aSecondPaperRunOfTheSameRunIdIsRefusedAndTheFirstTradesOn() throws Exception {
        BarFiles.writeJsonl(
                tmp.resolve("inbox/bars.jsonl"), SampleData.btcMinuteBars().subList(0, 3000));
        AppConfig cfg =
                AppConfig.withOverrides(
                        String.join(
                                "\n",
                                "algotrader.events-file = \"" + tmp.resolve("events.jsonl") + "\"",
                                "algotrader.trader.bars = \"" + tmp.resolve("inbox") + "\"",
                                "algotrader.trader.out-dir = \"" + tmp.resolve("out") + "\"",
                                "algotrader.trader.state-dir = \"" + tmp.resolve("state") + "\"",
                                "algotrader.trader.control-file = \""
                                        + tmp.resolve("control.json")
                                        + "\"",
                                "algotrader.trader.champion.registry = \"\"",
                                "algotrader.trader.replay-speed = 6000",
                                "algotrader.trader.checkpoint-interval = 500ms"));
        ControlFile control = new ControlFile(tmp.resolve("control.json"));
        java.util.concurrent.CompletableFuture<JobSummary> first =
                java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return TraderRunner.paperRun(cfg, TraderRunner.Options.defaults());
                            } catch (Exception e) {
                                throw new java.util.concurrent.CompletionException(e);
                            }
                        });
        // wait until the first run trades (bars reach its position output), however slow the
        // machine: only then is it a trader a second start could disturb
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (files().stream()
                .noneMatch(f -> f.getParent().endsWith("positions") && size(f) > 0)) {
            assertThat(System.nanoTime()).as("first run trading").isLessThan(deadline);
            assertThat(first).as("first run still running").isNotDone();
            Thread.sleep(200);
        }
        assertThat(tmp.resolve("state/trader.lock")).exists();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> TraderRunner.paperRun(cfg, TraderRunner.Options.defaults()))
                .isInstanceOf(TraderRunner.TraderError.class)
                .hasMessageContaining("a trader for run id 'paper' already runs (paper-run, pid")
                .hasMessageContaining("'algo-trader trader stop'");
        assertThat(first).as("the first run is unaffected").isNotDone();
        control.write(new ControlState(ControlState.Mode.STOPPED, false, "test", ""));
        JobSummary s = first.get(2, java.util.concurrent.TimeUnit.MINUTES);
        assertThat(s.rowsIn()).as("bars the first run traded").isPositive();
        List<Event> ev = events();
        assertThat(ev.stream().filter(e -> e.event().equals("trader.run.start"))).hasSize(1);
        assertThat(last(ev, "trader.run.end").details()).containsKey("savepoint");
        assertThat(tmp.resolve("state/trader.lock")).as("released at the end").doesNotExist();
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private record Run(
            JobSummary summary,
            double stopToEndSeconds,
            List<String> orders,
            java.util.TreeSet<Long> barTimes) {}

    private Run runAndStopAfter(AppConfig cfg, ControlFile control, long millis) throws Exception {
        java.util.Set<Path> before = files();
        long[] stoppedAt = {0};
        Thread stopper =
                new Thread(
                        () -> {
                            try {
                                Thread.sleep(millis);
                            } catch (InterruptedException e) {
                                return;
                            }
                            stoppedAt[0] = System.nanoTime();
                            control.write(
                                    new ControlState(ControlState.Mode.STOPPED, false, "test", ""));
                        });
        stopper.start();
        JobSummary s = TraderRunner.paperRun(cfg, TraderRunner.Options.defaults());
        long endedAt = System.nanoTime();
        stopper.join();
        assertThat(stoppedAt[0]).as("the run lasted until the stop").isPositive();
        List<String> orders = new ArrayList<>();
        java.util.TreeSet<Long> barTimes = new java.util.TreeSet<>();
        for (Path f : files()) {
            if (before.contains(f)) continue;
            String table = f.getParent().getFileName().toString();
            if (table.equals("orders")) orders.addAll(Files.readAllLines(f));
            if (table.equals("positions")) {
                for (String line : Files.readAllLines(f)) {
                    // one position row per bar, stamped with the bar's close (open + 1m)
                    long ts = JSON.readTree(line).path("ts").asLong() - 60_000L;
                    assertThat(barTimes.add(ts)).as("one position row per bar").isTrue();
                }
            }
        }
        return new Run(s, (endedAt - stoppedAt[0]) / 1e9, orders, barTimes);
    }

    private java.util.Set<Path> files() throws java.io.IOException {
        Path out = tmp.resolve("out");
        if (!Files.exists(out)) return java.util.Set.of();
        try (Stream<Path> w = Files.walk(out)) {
            return new java.util.HashSet<>(w.filter(Files::isRegularFile).toList());
        }
    }

    private static java.util.Set<String> clientOrderIds(List<String> rows) throws Exception {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (String r : rows) ids.add(JSON.readTree(r).path("client_order_id").asText());
        return ids;
    }

    private List<Event> events() {
        return new EventLog(tmp.resolve("events.jsonl"), Clock.systemUTC(), new Secrets(Map.of()))
                .readAll();
    }

    private static Event last(List<Event> ev, String name) {
        Event found = null;
        for (Event e : ev) if (e.event().equals(name)) found = e;
        assertThat(found).as(name).isNotNull();
        return found;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
}
