package dev.algotrader.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.stream.RunRecord;
import dev.algotrader.stream.control.ControlState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} tells a trader run that is running now (its process is alive) from one that
 * finished, failed or was killed, and names the strategy and model the equity comes from.
 */
class TraderRunStatusTest {

    @TempDir Path state;

    static final ControlState RUNNING = new ControlState(ControlState.Mode.RUNNING, false, "", "");
    static final Instant T0 = Instant.parse("2026-12-02T17:00:00Z");

    @Test
    void noRunYet() {
        Map<String, Object> m = TraderRunStatus.of(state, RUNNING);
        assertThat(m.get("trader_process")).isEqualTo("not running");
        assertThat(m.get("trader").toString()).contains("no trader run yet");
    }

    @Test
    void aRunOfThisProcessIsRunningNow() {
        RunRecord.start(state, "paper", "paper-once", "paper", "sma-cross", "none", T0);
        Map<String, Object> m = TraderRunStatus.of(state, RUNNING);
        assertThat(m.get("trader_process")).isEqualTo("running");
        assertThat(m.get("trader").toString())
                .contains(
                        "paper-once (sma-cross, model none, broker paper) RUNNING now (pid "
                                + ProcessHandle.current().pid());
    }

    @Test
    void aFinishedRunSaysWhenAndWithWhat() {
        RunRecord r = RunRecord.start(state, "paper", "paper-once", "paper", "model", "btc v3", T0);
        r.end(true, null, Map.of("bars", 9399, "orders", 436), T0.plusSeconds(60));
        Map<String, Object> m =
                TraderRunStatus.of(
                        state, new ControlState(ControlState.Mode.PAUSED, false, "", ""));
        assertThat(m.get("trader_process")).isEqualTo("not running");
        assertThat(m.get("strategy")).isEqualTo("model");
        assertThat(m.get("model")).isEqualTo("btc v3");
        assertThat(m.get("trader").toString())
                .contains("finished 2026-12-02T17:01:00Z, 9399 bars, 436 orders")
                .endsWith("control: paused");
    }

    @Test
    void aRunWhoseProcessIsGoneWasKilled() throws Exception {
        RunRecord.start(state, "paper", "paper-once", "alpaca", "sma-cross", "none", T0);
        Path f = state.resolve(RunRecord.FILE);
        // the same record written by a process that no longer exists
        Files.writeString(
                f, Files.readString(f).replaceAll("\"pid\" : \\d+", "\"pid\" : " + deadPid()));
        Map<String, Object> m = TraderRunStatus.of(state, RUNNING);
        assertThat(m.get("trader_process")).isEqualTo("killed");
        assertThat(m.get("trader").toString())
                .contains("was interrupted")
                .contains("the next paper-once recovers its outputs");
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
