package dev.algotrader.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.core.progress.Progress;
import dev.algotrader.core.progress.ProgressListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TerminalProgressTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private TerminalProgress progress(ProgressMode mode) {
        return new TerminalProgress(
                "auto-train", out, err, mode, now::get, 120, TimeUnit.SECONDS.toNanos(15));
    }

    private void elapse(long seconds) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void barShowsStepUnitsRowsElapsedAndEta() {
        TerminalProgress p = progress(ProgressMode.BAR);
        p.step("load the training set", 0, "");
        p.step("walk-forward search", 4, "candidates");
        p.rows(8915);
        elapse(10);
        p.advance(1);
        String bar = p.barLine(now.get());
        assertThat(bar)
                .startsWith("auto-train | step 2 walk-forward search [")
                .contains("1/4 candidates | 8,915 rows | 0:10 | ETA 0:30");
        // a quarter of the bar is filled
        String inside = bar.substring(bar.indexOf('[') + 1, bar.indexOf(']'));
        assertThat(inside.chars().filter(c -> c == '=').count())
                .isEqualTo((long) Math.floor(inside.length() / 4.0));
        assertThat(bar.length()).isLessThan(120);
        // drawn in place on stderr, nothing on stdout
        assertThat(err())
                .startsWith("\rauto-train | step 1 load the training set")
                .contains("\u001b[K");
        assertThat(out()).isEmpty();
    }

    @Test
    void sparkTasksDriveAStepWithoutUnitsAndAreShownWithin() {
        TerminalProgress p = progress(ProgressMode.BAR);
        p.step("sweep 15 cells on Spark", 0, "");
        p.detail(0, 12, "Spark tasks");
        elapse(9);
        p.detail(3, 12, "Spark tasks");
        assertThat(p.barLine(now.get())).contains("3/12 Spark tasks | 0:09 | ETA 0:27");
        p.detail(12, 12, "Spark tasks");
        assertThat(p.barLine(now.get())).contains("12/12 Spark tasks | 0:09").doesNotContain("ETA");
        // the step's next Spark job: its ETA counts from its own start, not the step's
        elapse(20);
        p.detail(0, 4, "Spark tasks");
        elapse(2);
        p.detail(1, 4, "Spark tasks");
        assertThat(p.barLine(now.get())).contains("1/4 Spark tasks | 0:31 | ETA 0:06");
        p.step("walk-forward search", 2, "candidates");
        p.advance(1);
        p.detail(5, 10, "Spark tasks");
        elapse(30);
        // 1 of 2 candidates in 30 s: 30 s to go, whatever the running Spark job's tasks say
        assertThat(p.barLine(now.get()))
                .contains("1/2 candidates (5/10 Spark tasks) | 0:30 | ETA 0:30");
    }

    @Test
    void barOfUnknownSizeHasNoEtaAndStaysWithinTheWidth() {
        TerminalProgress p =
                new TerminalProgress("paper-once", out, err, ProgressMode.BAR, now::get, 60, 1);
        p.step("trade the new bars on the embedded Flink trader and a very long name", 0, "");
        elapse(65);
        String bar = p.barLine(now.get());
        assertThat(bar).doesNotContain("ETA").contains("1:05");
        assertThat(bar.length()).isLessThan(60);
    }

    @Test
    void aResultLineClearsTheBarGoesToStdoutAndTheBarComesBack() {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        PrintStream shared = new PrintStream(both, true, StandardCharsets.UTF_8);
        TerminalProgress p =
                new TerminalProgress("train", shared, shared, ProgressMode.BAR, now::get, 100, 1);
        p.step("walk-forward search", 2, "candidates");
        p.line("  [1/2] rf: walk-forward log_loss 0.6931");
        String s = both.toString(StandardCharsets.UTF_8);
        int cleared = s.indexOf("\r\u001b[K  [1/2] rf");
        assertThat(cleared).isPositive();
        assertThat(s.substring(cleared)).contains("\n\rtrain | step 1 walk-forward search");
        p.finish();
        assertThat(both.toString(StandardCharsets.UTF_8)).endsWith("\r\u001b[K");
    }

    @Test
    void linesModePrintsEachStepAndAStatusLineEveryInterval() {
        TerminalProgress p = progress(ProgressMode.LINES);
        p.step("walk-forward search", 4, "candidates");
        assertThat(out())
                .isEqualTo("[auto-train] step 1: walk-forward search (4 candidates) at 0:00\n");
        elapse(10);
        p.advance(1);
        p.tick();
        assertThat(out().lines()).hasSize(1); // not due yet
        elapse(10);
        p.rows(8915);
        p.tick();
        assertThat(out().lines().toList().get(1))
                .isEqualTo(
                        "[auto-train] walk-forward search: 1/4 candidates (25%), 8,915 rows, 0:20"
                                + " elapsed, ETA 1:00");
        p.line("  [1/4] rf: walk-forward log_loss 0.6931");
        p.finish();
        assertThat(out().lines().toList().subList(2, 4))
                .containsExactly(
                        "  [1/4] rf: walk-forward log_loss 0.6931",
                        "[auto-train] finished in 0:20");
        // no control characters in plain lines, nothing on stderr
        assertThat(out()).doesNotContain("\r").doesNotContain("\u001b");
        assertThat(err()).isEmpty();
        p.step("after the end", 1, "x");
        assertThat(out().lines()).hasSize(4);
    }

    @Test
    void offShowsOnlyResultLines() {
        TerminalProgress p = progress(ProgressMode.OFF);
        p.step("walk-forward search", 4, "candidates");
        elapse(100);
        p.tick();
        p.line("result");
        p.finish();
        assertThat(out()).isEqualTo("result\n");
        assertThat(err()).isEmpty();
    }

    @Test
    void modeComesFromTheEnvironmentThenTheTerminal() {
        assertThat(ProgressMode.detect(Map.of("ALGOTRADER_PROGRESS", "lines"), false, true))
                .isEqualTo(ProgressMode.LINES);
        assertThat(ProgressMode.detect(Map.of(), false, true)).isEqualTo(ProgressMode.OFF);
        String old = System.getProperty("algotrader.stderr-tty");
        try {
            System.setProperty("algotrader.stderr-tty", "true");
            assertThat(ProgressMode.detect(Map.of(), true, false)).isEqualTo(ProgressMode.BAR);
            System.setProperty("algotrader.stderr-tty", "false");
            assertThat(ProgressMode.detect(Map.of(), true, true)).isEqualTo(ProgressMode.LINES);
        } finally {
            if (old == null) System.clearProperty("algotrader.stderr-tty");
            else System.setProperty("algotrader.stderr-tty", old);
        }
        assertThatThrownBy(
                        () ->
                                ProgressMode.detect(
                                        Map.of("ALGOTRADER_PROGRESS", "fancy"), true, true))
                .hasMessageContaining("bar, lines or off");
    }

    @Test
    void installRestoresThePreviousListenerAndAFailingListenerNeverFailsTheJob() {
        ProgressListener before = Progress.current();
        TerminalProgress p = progress(ProgressMode.LINES);
        try (Progress.Installation i = Progress.install(p)) {
            Progress.step("merge silver/bars", 3, "symbols");
            assertThat(out()).contains("step 1: merge silver/bars (3 symbols)");
            ProgressListener broken =
                    (ProgressListener)
                            java.lang.reflect.Proxy.newProxyInstance(
                                    getClass().getClassLoader(),
                                    new Class<?>[] {ProgressListener.class},
                                    (o, m, a) -> {
                                        throw new IllegalStateException("broken terminal");
                                    });
            try (Progress.Installation j = Progress.install(broken)) {
                Progress.step("x", 1, "y");
                Progress.line("y");
            }
            assertThat(Progress.current()).isSameAs(p);
        }
        assertThat(Progress.current()).isSameAs(before);
    }
}
