package dev.algotrader.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.batch.SparkSessions;
import dev.algotrader.cli.CliHarness;
import dev.algotrader.cli.Main;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Table;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * train → models → promote → backtest (sma-cross, model, sweep) → paper-once → trader control,
 * through the CLI on 2,500 real BTC minute bars in a temp data root (one SparkSession, the embedded
 * Flink MiniCluster for paper-once).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResearchBacktestTraderCommandsTest {

    static final String MODEL = "btc-usd_1m_trees";

    @TempDir static Path tmp;
    static CliHarness cli;

    @BeforeAll
    static void ingestFeaturesLabels() throws Exception {
        List<Bar> bars = SampleData.btcMinuteBars().subList(0, 2500);
        Path csv = tmp.resolve("btc-bars.csv");
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
            w.println("ts,open,high,low,close,volume");
            for (Bar b : bars) {
                w.printf(
                        Locale.ROOT,
                        "%d,%s,%s,%s,%s,%s%n",
                        b.ts(),
                        b.open(),
                        b.high(),
                        b.low(),
                        b.close(),
                        b.volume());
            }
        }
        Instant now = Instant.ofEpochMilli(bars.get(bars.size() - 1).ts()).plusSeconds(3600);
        Path t = tmp.resolve("data/trader");
        String hocon =
                "algotrader.labels.horizon = 15m\n"
                        + "algotrader.research.mlflow.local-dir = \""
                        + tmp.resolve("mlruns")
                        + "\"\n"
                        + "algotrader.trader.champion.registry = \""
                        + tmp.resolve("mlruns")
                        + "\"\n"
                        + "algotrader.trader.bars = \""
                        + t.resolve("inbox")
                        + "\"\nalgotrader.trader.out-dir = \""
                        + t.resolve("out")
                        + "\"\nalgotrader.trader.state-dir = \""
                        + t.resolve("state")
                        + "\"\nalgotrader.trader.control-file = \""
                        + t.resolve("control.json")
                        + "\"\nalgotrader.backtest.sweep {\n"
                        + "  sma-cross { fast = [5, 10], slow = [30] }\n"
                        + "  rsi-reversion { period = [14], lower = [30.0], upper = [70.0],"
                        + " exit = [50.0] }\n}\n";
        cli = new CliHarness(tmp, hocon, Clock.fixed(now, ZoneOffset.UTC), Map.of());
        assertThat(
                        cli.run(
                                "ingest",
                                "--source",
                                "csv-bars",
                                "--path",
                                csv.toString(),
                                "--symbol",
                                "BTC/USD"))
                .as(cli.err())
                .isZero();
        assertThat(cli.run("features")).as(cli.err()).isZero();
        assertThat(cli.run("labels")).as(cli.err()).isZero();
    }

    static DeltaStore store() {
        AppConfig app = AppConfig.load("local", null, tmp.resolve("test.conf"));
        return new DeltaStore(SparkSessions.getOrCreate(app), app.dataRoot());
    }

    @Test
    @Order(1)
    void trainRegistersAndPromotesTheFirstModel() {
        int code =
                cli.run("train", "--model", "rf", "--param", "numTrees=8", "--param", "maxDepth=3");
        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out())
                .contains("Leaderboard")
                .contains("Holdout")
                .contains("Registered " + MODEL + " version 1")
                .containsPattern("(?m)^train: [\\d,]+ in, 1 out");
        assertThat(tmp.resolve("mlruns/models/" + MODEL + "/aliases/champion")).hasContent("1");
        assertThat(cli.eventTypes()).contains("model.promoted");
        JsonNode end = last("job.end");
        assertThat(end.path("run_id").asText()).startsWith("train-");
        assertThat(end.path("details").path("version").asText()).isEqualTo("1");
    }

    @Test
    @Order(2)
    void modelsListsAndPromoteMovesAnAlias() {
        assertThat(cli.run("models")).as(cli.err()).isZero();
        assertThat(cli.out()).contains(MODEL).contains("champion");
        assertThat(cli.run("promote", "--model", MODEL, "--version", "1", "--alias", "staging"))
                .as(cli.err())
                .isZero();
        assertThat(cli.out()).contains("@staging -> " + MODEL + " v1");
        assertThat(tmp.resolve("mlruns/models/" + MODEL + "/aliases/staging")).hasContent("1");
        assertThat(cli.run("promote", "--model", MODEL, "--version", "99")).isEqualTo(2);
        assertThat(cli.err())
                .startsWith("error: ")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(cli.run("promote", "--model", MODEL)).isEqualTo(2);
        assertThat(cli.err()).contains("--version");
    }

    @Test
    @Order(3)
    void backtestSmaCrossWritesTradingTablesAndReport() throws Exception {
        assertThat(cli.run("backtest", "--strategy", "sma-cross")).as(cli.err()).isZero();
        String out = cli.out();
        assertThat(out).contains("report: ").containsPattern("(?m)^backtest: 2,500 in, ");
        String runId = last("job.end").path("run_id").asText();
        assertThat(runId).startsWith("backtest-");
        Path report = tmp.resolve("data/reports/backtest").resolve(runId);
        assertThat(report.resolve("report.html")).exists();
        assertThat(out).contains("report: " + report.resolve("report.html"));
        JsonNode summary = new ObjectMapper().readTree(report.resolve("summary.json").toFile());
        long orders = last("job.end").path("details").path("orders").asLong();
        DeltaStore s = store();
        assertThat(
                        s.read(Table.ORDERS)
                                .where(org.apache.spark.sql.functions.col("run_id").equalTo(runId))
                                .count())
                .isEqualTo(orders)
                .isPositive();
        assertThat(
                        s.read(Table.EQUITY)
                                .where(org.apache.spark.sql.functions.col("run_id").equalTo(runId))
                                .count())
                .isEqualTo(2500);
        assertThat(summary.isObject()).isTrue();
    }

    @Test
    @Order(4)
    void backtestModelUsesTheChampionsOutOfSampleScores() throws Exception {
        var mlflow =
                new dev.algotrader.ml.tracking.LocalMlflowStore(
                        tmp.resolve("mlruns"), java.time.Clock.systemUTC());
        var v1 = mlflow.modelVersion(MODEL, "1").orElseThrow();
        long holdoutFrom = Long.parseLong(v1.tags().get("holdout.from_ts"));

        // predict: gold/predictions holds the champion's scores of holdout bars only
        assertThat(cli.run("predict")).as(cli.err()).isZero();
        assertThat(cli.out()).contains(MODEL + " v1 (rf): ").contains("scored from the holdout");
        var preds =
                store().read(Table.PREDICTIONS)
                        .where(org.apache.spark.sql.functions.col("model").equalTo(MODEL));
        long n = preds.count();
        assertThat(n).isPositive();
        assertThat(preds.agg(org.apache.spark.sql.functions.min("ts")).first().getLong(0))
                .isGreaterThanOrEqualTo(holdoutFrom);
        assertThat(cli.run("predict")).as(cli.err()).isZero(); // idempotent
        assertThat(preds.count()).isEqualTo(n);

        assertThat(cli.run("backtest", "--strategy", "model")).as(cli.err()).isZero();
        assertThat(cli.out())
                .contains("model: " + MODEL + " v1, ")
                .contains("(already there)")
                .contains("the backtest starts there")
                .contains("logged to MLflow run " + v1.runId());
        long barsIn = last("job.end").path("details").path("rows_in").asLong();
        // only the holdout (the last 20% of the training rows) is replayed
        assertThat(barsIn).isPositive().isLessThan(2500 / 3);
        String runId = last("job.end").path("run_id").asText();
        Path report = tmp.resolve("data/reports/backtest").resolve(runId);
        assertThat(mlflow.downloadArtifact(v1.runId(), "backtest/" + runId + "/report.html"))
                .isEqualTo(Files.readAllBytes(report.resolve("report.html")));
        assertThat(mlflow.runMetrics(v1.runId())).containsKey("backtest.total_return");
        assertThat(mlflow.runTags(v1.runId())).containsEntry("backtest.run_id", runId);
    }

    @Test
    @Order(5)
    void backtestErrorsAreOneLine() {
        assertThat(cli.run("backtest", "--strategy", "nope")).isEqualTo(2);
        assertThat(cli.err()).startsWith("error: ").contains("nope").doesNotContain("\tat ");
        assertThat(cli.run("backtest", "--from", "2020-01-01", "--to", "2020-02-01")).isEqualTo(2);
        assertThat(cli.err()).contains("widen --from/--to");
    }

    @Test
    @Order(6)
    void sweepPrintsTheLeaderboard() throws Exception {
        assertThat(cli.run("backtest", "--sweep")).as(cli.err()).isZero();
        assertThat(cli.out())
                .contains("sma-cross")
                .contains("rsi-reversion")
                .contains("leaderboard: ");
        Path csv;
        try (Stream<Path> s = Files.walk(tmp.resolve("data/reports/sweep"))) {
            csv = s.filter(p -> p.endsWith("leaderboard.csv")).findFirst().orElseThrow();
        }
        // header + 3 cells (2 sma-cross, 1 rsi-reversion) x 1 symbol
        assertThat(Files.readAllLines(csv)).hasSize(4);
        Path html = csv.resolveSibling("leaderboard.html");
        assertThat(cli.out()).contains("report: " + html.toAbsolutePath());
        assertThat(Files.readString(html)).contains(" of 3</b> beat buy-and-hold");
    }

    @Test
    @Order(7)
    void paperOnceExportsTradesAndMergesThenIsIncremental() throws Exception {
        assertThat(cli.run("paper-once", "--strategy", "sma-cross")).as(cli.err()).isZero();
        assertThat(cli.out())
                .contains("exported 2500 new silver/bars rows")
                .contains("merged into");
        DeltaStore s = store();
        long equity =
                s.read(Table.EQUITY)
                        .where(org.apache.spark.sql.functions.col("run_id").equalTo("paper"))
                        .count();
        assertThat(equity).isEqualTo(2500);
        long orders =
                s.read(Table.ORDERS)
                        .where(org.apache.spark.sql.functions.col("run_id").equalTo("paper"))
                        .count();
        // merged files are deleted; a second run has nothing new and changes no row
        for (String t : List.of("orders", "fills", "positions", "equity")) {
            try (Stream<Path> f = Files.list(tmp.resolve("data/trader/out").resolve(t))) {
                assertThat(f.filter(p -> p.toString().endsWith(".jsonl")).toList()).isEmpty();
            }
        }
        // paper orders and fills are audited like a broker's
        List<JsonNode> ev = cli.events();
        long submitted =
                ev.stream()
                        .filter(e -> e.path("event").asText().equals("order.submitted"))
                        .filter(e -> e.path("details").path("broker").asText().equals("paper"))
                        .count();
        long filled =
                ev.stream()
                        .filter(e -> e.path("event").asText().startsWith("order.filled"))
                        .count();
        assertThat(submitted).isPositive();
        assertThat(filled).isPositive();
        assertThat(cli.run("paper-once", "--strategy", "sma-cross")).as(cli.err()).isZero();
        assertThat(cli.out()).contains("exported 0 new silver/bars rows").contains("no new bars");
        assertThat(
                        store().read(Table.ORDERS)
                                .where(
                                        org.apache
                                                .spark
                                                .sql
                                                .functions
                                                .col("run_id")
                                                .equalTo("paper"))
                                .count())
                .isEqualTo(orders);
    }

    @Test
    @Order(8)
    void traderControlAndKillSwitchWriteTheControlFile() throws Exception {
        Path control = tmp.resolve("data/trader/control.json");
        assertThat(cli.run("trader", "pause", "--reason", "maintenance")).as(cli.err()).isZero();
        assertThat(cli.out()).startsWith("local trader: paused");
        JsonNode c = new ObjectMapper().readTree(control.toFile());
        assertThat(c.path("state").asText()).isEqualTo("paused");
        assertThat(c.path("reason").asText()).isEqualTo("maintenance");
        assertThat(cli.run("kill-switch", "on")).isZero();
        c = new ObjectMapper().readTree(control.toFile());
        assertThat(c.path("kill_switch").asBoolean()).isTrue();
        assertThat(c.path("state").asText()).isEqualTo("paused");
        assertThat(cli.run("trader", "resume")).isZero();
        c = new ObjectMapper().readTree(control.toFile());
        assertThat(c.path("state").asText()).isEqualTo("running");
        assertThat(c.path("kill_switch").asBoolean()).as("resume keeps the kill switch").isTrue();
        assertThat(cli.run("trader", "status", "--require-running")).isZero();
        assertThat(cli.out()).contains("kill switch ON").contains("BTC");
        assertThat(cli.run("kill-switch", "off")).isZero();
        assertThat(cli.run("trader", "stop", "--reason", "end of day")).as(cli.err()).isZero();
        c = new ObjectMapper().readTree(control.toFile());
        assertThat(c.path("state").asText()).isEqualTo("stopped");
        assertThat(c.path("reason").asText()).isEqualTo("end of day");
        assertThat(last("trader.stopped").path("details").path("reason").asText())
                .isEqualTo("end of day");
        assertThat(cli.run("trader", "status", "--require-running")).isEqualTo(Main.EXIT_FAILURE);
        // a stopped trader refuses paper-once with one line
        assertThat(cli.run("paper-once")).isEqualTo(2);
        assertThat(cli.err()).contains("stopped").doesNotContain("\tat ");
        assertThat(cli.run("kill-switch", "maybe")).isEqualTo(2);
        assertThat(cli.eventTypes())
                .contains(
                        "trader.paused",
                        "trader.kill_switch.on",
                        "trader.running",
                        "trader.kill_switch.off",
                        "trader.stopped");
    }

    @Test
    @Order(9)
    void traderOutputsMergeExactlyOnceAndSumSubAccounts() throws Exception {
        Path out = tmp.resolve("handoff");
        Files.createDirectories(out.resolve("orders"));
        Files.createDirectories(out.resolve("equity"));
        String order =
                "{\"run_id\":\"h\",\"client_order_id\":\"c1\",\"symbol\":\"BTC/USD\","
                        + "\"decision_ts\":1,\"side\":\"BUY\",\"type\":\"MARKET\","
                        + "\"quantity\":1.0,\"limit_price\":null,\"stop_price\":null,"
                        + "\"reason\":\"entry\"}\n";
        // at-least-once: the same order delivered twice, in two part files
        Files.writeString(out.resolve("orders/part-a-0.jsonl"), order);
        Files.writeString(out.resolve("orders/part-b-0.jsonl"), order);
        Files.writeString(
                out.resolve("equity/part-a-0.jsonl"),
                "{\"run_id\":\"h\",\"symbol\":\"BTC/USD\",\"ts\":5,\"cash\":100.0,"
                        + "\"position_value\":0.0,\"equity\":100.0}\n"
                        + "{\"run_id\":\"h\",\"symbol\":\"ETH/USD\",\"ts\":5,\"cash\":40.0,"
                        + "\"position_value\":70.0,\"equity\":110.0}\n");
        DeltaStore s = store();
        Map<String, Long> n = TradingTables.mergeTraderOutputs(s, out);
        assertThat(n).containsEntry("orders", 1L).containsEntry("equity", 1L);
        assertThat(TradingTables.mergeTraderOutputs(s, out)).containsEntry("orders", 1L);
        var eq =
                s.read(Table.EQUITY)
                        .where(org.apache.spark.sql.functions.col("run_id").equalTo("h"))
                        .collectAsList();
        assertThat(eq).hasSize(1);
        assertThat(eq.get(0).<Double>getAs("equity")).isEqualTo(210.0);
        assertThat(
                        s.read(Table.ORDERS)
                                .where(org.apache.spark.sql.functions.col("run_id").equalTo("h"))
                                .count())
                .isEqualTo(1);
    }

    @Test
    @Order(9)
    void anAmendedOrderRowUpdatesTheTableToItsLatestTerms() throws Exception {
        Path out = tmp.resolve("handoff-amend");
        Files.createDirectories(out.resolve("orders"));
        String row =
                "{\"run_id\":\"am\",\"client_order_id\":\"sl1\",\"symbol\":\"BTC/USD\","
                        + "\"decision_ts\":1,\"side\":\"SELL\",\"type\":\"STOP\","
                        + "\"quantity\":%s,\"limit_price\":null,\"stop_price\":%s,"
                        + "\"reason\":\"stop-loss\"}\n";
        // as the trader writes it: the order, then two amendments, then (a replay after a
        // restore) the same sequence again
        String seq =
                String.format(row, "0.1", "95.0")
                        + String.format(row, "0.2", "94.0")
                        + String.format(row, "0.3", "93.5");
        Files.writeString(out.resolve("orders/orders-0.jsonl"), seq + seq);
        DeltaStore s = store();
        assertThat(TradingTables.mergeTraderOutputs(s, out)).containsEntry("orders", 1L);
        java.util.function.Supplier<org.apache.spark.sql.Row> read =
                () ->
                        s.read(Table.ORDERS)
                                .where(org.apache.spark.sql.functions.col("run_id").equalTo("am"))
                                .collectAsList()
                                .get(0);
        assertThat(read.get().<Double>getAs("quantity")).isEqualTo(0.3);
        assertThat(read.get().<Double>getAs("stop_price")).isEqualTo(93.5);

        // a later run amends it again: the matched row is updated, not kept
        Files.writeString(out.resolve("orders/orders-0.jsonl"), String.format(row, "0.4", "92.0"));
        TradingTables.mergeTraderOutputs(s, out);
        assertThat(
                        s.read(Table.ORDERS)
                                .where(org.apache.spark.sql.functions.col("run_id").equalTo("am"))
                                .count())
                .isEqualTo(1);
        assertThat(read.get().<Double>getAs("quantity")).isEqualTo(0.4);
        assertThat(read.get().<Double>getAs("stop_price")).isEqualTo(92.0);
    }

    @Test
    @Order(10)
    void statusShowsChampionTradingStatePositionsEquityAndDayPnl() throws Exception {
        assertThat(cli.run("status", "--json")).as(cli.err()).isZero();
        JsonNode s = new ObjectMapper().readTree(cli.out());
        JsonNode champ = s.path("research").path("champions").get(0);
        assertThat(champ.path("version").asText()).isNotEmpty();
        assertThat(champ.path("holdout_auc").asDouble()).isBetween(0.0, 1.0);
        JsonNode t = s.path("trading");
        // traderControlAndKillSwitchWriteTheControlFile left the trader stopped
        assertThat(t.path("mode").asText()).isEqualTo("stopped");
        assertThat(t.path("symbols").get(0).path("symbol").asText()).isEqualTo("BTC/USD");
        // the day PnL is the last equity minus the last equity before that UTC day began
        List<org.apache.spark.sql.Row> eq =
                store().read(Table.EQUITY)
                        .where(org.apache.spark.sql.functions.col("run_id").equalTo("paper"))
                        .select("ts", "equity")
                        .orderBy("ts")
                        .collectAsList();
        double lastEquity = eq.get(eq.size() - 1).getDouble(1);
        long dayStart = eq.get(eq.size() - 1).getLong(0) / 86_400_000L * 86_400_000L;
        double before =
                eq.stream()
                        .filter(r -> r.getLong(0) < dayStart)
                        .reduce((a, b) -> b)
                        .orElse(eq.get(0))
                        .getDouble(1);
        assertThat(t.path("equity").asDouble()).isEqualTo(lastEquity);
        assertThat(t.path("pnl_day_value").asDouble()).isCloseTo(lastEquity - before, within(1e-9));
        assertThat(t.path("positions").get(0).path("symbol").asText()).isEqualTo("BTC/USD");
        assertThat(cli.run("status")).as(cli.err()).isZero();
        assertThat(cli.out())
                .contains("champions (@champion")
                .contains("trading (run paper, strategy ")
                .contains("): trader not running; control file stopped")
                .contains("  last run: paper-once (")
                .contains(" finished ")
                .containsPattern("equity [0-9.]+ \\([a-z-]+, model [^)]+\\) as of")
                .contains("PnL on ");
        assertThat(t.path("trader_process").asText()).isEqualTo("not running");
    }

    /**
     * CLI parity: after a train, {@code paper-once} (the champion, the trader's default) over the
     * holdout bars gives the same orders as {@code backtest --strategy model} over them. Runs last,
     * on a fresh trader (state, outputs and control file removed), so the tests above are as they
     * were; compares the decision bar, side, type and quantity of every order in the holdout.
     */
    @Test
    @Order(11)
    void paperOnceTradesTheChampionLikeTheModelBacktestOverTheHoldout() throws Exception {
        var v1 =
                new dev.algotrader.ml.tracking.LocalMlflowStore(
                                tmp.resolve("mlruns"), java.time.Clock.systemUTC())
                        .modelVersion(MODEL, "1")
                        .orElseThrow();
        long holdoutFrom = Long.parseLong(v1.tags().get("holdout.from_ts"));
        String backtestRun = null;
        for (JsonNode e : cli.events()) {
            if (e.path("event").asText().equals("job.end")
                    && e.path("run_id").asText().startsWith("backtest-")
                    && e.path("details").path("strategy").asText().equals("model")) {
                backtestRun = e.path("run_id").asText();
            }
        }
        assertThat(backtestRun).as("the model backtest of order 4").isNotNull();
        List<String> backtest =
                store()
                        .read(Table.ORDERS)
                        .where(org.apache.spark.sql.functions.col("run_id").equalTo(backtestRun))
                        .orderBy("decision_ts", "client_order_id")
                        .collectAsList()
                        .stream()
                        .map(
                                r ->
                                        orderKey(
                                                r.<Long>getAs("decision_ts"),
                                                r.<String>getAs("side"),
                                                r.<String>getAs("type"),
                                                r.<Double>getAs("quantity")))
                        .toList();

        Path trader = tmp.resolve("data/trader");
        for (String d : List.of("state", "out", "inbox")) deleteTree(trader.resolve(d));
        Files.deleteIfExists(trader.resolve("control.json"));
        int before = cli.events().size();
        // the earlier bars only warm the features and the score window: the kernel sees its first
        // bar at the holdout start, as the model backtest over the holdout does
        assertThat(cli.run("paper-once", "--trade-from", String.valueOf(holdoutFrom)))
                .as(cli.err())
                .isZero();
        List<JsonNode> ev = cli.events();
        assertThat(ev.subList(before, ev.size()))
                .anySatisfy(
                        e ->
                                assertThat(e.path("event").asText())
                                        .isEqualTo("trader.strategy.chosen"));
        List<String> ids =
                ev.subList(before, ev.size()).stream()
                        .filter(e -> e.path("event").asText().equals("order.submitted"))
                        .map(e -> e.path("details").path("client_order_id").asText())
                        .toList();
        assertThat(ids).isNotEmpty();
        // the orders as the trader wrote them (decision_ts = the decision bar's close, as the
        // backtest's; the audit event's bar_ts is that bar's open)
        List<String> paper =
                store()
                        .read(Table.ORDERS)
                        .where(org.apache.spark.sql.functions.col("run_id").equalTo("paper"))
                        .where(
                                org.apache
                                        .spark
                                        .sql
                                        .functions
                                        .col("client_order_id")
                                        .isin(ids.toArray()))
                        // decided on a holdout bar: the last in-sample bar closes at holdoutFrom
                        .where(org.apache.spark.sql.functions.col("decision_ts").gt(holdoutFrom))
                        .orderBy("decision_ts", "client_order_id")
                        .collectAsList()
                        .stream()
                        .map(
                                r ->
                                        orderKey(
                                                r.<Long>getAs("decision_ts"),
                                                r.<String>getAs("side"),
                                                r.<String>getAs("type"),
                                                r.<Double>getAs("quantity")))
                        .toList();
        assertThat(backtest).isNotEmpty();
        // the signal path agrees: every paper order is a backtest decision (bar and side)
        assertThat(decisions(paper)).isSubsetOf(decisions(backtest));
        assertThat(paper).containsExactlyElementsOf(backtest);
    }

    private static List<String> decisions(List<String> orderKeys) {
        return orderKeys.stream()
                .map(k -> k.substring(0, k.indexOf(' ', k.indexOf(' ') + 1)))
                .toList();
    }

    private static String orderKey(long ts, String side, String type, double quantity) {
        return String.format(Locale.ROOT, "%d %s %s %.10f", ts, side, type, quantity);
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static JsonNode last(String type) {
        List<JsonNode> ev = cli.events();
        for (int i = ev.size() - 1; i >= 0; i--) {
            if (ev.get(i).path("event").asText().equals(type)) return ev.get(i);
        }
        throw new AssertionError("no " + type + " event");
    }
}
