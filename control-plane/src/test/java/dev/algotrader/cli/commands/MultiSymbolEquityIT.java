package dev.algotrader.cli.commands;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.batch.SparkSessions;
import dev.algotrader.batch.feed.BarsFeed;
import dev.algotrader.batch.trading.TradingSink;
import dev.algotrader.core.backtest.BacktestConfig;
import dev.algotrader.core.backtest.Backtester;
import dev.algotrader.core.backtest.Predictions;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.config.KafkaSettings;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.kafka.broker.SharedKafka;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.EquityPoint;
import dev.algotrader.schema.Table;
import dev.algotrader.stream.TraderJob;
import dev.algotrader.stream.TraderRunner;
import dev.algotrader.stream.TraderSettings;
import dev.algotrader.stream.bars.BarFiles;
import dev.algotrader.stream.broker.BrokerFactory;
import dev.algotrader.stream.kafka.KafkaTrader;
import dev.algotrader.stream.model.ChampionSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The equity of a two-symbol trader run (one sub-account per symbol, half the cash each) equals the
 * backtester's account equity and cash at every ts, through the file hand-off and through Kafka,
 * also where both sub-accounts are identical (flat at the starting cash), where one symbol has no
 * bar (the second starts later; the first has a gap): the account carries its last sub-account or
 * its opening cash share, as the backtester does; and when the sub-accounts arrive in different
 * part files (one symbol's merged after the other's).
 */
class MultiSymbolEquityIT {

    private static final String SYMBOLS = "algotrader.trader.symbols = [\"BTC/USD\", \"XBT/USD\"]";

    @TempDir Path tmp;

    /** Bar index at which the second symbol's bars start. */
    private static final int SECOND_STARTS = 20;

    /** The first symbol's bars are missing at these indexes: {@code [from, to)}. */
    private static final int GAP_FROM = 300;

    private static final int GAP_TO = 320;

    /**
     * 600 BTC minute bars without those of the gap, and a second symbol at 1.01 times the prices,
     * same bar times, from bar {@link #SECOND_STARTS} on (through BTC's gap).
     */
    static List<Bar> bars() {
        List<Bar> bars = new ArrayList<>();
        List<Bar> btc = SampleData.btcMinuteBars().subList(0, 600);
        for (int i = 0; i < btc.size(); i++) {
            Bar b = btc.get(i);
            if (i < GAP_FROM || i >= GAP_TO) bars.add(b);
            if (i < SECOND_STARTS) continue;
            bars.add(
                    new Bar(
                            "XBT/USD",
                            b.interval(),
                            b.ts(),
                            b.open() * 1.01,
                            b.high() * 1.01,
                            b.low() * 1.01,
                            b.close() * 1.01,
                            b.volume() * 2));
        }
        return bars;
    }

    @Test
    void twoSymbolEquityEqualsTheBacktestOnBothPaths() throws Exception {
        List<Bar> bars = bars();
        Path files = tmp.resolve("files");
        AppConfig fileCfg = KafkaEndToEndIT.config(files, SYMBOLS);
        Map<Long, EquityPoint> expected = new TreeMap<>();
        for (EquityPoint e :
                Backtester.run(
                                BacktestConfig.from(fileCfg.raw()),
                                "paper",
                                bars,
                                Predictions.none())
                        .equity()) {
            expected.put(e.ts(), e);
        }
        assertThat(expected).hasSize(600);

        BarFiles.writeJsonl(files.resolve("inbox/bars.jsonl"), bars);
        TraderRunner.paperOnce(fileCfg, TraderRunner.Options.defaults());
        DeltaStore fileStore =
                new DeltaStore(SparkSessions.getOrCreate(fileCfg), fileCfg.dataRoot());
        Path out = files.resolve("out");
        Path split = splitEquityBySymbol(out, tmp.resolve("split"));
        TradingTables.mergeTraderOutputs(fileStore, out);
        assertEquity(fileStore, expected, "file path");
        long identical =
                fileStore
                        .read(Table.EQUITY_ACCOUNTS)
                        .where(col("ts").notEqual(EquityPoint.OPENING_TS))
                        .groupBy("ts", "cash", "position_value", "equity")
                        .count()
                        .where("count = 2")
                        .count();
        assertThat(identical).as("ts where both sub-accounts are identical").isPositive();

        // the sub-accounts of every ts in two part files, merged one after the other
        DeltaStore splitStore = new DeltaStore(fileStore.spark(), tmp.resolve("split-data"));
        TradingTables.mergeTraderOutputs(splitStore, split.resolve("a"));
        assertThat(splitStore.read(Table.EQUITY).count())
                .as("account rows from the first symbol's sub-accounts alone")
                .isEqualTo(600 - (GAP_TO - GAP_FROM));
        TradingTables.mergeTraderOutputs(splitStore, split.resolve("b"));
        assertEquity(splitStore, expected, "two part files");

        Path live = tmp.resolve("kafka");
        AppConfig cfg =
                KafkaEndToEndIT.config(
                        live, SharedKafka.namespace("equity2").config() + "\n" + SYMBOLS);
        DeltaStore kafkaStore = kafkaPath(cfg, bars);
        assertEquity(kafkaStore, expected, "kafka path");
        assertThat(rows(kafkaStore, Table.EQUITY_ACCOUNTS))
                .isEqualTo(rows(fileStore, Table.EQUITY_ACCOUNTS));
    }

    /** bars-feed → Flink trader on Kafka → trader.* → trading-sink, as KafkaEndToEndIT. */
    private static DeltaStore kafkaPath(AppConfig cfg, List<Bar> bars) throws Exception {
        KafkaSettings kafka = KafkaSettings.from(cfg);
        assertThat(BarsFeed.publish(kafka, "1m", bars).published()).isEqualTo(bars.size());
        TraderSettings s = TraderRunner.settings(cfg, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500);
        KafkaTrader.Bars in = KafkaTrader.bars(env, kafka, s);
        TraderJob.Outputs out =
                TraderJob.build(
                        env,
                        in.bars(),
                        s,
                        ChampionSource.none(),
                        BrokerFactory.paper(cfg.area("trader").getDouble("initial-cash")),
                        true);
        KafkaTrader.sinkTo(out, in, kafka, s.runId(), s.interval(), null);
        JobClient job = env.executeAsync("kafka trader two symbols");
        SharedKafka.awaitConsumed(
                KafkaTrader.groupId(kafka, s.runId()),
                kafka.barsTopic("1m"),
                Duration.ofMinutes(4),
                () -> true);
        job.stopWithSavepoint(
                        false,
                        cfg.dataRoot().resolveSibling("savepoints").toUri().toString(),
                        SavepointFormatType.CANONICAL)
                .get(3, TimeUnit.MINUTES);
        DeltaStore store = new DeltaStore(SparkSessions.getOrCreate(cfg), cfg.dataRoot());
        TradingSink.start(store.spark(), kafka, store, true).awaitTermination();
        return store;
    }

    /**
     * Copies the equity part files into {@code to/a} (the first symbol's rows) and {@code to/b}
     * (the others').
     */
    private static Path splitEquityBySymbol(Path out, Path to) throws Exception {
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        try (Stream<Path> s = Files.list(out.resolve("equity"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                for (String line : Files.readAllLines(p)) {
                    (line.contains("\"symbol\":\"BTC/USD\"") ? a : b).add(line);
                }
            }
        }
        // each symbol's bars and its opening sub-account
        assertThat(a).hasSize(600 - (GAP_TO - GAP_FROM) + 1);
        assertThat(b).hasSize(600 - SECOND_STARTS + 1);
        Files.createDirectories(to.resolve("a/equity"));
        Files.createDirectories(to.resolve("b/equity"));
        Files.write(to.resolve("a/equity/part-a-0.jsonl"), a);
        Files.write(to.resolve("b/equity/part-b-0.jsonl"), b);
        return to;
    }

    private static void assertEquity(
            DeltaStore store, Map<Long, EquityPoint> expected, String path) {
        Map<Long, Double> equity = new LinkedHashMap<>();
        Map<Long, Double> cash = new LinkedHashMap<>();
        for (Row r : store.read(Table.EQUITY).orderBy("ts").collectAsList()) {
            equity.put(r.<Long>getAs("ts"), r.<Double>getAs("equity"));
            cash.put(r.<Long>getAs("ts"), r.<Double>getAs("cash"));
        }
        Map<Long, Double> wantEquity = new LinkedHashMap<>();
        Map<Long, Double> wantCash = new LinkedHashMap<>();
        expected.forEach(
                (ts, e) -> {
                    wantEquity.put(ts, e.equity());
                    wantCash.put(ts, e.cash());
                });
        assertThat(equity).as(path + ": equity per ts").isEqualTo(wantEquity);
        assertThat(cash).as(path + ": cash per ts").isEqualTo(wantCash);
        assertThat(equity.values().iterator().next()).as(path).isEqualTo(10_000.0);
    }

    private static List<String> rows(DeltaStore store, Table t) {
        return store.read(t).drop("run_id").collectAsList().stream()
                .map(Row::toString)
                .sorted()
                .toList();
    }
}
