package dev.algotrader.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.batch.SparkSessions;
import dev.algotrader.cli.CliHarness;
import dev.algotrader.cli.UserError;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.kafka.broker.SharedKafka;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Table;
import dev.algotrader.schema.topic.TopicCodec;
import dev.algotrader.stream.control.ControlFile;
import dev.algotrader.stream.control.ControlState;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ingest --follow --source coingecko} on a real broker and a fake CoinGecko: each closed 30m
 * candle lands in silver/bars and goes once to {@code bars.30m}, across polls and across a restart;
 * the forming candle is never published; a failed poll is retried; a stop request ends it cleanly;
 * a second follower of the same source and interval is refused.
 */
class IngestFollowIT {

    private static final long STEP = 30 * 60_000L;

    @TempDir Path tmp;

    @Test
    void closedBarsLandAndArePublishedOnceAcrossPollsAndRestarts() throws Exception {
        long t = System.currentTimeMillis() / STEP * STEP; // the last 30m boundary: closed
        AtomicReference<String> body = new AtomicReference<>(candles(t - 2 * STEP, t - STEP));
        AtomicInteger failures = new AtomicInteger(1);
        SharedKafka.Namespace ns = SharedKafka.namespace("follow");
        String topic = ns.topic("bars.30m");
        try (MockWebServer cg = new MockWebServer()) {
            cg.setDispatcher(
                    new Dispatcher() {
                        @Override
                        public MockResponse dispatch(RecordedRequest r) {
                            if (failures.getAndDecrement() > 0) {
                                return new MockResponse.Builder().code(500).body("down").build();
                            }
                            // the forming candle (closes in an hour) is always there
                            String b = body.get();
                            return new MockResponse.Builder()
                                    .code(200)
                                    .body(
                                            b.substring(0, b.length() - 1)
                                                    + ","
                                                    + row(t + 2 * STEP)
                                                    + "]")
                                    .build();
                        }
                    });
            cg.start(InetAddress.getByName("127.0.0.1"), 0);
            Path root = Files.createDirectories(tmp.resolve("cli"));
            Path lockDir = root.resolve("data/ingest/follow");
            Path controlFile = root.resolve("data/ingest/follow-control.json");
            CliHarness cli =
                    new CliHarness(
                            root,
                            ns.config()
                                    + "\nalgotrader.coingecko.base-url = \""
                                    + cg.url("/api/v3")
                                    + "\"\nalgotrader.coingecko.requests-per-minute = 0"
                                    + "\nalgotrader.coingecko.max-retries = 0"
                                    + "\nalgotrader.trader.symbols = [\"BTC/USD\"]"
                                    + "\nalgotrader.trader.coingecko.poll-interval = 1s"
                                    + "\nalgotrader.ingest.follow.initial-backoff = 1s"
                                    + "\nalgotrader.ingest.follow.lock-dir = \""
                                    + lockDir
                                    + "\"\nalgotrader.ingest.follow.control-file = \""
                                    + controlFile
                                    + "\"\n",
                            Clock.systemUTC(),
                            Map.of());

            CompletableFuture<Integer> first = follow(cli);
            await(() -> published(topic).size() >= 2, first, cli);
            assertThatThrownBy(() -> FollowLock.acquire(lockDir, "coingecko", "30m"))
                    .isInstanceOf(UserError.class)
                    .hasMessageContaining("already runs");
            Thread.sleep(2_500); // more polls of the same candles: nothing new
            stop(controlFile);
            assertThat(first.get(2, TimeUnit.MINUTES)).as(cli.err()).isZero();
            String out1 = cli.out();
            assertThat(out1).contains("failed (attempt 1), retrying in 1 s");
            assertThat(out1).contains("no new closed bar").contains("stop requested");

            // a new candle closed while no follower ran; the restart publishes only that one
            body.set(candles(t - 2 * STEP, t - STEP, t));
            assertThat(cli.run("ingest", "--follow-control", "start")).isZero();
            CompletableFuture<Integer> second = follow(cli);
            await(() -> published(topic).size() >= 3, second, cli);
            Thread.sleep(2_500);
            stop(controlFile);
            assertThat(second.get(2, TimeUnit.MINUTES)).as(cli.err()).isZero();
            assertThat(cli.out()).contains("resuming after {BTC/USD=");

            List<Bar> bars = published(topic);
            assertThat(bars)
                    .extracting(Bar::ts)
                    .as("each closed bar once, the forming one never")
                    .containsExactly(t - 3 * STEP, t - 2 * STEP, t - STEP);
            DeltaStore store =
                    new DeltaStore(
                            SparkSessions.getOrCreate(AppConfig.defaults()), root.resolve("data"));
            assertThat(store.read(Table.BARS).where("interval = '30m'").count()).isEqualTo(3);
            // the lock is free again
            FollowLock.acquire(lockDir, "coingecko", "30m").close();
        }
    }

    private static CompletableFuture<Integer> follow(CliHarness cli) {
        return CompletableFuture.supplyAsync(
                () -> cli.run("ingest", "--follow", "--source", "coingecko"));
    }

    private static void stop(Path controlFile) {
        new ControlFile(controlFile)
                .write(new ControlState(ControlState.Mode.STOPPED, false, "it", ""));
    }

    private static void await(BooleanSupplier done, CompletableFuture<Integer> run, CliHarness cli)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
        while (!done.getAsBoolean()) {
            if (run.isDone()) throw new AssertionError("follower ended: " + run.get() + cli.err());
            if (System.nanoTime() > deadline) {
                StringBuilder dump = new StringBuilder();
                Thread.getAllStackTraces()
                        .forEach(
                                (th, st) -> {
                                    dump.append(th.getName()).append('\n');
                                    for (StackTraceElement e : st) {
                                        dump.append("  at ").append(e).append('\n');
                                    }
                                });
                throw new AssertionError("timed out: " + cli.out() + "\nthreads:\n" + dump);
            }
            Thread.sleep(500);
        }
    }

    private static List<Bar> published(String topic) {
        return SharedKafka.readCommitted(topic, TopicCodec::decodeBar);
    }

    /** CoinGecko /ohlc rows stamped with these close times. */
    private static String candles(long... closeTimes) {
        StringBuilder b = new StringBuilder("[");
        for (long c : closeTimes) b.append(b.length() > 1 ? "," : "").append(row(c));
        return b.append("]").toString();
    }

    private static String row(long closeTime) {
        return "[" + closeTime + ", 61942, 62211, 61721, 61845]";
    }
}
