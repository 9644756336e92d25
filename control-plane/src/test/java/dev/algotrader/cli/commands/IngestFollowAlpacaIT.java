package dev.algotrader.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.batch.SparkSessions;
import dev.algotrader.cli.CliHarness;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ingest --follow --source alpaca} on a real broker and a fake Alpaca market-data server
 * that answers {@code GET /v1beta3/crypto/us/bars} in the documented shape ({@code
 * {"bars":{"BTC/USD": [{"t","o","h","l","c","v","n","vw"}]},"next_page_token":…}}, two pages): each
 * closed 30m bar lands in silver/bars and goes once to {@code bars.30m} across several polls, the
 * forming bar never; the API keys of the CLI's environment are sent in Alpaca's headers and appear
 * nowhere in the CLI's output, the log or the events file.
 */
class IngestFollowAlpacaIT {

    private static final long STEP = 30 * 60_000L;

    private static final String KEY_ID = "AKFAKEKEYID7Q3XW9ZP2";
    private static final String SECRET = "fakeSecret/9sK2mQ7vR4tL8nW1xB6cJ3hD5gF0aZ";

    @TempDir Path tmp;

    @Test
    void closedAlpacaBarsLandAndArePublishedOnceWithoutLeakingTheKeys() throws Exception {
        // the CLI's clock stands 5 min into a bar for the whole test, so the bar opened at t
        // forms throughout and the closed ones stay the same
        long real = System.currentTimeMillis();
        long t = real / STEP * STEP;
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.ofMillis(t + 5 * 60_000L - real));
        List<Long> closed = List.of(t - 3 * STEP, t - 2 * STEP, t - STEP);
        List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
        SharedKafka.Namespace ns = SharedKafka.namespace("follow-alpaca");
        String topic = ns.topic("bars.30m");
        try (MockWebServer alpaca = new MockWebServer()) {
            alpaca.setDispatcher(
                    new Dispatcher() {
                        @Override
                        public MockResponse dispatch(RecordedRequest r) {
                            requests.add(r);
                            return bars(r, closed, t);
                        }
                    });
            alpaca.start(InetAddress.getByName("127.0.0.1"), 0);
            Path root = Files.createDirectories(tmp.resolve("cli"));
            Path controlFile = root.resolve("data/ingest/follow-control.json");
            CliHarness cli =
                    new CliHarness(
                            root,
                            ns.config()
                                    + "\nalgotrader.trader.alpaca.data-url = \""
                                    + alpaca.url("/").toString().replaceAll("/$", "")
                                    + "\"\nalgotrader.trader.symbols = [\"BTC/USD\"]"
                                    + "\nalgotrader.trader.interval = \"30m\""
                                    + "\nalgotrader.trader.alpaca.poll-interval = 1s"
                                    + "\nalgotrader.ingest.follow.initial-backoff = 1s"
                                    + "\nalgotrader.ingest.follow.lock-dir = \""
                                    + root.resolve("data/ingest/follow")
                                    + "\"\nalgotrader.ingest.follow.control-file = \""
                                    + controlFile
                                    + "\"\n",
                            clock,
                            Map.of("APCA_API_KEY_ID", KEY_ID, "APCA_API_SECRET_KEY", SECRET));

            CompletableFuture<Integer> run =
                    CompletableFuture.supplyAsync(
                            () -> cli.run("ingest", "--follow", "--source", "alpaca"));
            long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
            while (published(topic).size() < closed.size()) {
                if (run.isDone()) throw new AssertionError("follower ended: " + cli.err());
                assertThat(System.nanoTime()).as("bars published in time").isLessThan(deadline);
                Thread.sleep(500);
            }
            int polls = requests.size();
            while (requests.size() < polls + 4) { // two more polls (two pages each): nothing new
                if (run.isDone()) throw new AssertionError("follower ended: " + cli.err());
                assertThat(System.nanoTime()).as("polls go on").isLessThan(deadline);
                Thread.sleep(250);
            }
            new ControlFile(controlFile)
                    .write(new ControlState(ControlState.Mode.STOPPED, false, "it", ""));
            assertThat(run.get(2, TimeUnit.MINUTES)).as(cli.err()).isZero();

            assertThat(published(topic))
                    .extracting(Bar::ts)
                    .as("each closed bar once, the forming one never")
                    .containsExactlyElementsOf(closed);
            DeltaStore store =
                    new DeltaStore(
                            SparkSessions.getOrCreate(AppConfig.defaults()), root.resolve("data"));
            List<Long> silver = new ArrayList<>();
            for (Row r :
                    store.read(Table.BARS)
                            .where("interval = '30m' AND symbol = 'BTC/USD'")
                            .orderBy("ts")
                            .collectAsList()) {
                silver.add(r.getAs("ts"));
            }
            assertThat(silver).as("silver/bars").containsExactlyElementsOf(closed);
            assertThat(cli.out()).contains("no new closed bar").contains("stop requested");

            RecordedRequest first = requests.get(0);
            assertThat(first.getTarget())
                    .startsWith("/v1beta3/crypto/us/bars?symbols=BTC%2FUSD&timeframe=30Min&start=");
            assertThat(requests)
                    .as("every request, every page, carries the keys in Alpaca's headers")
                    .allSatisfy(
                            r -> {
                                assertThat(r.getHeaders().get("APCA-API-KEY-ID")).isEqualTo(KEY_ID);
                                assertThat(r.getHeaders().get("APCA-API-SECRET-KEY"))
                                        .isEqualTo(SECRET);
                            });
            assertThat(requests).anySatisfy(r -> assertThat(r.getTarget()).contains("page_token="));

            List<String> places = new ArrayList<>();
            places.add("CLI output:\n" + cli.out() + cli.err());
            places.add("events file:\n" + Files.readString(cli.eventsFile()));
            Path log =
                    Path.of(System.getProperty("algotrader.home", "."))
                            .resolve("logs/algo-trader.log");
            assertThat(log).as("the CLI's log of this JVM").exists();
            places.add("log:\n" + Files.readString(log));
            for (String text : places) {
                assertThat(text).doesNotContain(KEY_ID).doesNotContain(SECRET);
            }
        }
    }

    /**
     * Alpaca's answer to {@code r}: the bars with open time at or after its {@code start}, the
     * closed ones and the forming one (opened at {@code forming}), in two pages.
     */
    private static MockResponse bars(RecordedRequest r, List<Long> closed, long forming) {
        String target = r.getTarget();
        if (!target.startsWith("/v1beta3/crypto/us/bars?")) {
            return new MockResponse.Builder().code(404).body("{\"message\":\"not found\"}").build();
        }
        String startText = param(target, "start").replace("%3A", ":");
        long start = Instant.parse(startText).toEpochMilli();
        List<Long> all = new ArrayList<>(closed);
        all.add(forming);
        List<Long> wanted = all.stream().filter(ts -> ts >= start).toList();
        boolean second = target.contains("page_token=");
        int half = wanted.size() / 2;
        List<Long> page = second ? wanted.subList(half, wanted.size()) : wanted.subList(0, half);
        StringBuilder b = new StringBuilder("{\"bars\":{\"BTC/USD\":[");
        for (int i = 0; i < page.size(); i++) {
            long ts = page.get(i);
            b.append(i > 0 ? "," : "")
                    .append("{\"t\":\"")
                    .append(Instant.ofEpochMilli(ts))
                    .append("\",\"o\":42000.5,\"h\":42010,\"l\":41990,\"c\":42005,\"v\":1.25,")
                    .append("\"n\":31,\"vw\":42001.2}");
        }
        b.append("]},\"next_page_token\":")
                .append(second ? "null" : "\"QlRDL1VTRHwx\"")
                .append("}");
        return new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body(b.toString())
                .build();
    }

    private static String param(String target, String name) {
        for (String kv : target.substring(target.indexOf('?') + 1).split("&")) {
            if (kv.startsWith(name + "=")) return kv.substring(name.length() + 1);
        }
        throw new AssertionError("no " + name + " in " + target);
    }

    private static List<Bar> published(String topic) {
        return SharedKafka.readCommitted(topic, TopicCodec::decodeBar);
    }
}
