package dev.algotrader.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.backtest.BacktestConfig;
import dev.algotrader.core.backtest.BacktestResult;
import dev.algotrader.core.backtest.Backtester;
import dev.algotrader.core.backtest.Predictions;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.features.FeatureEngine;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.Position;
import dev.algotrader.stream.bars.BarRejection;
import dev.algotrader.stream.broker.BrokerFactory;
import dev.algotrader.stream.model.ChampionSource;
import dev.algotrader.stream.model.ModelRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paper trading = backtest: the real BTC sample's holdout replayed through the Flink job (paper
 * broker, parallelism 2, out-of-order input from two source readers, a duplicate and an invalid bar
 * injected) gives exactly the backtester's orders, fills and positions.
 */
class TraderParityIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestFlink.twoSlots();

    @TempDir Path tmp;

    static List<Bar> holdout() {
        List<Bar> all = SampleData.btcMinuteBars();
        return all.subList((int) (all.size() * 0.7), all.size());
    }

    AppConfig config(String strategy, String extra) {
        return AppConfig.withOverrides(
                "algotrader.events-file = \""
                        + tmp.resolve("events.jsonl")
                        + "\"\nalgotrader.trader.control-file = \""
                        + tmp.resolve("control.json")
                        + "\"\nalgotrader.trader.max-out-of-orderness = 30m"
                        + "\nalgotrader.backtest.strategy = \""
                        + strategy
                        + "\"\nalgotrader.backtest.strategies.model.model-version = \"2\""
                        + extra);
    }

    @Test
    void smaCrossReplayEqualsTheBacktest() throws Exception {
        assertParity("sma-cross", "sma");
    }

    @Test
    void rsiReversionReplayEqualsTheBacktest() throws Exception {
        assertParity("rsi-reversion", "rsi");
    }

    /**
     * The model strategy: the backtester reads precomputed scores (the same scorer over the batch
     * feature rows), the Flink job scores live with the champion; orders must agree.
     */
    @Test
    void modelStrategyScoredLiveEqualsTheBacktestOnPrecomputedScores() throws Exception {
        List<Bar> bars = holdout();
        var scorer = TestModels.scorer("2");
        Predictions preds = Predictions.none();
        for (FeatureRow r : FeatureEngine.computeAll(FeatureSetSpec.DEFAULT, bars)) {
            if (r.warm()) preds = preds.put(r.symbol(), r.ts(), scorer.probabilityUp(List.of(r)));
        }
        assertParity("model", "model", preds);
    }

    /** Two symbols sharing every bar time: keyed state and capital split as in the backtest. */
    @Test
    void twoSymbolsReplayEqualsTheBacktest() throws Exception {
        List<Bar> bars = new ArrayList<>();
        for (Bar b : holdout()) {
            bars.add(b);
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
        assertParity(
                "sma-cross",
                "two",
                Predictions.none(),
                bars,
                "\nalgotrader.trader.symbols = [\"BTC/USD\", \"XBT/USD\"]");
    }

    /**
     * Stop-loss / take-profit on and a small participation cap: entries fill in parts over several
     * bars, the kernel amends the pair in place each time, and the job emits each amendment's row;
     * the latest row per client order id equals the backtester's order (which shows the latest
     * terms), as the orders table merge keeps it.
     */
    @Test
    void amendedProtectionReplayEqualsTheBacktest() throws Exception {
        int amendments =
                assertParity(
                        "sma-cross",
                        "amend",
                        Predictions.none(),
                        holdout(),
                        "\nalgotrader.backtest.orders.stop-loss = 0.01"
                                + "\nalgotrader.backtest.orders.take-profit = 0.01"
                                + "\nalgotrader.backtest.fill.participation-cap = 0.002");
        assertThat(amendments).as("amended rows emitted").isPositive();
    }

    private void assertParity(String strategy, String prefix) throws Exception {
        assertParity(strategy, prefix, Predictions.none());
    }

    private void assertParity(String strategy, String prefix, Predictions preds) throws Exception {
        assertThat(assertParity(strategy, prefix, preds, holdout(), ""))
                .as("no protective orders, nothing amended")
                .isZero();
    }

    /** Returns how many amended order rows the job emitted (rows beyond one per id). */
    private int assertParity(
            String strategy, String prefix, Predictions preds, List<Bar> bars, String extra)
            throws Exception {
        AppConfig cfg = config(strategy, extra);
        BacktestResult expected =
                Backtester.run(BacktestConfig.from(cfg.raw()), "paper", bars, preds);
        assertThat(expected.orders()).as("the backtest trades at all").hasSizeGreaterThan(4);

        TraderSettings s = TraderRunner.settings(cfg, false);
        ChampionSource champion = ChampionSource.none();
        if (!preds.isEmpty()) {
            Path alias = tmp.resolve("alias");
            java.nio.file.Files.writeString(alias, "2");
            champion = new TestModels.FileRegistry(alias.toString());
            s = s.withInitialChampion(new ModelRef("test-model", "2", "mem:2"));
        }
        List<Bar> input = new ArrayList<>(ParallelBars.locallyShuffled(bars, 7, 11));
        input.add(input.size() / 2, bars.get(100)); // duplicate
        Bar good = bars.get(201);
        input.add(
                input.size() / 3,
                new Bar(
                        good.symbol(),
                        good.interval(),
                        good.ts() + 1,
                        10,
                        5,
                        20,
                        10,
                        1)); // invalid
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        TraderJob.build(
                        env,
                        ParallelBars.source(env, input, 2),
                        s,
                        champion,
                        BrokerFactory.paper(10_000))
                .sinkTo(CollectSink.all(prefix));
        env.execute("parity " + strategy);

        List<Order> emitted = CollectSink.get(prefix + ".orders");
        // an amended order is emitted again with its new terms: the last row per id is the order
        java.util.Map<String, Order> latest = new java.util.LinkedHashMap<>();
        for (Order o : emitted) latest.put(o.clientOrderId(), o);
        List<Order> orders = new ArrayList<>(latest.values());
        orders.sort(
                Comparator.comparingLong(Order::decisionTs).thenComparing(Order::clientOrderId));
        List<Order> want = new ArrayList<>(expected.orders());
        want.sort(Comparator.comparingLong(Order::decisionTs).thenComparing(Order::clientOrderId));
        assertThat(orders).isEqualTo(want);

        List<Fill> fills = CollectSink.get(prefix + ".fills");
        fills.sort(Comparator.comparingLong(Fill::ts).thenComparing(Fill::clientOrderId));
        List<Fill> wantFills = new ArrayList<>(expected.fills());
        wantFills.sort(Comparator.comparingLong(Fill::ts).thenComparing(Fill::clientOrderId));
        assertThat(fills).isEqualTo(wantFills);

        List<Position> positions = CollectSink.get(prefix + ".positions");
        positions.sort(Comparator.comparingLong(Position::ts).thenComparing(Position::symbol));
        List<Position> wantPositions = new ArrayList<>(expected.positions());
        wantPositions.sort(Comparator.comparingLong(Position::ts).thenComparing(Position::symbol));
        assertThat(positions).isEqualTo(wantPositions);

        List<BarRejection> rejected = CollectSink.get(prefix + ".rejected");
        // the injected copy is a duplicate while the original is buffered, late once released
        assertThat(rejected).hasSize(2);
        assertThat(rejected).extracting(BarRejection::reason).contains("invalid: high < low");
        assertThat(rejected)
                .filteredOn(r -> r.bar().equals(bars.get(100)))
                .extracting(BarRejection::reason)
                .containsAnyOf("duplicate", "late");
        return emitted.size() - latest.size();
    }
}
