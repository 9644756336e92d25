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
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code paper-run} trades a paced replay until the control file says stopped. */
class PaperRunIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path tmp;

    @Test
    @org.junit.jupiter.api.Disabled(
            "known issue: in paper-run (paced replay, checkpointing, buffer timeout 0) no bar"
                    + " reached the outputs within 6 s and stop-with-savepoint times out; the job is"
                    + " then cancelled after 30 s. Not yet diagnosed.")
    void stopInTheControlFileBlocksOrdersAtTheNextBarAndEndsTheRun() throws Exception {
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
                                // 3000 one-minute bars at 6000x: about 30 s if never stopped
                                "algotrader.trader.replay-speed = 6000",
                                "algotrader.trader.checkpoint-interval = 500ms",
                                "algotrader.backtest.strategy = \"sma-cross\""));
        Thread stopper =
                new Thread(
                        () -> {
                            try {
                                Thread.sleep(6000);
                            } catch (InterruptedException e) {
                                return;
                            }
                            new ControlFile(tmp.resolve("control.json"))
                                    .write(
                                            new ControlState(
                                                    ControlState.Mode.STOPPED, false, "test", ""));
                        });
        stopper.start();
        long t0 = System.nanoTime();
        JobSummary s = TraderRunner.paperRun(cfg, TraderRunner.Options.defaults());
        double secs = (System.nanoTime() - t0) / 1e9;
        stopper.join();
        // the job ends after the stop: with a savepoint when it completes within 30 s, else
        // cancelled (known weakness, see docs); trading itself stopped at the next bar
        assertThat(secs).as("ended after the stop").isLessThan(60);
        List<Event> ev =
                new EventLog(tmp.resolve("events.jsonl"), Clock.systemUTC(), new Secrets(Map.of()))
                        .readAll();
        // the runner stops the job as soon as it sees the file; if a bar is processed after the
        // change, the trader itself blocks new orders from that bar on
        ev.stream()
                .filter(e -> e.event().equals("trader.control.applied"))
                .filter(e -> "stopped".equals(e.details().get("state")))
                .forEach(e -> assertThat(e.details().get("new_orders")).isEqualTo("blocked"));
        List<String> orders = new ArrayList<>();
        try (Stream<Path> files = Files.list(tmp.resolve("out/orders"))) {
            for (Path f : files.toList()) orders.addAll(Files.readAllLines(f));
        }
        assertThat(orders).isNotEmpty();
        assertThat(ev).anyMatch(e -> e.event().equals("trader.run.end"));
        assertThat(s.rowsIn()).as("bars traded before the stop").isPositive().isLessThan(3000);
    }
}
