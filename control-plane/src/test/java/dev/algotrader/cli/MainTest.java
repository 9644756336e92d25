package dev.algotrader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.execute(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.systemUTC());
    }

    @Test
    void helpListsUsage() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: algo-trader");
    }

    @Test
    void unknownCommandIsOneClearLineAndNonZero() {
        System.setProperty("user.dir", System.getProperty("user.dir"));
        int code = run("--conf-dir", "target/none", "frobnicate");
        assertThat(code).isEqualTo(Main.EXIT_USER_ERROR);
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(e).startsWith("error: ").contains("frobnicate").contains("--help");
        assertThat(e).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
