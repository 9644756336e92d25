package dev.algotrader.stream.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One embedded trader per state folder: refused while the owner lives, taken over when dead. */
class TraderLockTest {

    @TempDir Path tmp;

    @Test
    void aSecondStartIsRefusedWhileTheFirstHoldsTheLockThenAllowed() throws Exception {
        Path state = tmp.resolve("state");
        try (TraderLock first = TraderLock.acquire(state, "paper", "paper-run")) {
            assertThat(Files.readString(TraderLock.file(state)))
                    .contains("\"pid\":" + ProcessHandle.current().pid())
                    .contains("\"run_id\":\"paper\"");
            // re-entrant on the owning thread (the CLI holds it around the trader's own take)
            try (TraderLock again = TraderLock.acquire(state, "paper", "paper-run")) {
                assertThat(TraderLock.file(state)).exists();
            }
            assertThat(TraderLock.file(state)).as("inner release keeps the lock").exists();
            CompletableFuture<Throwable> other =
                    CompletableFuture.supplyAsync(
                            () -> {
                                try (TraderLock l =
                                        TraderLock.acquire(state, "paper", "paper-once")) {
                                    return null;
                                } catch (RuntimeException e) {
                                    return e;
                                }
                            });
            Throwable refused = other.get(10, TimeUnit.SECONDS);
            assertThat(refused)
                    .isInstanceOf(TraderLock.AlreadyRunning.class)
                    .hasMessageContaining(
                            "a trader for run id 'paper' already runs (paper-run, pid")
                    .hasMessageContaining("'algo-trader trader stop'");
        }
        assertThat(TraderLock.file(state)).doesNotExist();
        try (TraderLock next = TraderLock.acquire(state, "paper", "paper-once")) {
            assertThat(TraderLock.file(state)).exists();
        }
    }

    @Test
    void aLockOfADeadPidIsTakenOver() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Path state = tmp.resolve("state");
        Files.createDirectories(state);
        String host = InetAddress.getLocalHost().getHostName();
        Files.writeString(
                TraderLock.file(state),
                "{\"pid\":"
                        + p.pid()
                        + ",\"host\":\""
                        + host
                        + "\",\"run_id\":\"paper\",\"mode\":\"paper-run\","
                        + "\"since\":\"2026-12-01T00:00:00Z\",\"token\":\"old\"}\n");
        try (TraderLock l = TraderLock.acquire(state, "paper", "paper-run")) {
            assertThat(Files.readString(TraderLock.file(state)))
                    .contains("\"pid\":" + ProcessHandle.current().pid());
        }
    }

    @Test
    void aLockOfAnotherHostIsNeverTakenOver() throws Exception {
        Path state = tmp.resolve("state");
        Files.createDirectories(state);
        Files.writeString(
                TraderLock.file(state),
                "{\"pid\":1,\"host\":\"other-host.invalid\",\"run_id\":\"paper\","
                        + "\"mode\":\"paper-run\",\"since\":\"2026-12-01T00:00:00Z\","
                        + "\"token\":\"t\"}\n");
        assertThatThrownBy(() -> TraderLock.acquire(state, "paper", "paper-run"))
                .isInstanceOf(TraderLock.AlreadyRunning.class)
                .hasMessageContaining("on other-host.invalid")
                .hasMessageContaining("can be deleted: " + TraderLock.file(state));
        assertThat(Files.readString(TraderLock.file(state))).contains("other-host.invalid");
    }
}
