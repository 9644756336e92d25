package dev.algotrader.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.cli.UserError;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One {@code ingest --follow} per source and interval. */
class FollowLockTest {

    @TempDir Path dir;

    @Test
    void aSecondFollowerOfTheSameSourceAndIntervalIsRefusedUntilTheFirstEnds() {
        try (FollowLock first = FollowLock.acquire(dir, "alpaca", "1m")) {
            assertThatThrownBy(() -> FollowLock.acquire(dir, "alpaca", "1m"))
                    .isInstanceOf(UserError.class)
                    .hasMessageContaining("ingest --follow for alpaca 1m already runs (pid ")
                    .hasMessageContaining("--follow-control stop");
            // another interval or source is another follower
            FollowLock.acquire(dir, "alpaca", "5m").close();
            FollowLock.acquire(dir, "coingecko", "1m").close();
        }
        FollowLock.acquire(dir, "alpaca", "1m").close();
        assertThat(dir.resolve("follow-alpaca-1m.lock")).exists();
    }
}
