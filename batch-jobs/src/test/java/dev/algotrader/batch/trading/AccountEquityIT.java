package dev.algotrader.batch.trading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.batch.SharedSpark;
import dev.algotrader.lake.SparkSchemas;
import dev.algotrader.schema.EquityPoint;
import dev.algotrader.schema.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * {@link AccountEquity} on in-memory sub-accounts against a plain Java as-of sum (each account ts:
 * every symbol's latest sub-account at or before it, its opening before its first bar, summed in
 * symbol order from 0): three symbols with gaps and later starts, most sub-accounts stored first
 * and the rest arriving late in two rounds. Each round recomputes only the rows its sub-accounts
 * change (those rows overlaid on the earlier result must equal the as-of sum of everything stored
 * so far, bit for bit), including symbols carried in from before the recomputed range.
 */
class AccountEquityIT {

    private static final List<String> SYMBOLS = List.of("AAA/USD", "BBB/USD", "CCC/USD");

    @Test
    void lateSubAccountsRecomputeExactlyTheRowsTheyChange() {
        SparkSession spark = SharedSpark.get();
        Random rnd = new Random(42);
        List<EquityPoint> all = new ArrayList<>();
        for (String s : SYMBOLS) all.add(EquityPoint.opening("r", s, 1_000.0 / 3));
        for (int i = 0; i < 200; i++) {
            long ts = 60_000L * (i + 1);
            for (int k = 0; k < SYMBOLS.size(); k++) {
                if (i < 15 * k) continue; // BBB starts at bar 15, CCC at bar 30
                if (k == 0 && i >= 80 && i < 120) continue; // a long gap of AAA
                if (rnd.nextInt(10) == 0) continue; // short gaps everywhere
                double cash = 300 + rnd.nextInt(50) + rnd.nextDouble();
                double value = rnd.nextInt(3) == 0 ? 0.0 : rnd.nextDouble() * 70;
                all.add(new EquityPoint("r", SYMBOLS.get(k), ts, cash, value, cash + value));
            }
        }
        // late: a third of the sub-accounts of bars 50-69, then of bars 100-109 (inside AAA's
        // gap: AAA is carried in from before it)
        List<List<EquityPoint>> rounds =
                List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (EquityPoint e : all) {
            long bar = e.ts() / 60_000L - 1;
            boolean late = !e.isOpening() && rnd.nextInt(3) == 0;
            int round = !late ? 0 : bar >= 50 && bar < 70 ? 1 : bar >= 100 && bar < 110 ? 2 : 0;
            rounds.get(round).add(e);
        }
        assertThat(rounds.get(1)).hasSizeGreaterThan(5);
        assertThat(rounds.get(2)).hasSizeGreaterThan(2);

        List<EquityPoint> stored = new ArrayList<>();
        Map<Long, List<Double>> table = new TreeMap<>();
        for (List<EquityPoint> round : rounds) {
            stored.addAll(round);
            List<Row> recomputed =
                    AccountEquity.recompute(frame(spark, stored), frame(spark, round))
                            .collectAsList();
            Map<Long, List<Double>> want = asOfSums(stored);
            TreeSet<Long> changed = new TreeSet<>();
            for (Map.Entry<Long, List<Double>> e : want.entrySet()) {
                if (!e.getValue().equals(table.get(e.getKey()))) changed.add(e.getKey());
            }
            TreeSet<Long> computed = new TreeSet<>();
            for (Row r : recomputed) {
                long ts = r.getAs("ts");
                computed.add(ts);
                table.put(
                        ts,
                        List.of(
                                r.<Double>getAs("cash"),
                                r.<Double>getAs("position_value"),
                                r.<Double>getAs("equity")));
            }
            assertThat(table).isEqualTo(want);
            assertThat(computed).as("recomputed rows").containsAll(changed);
            if (round != rounds.get(0)) {
                long from = round.stream().mapToLong(EquityPoint::ts).min().orElseThrow();
                assertThat(computed.first())
                        .as("a late round recomputes from its first sub-account on")
                        .isEqualTo(from);
                assertThat(computed.size())
                        .as("and only part of the run")
                        .isLessThan(want.size() / 2);
            }
        }
    }

    /** The oracle: per account ts, cash, position value and equity of the as-of sum. */
    private static Map<Long, List<Double>> asOfSums(List<EquityPoint> stored) {
        Map<String, TreeMap<Long, EquityPoint>> bySymbol = new TreeMap<>();
        TreeSet<Long> accountTs = new TreeSet<>();
        for (EquityPoint e : stored) {
            bySymbol.computeIfAbsent(e.symbol(), k -> new TreeMap<>()).put(e.ts(), e);
            if (!e.isOpening()) accountTs.add(e.ts());
        }
        Map<Long, List<Double>> out = new TreeMap<>();
        for (long ts : accountTs) {
            double cash = 0;
            double value = 0;
            double equity = 0;
            for (TreeMap<Long, EquityPoint> s : bySymbol.values()) {
                Map.Entry<Long, EquityPoint> e = s.floorEntry(ts);
                if (e == null) continue;
                cash += e.getValue().cash();
                value += e.getValue().positionValue();
                equity += e.getValue().equity();
            }
            out.put(ts, List.of(cash, value, equity));
        }
        return out;
    }

    private static Dataset<Row> frame(SparkSession spark, List<EquityPoint> points) {
        List<Row> rows = new ArrayList<>();
        for (EquityPoint e : points) {
            rows.add(
                    RowFactory.create(
                            e.runId(),
                            e.symbol(),
                            e.ts(),
                            e.cash(),
                            e.positionValue(),
                            e.equity()));
        }
        return spark.createDataFrame(rows, SparkSchemas.of(Table.EQUITY_ACCOUNTS));
    }
}
