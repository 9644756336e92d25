package dev.algotrader.cli.commands;

import com.typesafe.config.Config;
import dev.algotrader.batch.SparkSessions;
import dev.algotrader.batch.feed.BarPublisher;
import dev.algotrader.batch.feed.BarsFeed;
import dev.algotrader.batch.ingest.LiveBars;
import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.UserError;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.config.KafkaSettings;
import dev.algotrader.core.data.coingecko.CoinGeckoCandles;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Table;
import dev.algotrader.stream.bars.AlpacaBarsClient;
import dev.algotrader.stream.bars.BarFeed;
import dev.algotrader.stream.bars.CoinGeckoBarFeed;
import dev.algotrader.stream.control.ControlFile;
import dev.algotrader.stream.control.ControlState;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * {@code ingest --follow}: wires the {@link IngestFollow} loop to the configured poller ({@code
 * algotrader.trader.alpaca|coingecko}: the same feed as {@code paper-run --source}), the long-lived
 * Spark session that lands each poll, the bar publisher, the follower's control file and lock, and
 * SIGTERM. Also {@code ingest --follow-control}, which writes that control file.
 */
final class IngestFollowRun {

    static final List<String> SOURCES = List.of("coingecko", "alpaca");

    private IngestFollowRun() {}

    static JobSummary follow(
            CliContext ctx, String runId, String source, String intervalOpt, List<String> syms)
            throws Exception {
        AppConfig cfg = ctx.config();
        if (source == null || !SOURCES.contains(source)) {
            throw new UserError(
                    "ingest --follow needs --source coingecko or --source alpaca (the live"
                            + " pollers), got "
                            + (source == null ? "none" : "'" + source + "'"));
        }
        Config t = cfg.area("trader");
        Config f = cfg.area("ingest").getConfig("follow");
        String interval = intervalOpt != null ? intervalOpt : defaultInterval(cfg, source);
        List<String> symbols = syms != null && !syms.isEmpty() ? syms : t.getStringList("symbols");
        KafkaSettings kafka = KafkaSettings.from(cfg);
        kafka.requireBootstrapServers();
        ControlFile control = new ControlFile(cfg.path("algotrader.ingest.follow.control-file"));
        if (control.read().stopRequested()) {
            throw new UserError(
                    "the followers are stopped ("
                            + control.path()
                            + "): run 'algo-trader ingest --follow-control start' first");
        }
        BarFeed feed = feed(cfg, source, interval, symbols);
        IngestFollow.Settings s =
                new IngestFollow.Settings(
                        source,
                        interval,
                        symbols,
                        t.getDuration(source + ".poll-interval"),
                        t.getDuration(source + ".lookback"),
                        f.getDuration("initial-backoff"),
                        f.getDuration("max-backoff"));
        try (FollowLock lock =
                        FollowLock.acquire(
                                cfg.path("algotrader.ingest.follow.lock-dir"), source, interval);
                BarPublisher publisher = BarPublisher.open(kafka, interval)) {
            SparkSession spark = SparkSessions.getOrCreate(cfg);
            DeltaStore store = new DeltaStore(spark, cfg.dataRoot());
            IngestFollow loop =
                    new IngestFollow(
                            s,
                            feed,
                            IngestFollow.Outlet.of(publisher),
                            (bars, origin) -> land(store, cfg, ctx, runId, source, bars, origin),
                            control,
                            ctx.clock(),
                            ctx.out());
            IngestFollow.Result r = runUntilStopped(loop);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("source", source);
            d.put("topic", publisher.topic());
            d.put("polls", r.polls());
            d.put("published", r.published());
            d.put("failed_polls", r.failures());
            return new JobSummary("ingest", runId, r.landed(), r.published(), r.rejected(), d);
        }
    }

    /** Runs the loop; SIGTERM ends it after its current step and waits for it (up to 2 min). */
    private static IngestFollow.Result runUntilStopped(IngestFollow loop) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook =
                new Thread(
                        () -> {
                            loop.terminate();
                            try {
                                done.await(2, TimeUnit.MINUTES);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "ingest-follow-sigterm");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return loop.run();
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down (SIGTERM): the hook is running
            }
        }
    }

    private static IngestFollow.Landed land(
            DeltaStore store,
            AppConfig cfg,
            CliContext ctx,
            String runId,
            String source,
            List<Bar> bars,
            String origin) {
        JobSummary j =
                LiveBars.land(
                        store.spark(), cfg, "follow-" + source, origin, bars, ctx.clock(), runId);
        long min = bars.stream().mapToLong(Bar::ts).min().orElseThrow();
        long max = bars.stream().mapToLong(Bar::ts).max().orElseThrow();
        Set<String> keys = new HashSet<>();
        Set<String> syms = new HashSet<>();
        for (Bar b : bars) {
            keys.add(b.symbol() + "@" + b.ts());
            syms.add(b.symbol());
        }
        Dataset<Row> silver =
                store.read(Table.BARS)
                        .where(functions.col("ts").between(min, max))
                        .where(functions.col("symbol").isin(syms.toArray()));
        List<Bar> accepted =
                BarsFeed.closedBars(silver, bars.get(0).interval(), List.copyOf(syms)).stream()
                        .filter(b -> keys.contains(b.symbol() + "@" + b.ts()))
                        .toList();
        return new IngestFollow.Landed(j, accepted);
    }

    /**
     * Alpaca's bars with the keys ({@code APCA_API_KEY_ID}, {@code APCA_API_SECRET_KEY}) of the
     * CLI's process environment {@code env}: the follower runs here, not on a TaskManager.
     */
    private static BarFeed alpaca(AlpacaBarsClient client, Map<String, String> env) {
        return new BarFeed() {
            @Override
            public List<Bar> fetch(List<String> symbols, long startMillis) throws Exception {
                return client.fetch(symbols, startMillis, env);
            }

            @Override
            public String name() {
                return client.name();
            }
        };
    }

    /** CoinGecko: the candle length of its {@code days}; Alpaca: the trader's interval. */
    static String defaultInterval(AppConfig cfg, String source) {
        Config t = cfg.area("trader");
        return source.equals("coingecko")
                ? CoinGeckoCandles.granularity(t.getString("coingecko.days"))
                : t.getString("interval");
    }

    /** The poller of {@code paper-run --source alpaca|coingecko}, for these symbols. */
    static BarFeed feed(AppConfig cfg, String source, String interval, List<String> symbols) {
        Config t = cfg.area("trader");
        try {
            if (source.equals("alpaca")) {
                return alpaca(
                        new AlpacaBarsClient(
                                t.getString("alpaca.data-url"),
                                interval,
                                t.getDuration("alpaca.timeout")),
                        cfg.processEnvironment());
            }
            Config cg = cfg.area("coingecko");
            Map<String, String> ids = new HashMap<>();
            t.getObject("coingecko.coin-ids")
                    .forEach((sym, v) -> ids.put(sym, String.valueOf(v.unwrapped())));
            CoinGeckoBarFeed feed =
                    new CoinGeckoBarFeed(
                            cg.getString("base-url"),
                            cg.getString("plan"),
                            cg.getInt("requests-per-minute"),
                            cg.getInt("max-retries"),
                            cg.getDuration("initial-backoff"),
                            ids,
                            t.getString("coingecko.days"),
                            interval);
            for (String sym : symbols) feed.coinId(sym);
            return feed;
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** {@code ingest --follow-control start|pause|stop}: writes the followers' control file. */
    static JobSummary control(CliContext ctx, String runId, String action, String reason) {
        ControlState.Mode mode =
                switch (action.toLowerCase(Locale.ROOT)) {
                    case "start", "resume" -> ControlState.Mode.RUNNING;
                    case "pause" -> ControlState.Mode.PAUSED;
                    case "stop" -> ControlState.Mode.STOPPED;
                    default ->
                            throw new UserError(
                                    "--follow-control takes start, pause, resume or stop, not '"
                                            + action
                                            + "'");
                };
        ControlFile f = new ControlFile(ctx.config().path("algotrader.ingest.follow.control-file"));
        f.write(
                new ControlState(
                        mode,
                        false,
                        reason == null ? "" : reason,
                        ctx.clock().instant().toString()));
        String state = mode.name().toLowerCase(Locale.ROOT);
        ctx.out().println("ingest followers: " + state + " — " + f.path());
        return new JobSummary(
                "ingest",
                runId,
                0,
                0,
                0,
                Map.of("follow_control", state, "file", f.path().toString()));
    }
}
