package dev.algotrader.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.cli.CliHarness;
import dev.algotrader.cli.Main;
import dev.algotrader.stream.control.TraderLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's embedded trader refuses a second start of the run while another holds its lock, before
 * it exports or trades anything (the running one is untouched).
 */
class OneTraderPerRunTest {

    @TempDir Path tmp;

    @Test
    void paperRunAndPaperOnceAreRefusedWhileTheRunsTraderRuns() throws Exception {
        CliHarness cli = new CliHarness(tmp);
        Path state = tmp.resolve("data/trader/state");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        // the first trader: another thread of this JVM holds the run's lock
        CompletableFuture<Void> first =
                CompletableFuture.runAsync(
                        () -> {
                            try (TraderLock l = TraderLock.acquire(state, "paper", "paper-run")) {
                                held.countDown();
                                done.await(1, TimeUnit.MINUTES);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        String lock = Files.readString(TraderLock.file(state));

        assertThat(cli.run("paper-run")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err())
                .contains("error: a trader for run id 'paper' already runs (paper-run, pid")
                .contains("'algo-trader trader stop'");
        assertThat(cli.err().strip().lines()).hasSize(1);
        assertThat(cli.run("paper-once")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err()).contains("already runs");
        // nothing exported, the lock still the first one's
        assertThat(tmp.resolve("data/trader/inbox")).doesNotExist();
        assertThat(Files.readString(TraderLock.file(state))).isEqualTo(lock);
        assertThat(cli.eventTypes()).contains("job.failed");

        done.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertThat(TraderLock.file(state)).doesNotExist();
    }
}
