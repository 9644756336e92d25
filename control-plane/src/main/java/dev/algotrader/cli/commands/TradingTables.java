package dev.algotrader.cli.commands;

import dev.algotrader.batch.trading.TraderRows;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.lake.SparkSchemas;
import dev.algotrader.schema.EquityPoint;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.Position;
import dev.algotrader.schema.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Writes {@code trading/orders|fills|positions|equity}: rows of a backtest (records) or the
 * trader's JSONL hand-off folders, MERGEd on each table's natural key (so a rerun or an
 * at-least-once redelivery changes no row).
 */
final class TradingTables {

    static final List<Table> TABLES = TraderRows.OUTPUTS;

    private TradingTables() {}

    /**
     * Writes a backtest's rows; returns the Delta version per table. The run id is new, so the
     * MERGE on the key only inserts: each table gets a Delta Kernel append (no Spark) when {@link
     * dev.algotrader.lake.LakeWriter#canAppend} confirms that, else the Spark MERGE.
     */
    static Map<String, Long> mergeBacktest(
            Lake lake,
            List<Order> orders,
            List<Fill> fills,
            List<Position> positions,
            List<EquityPoint> equity) {
        List<Object[]> o = new ArrayList<>(orders.size());
        for (Order x : orders) {
            o.add(
                    new Object[] {
                        x.runId(),
                        x.clientOrderId(),
                        x.symbol(),
                        x.decisionTs(),
                        x.side().name(),
                        x.type().name(),
                        x.quantity(),
                        nullIfNaN(x.limitPrice()),
                        nullIfNaN(x.stopPrice()),
                        x.reason()
                    });
        }
        List<Object[]> f = new ArrayList<>(fills.size());
        for (Fill x : fills) {
            f.add(
                    new Object[] {
                        x.runId(),
                        x.clientOrderId(),
                        x.symbol(),
                        x.ts(),
                        x.side().name(),
                        x.quantity(),
                        x.price(),
                        x.fee(),
                        x.slippageCost()
                    });
        }
        List<Object[]> p = new ArrayList<>(positions.size());
        for (Position x : positions) {
            p.add(
                    new Object[] {
                        x.runId(),
                        x.symbol(),
                        x.ts(),
                        x.quantity(),
                        x.avgPrice(),
                        x.marketPrice(),
                        x.realizedPnl(),
                        x.unrealizedPnl()
                    });
        }
        List<Object[]> e = new ArrayList<>(equity.size());
        for (EquityPoint x : equity) {
            e.add(new Object[] {x.runId(), x.ts(), x.cash(), x.positionValue(), x.equity()});
        }
        Map<String, Long> versions = new LinkedHashMap<>();
        write(lake, Table.ORDERS, o, versions);
        write(lake, Table.FILLS, f, versions);
        write(lake, Table.POSITIONS, p, versions);
        write(lake, Table.EQUITY, e, versions);
        return versions;
    }

    /** New rows of one run into {@code t}: a Kernel append when that equals the MERGE. */
    private static void write(Lake lake, Table t, List<Object[]> rows, Map<String, Long> v) {
        if (rows.isEmpty() && lake.reader().exists(t)) {
            v.put(t.path(), lake.reader().version(t)); // the MERGE of nothing writes nothing
            return;
        }
        if (lake.writer().canAppend(t, rows)) {
            v.put(t.path(), lake.writer().append(t, rows));
            return;
        }
        List<Row> spark = new ArrayList<>(rows.size());
        for (Object[] r : rows) spark.add(RowFactory.create(r));
        DeltaStore store = lake.spark();
        merge(store, t, store.spark().createDataFrame(spark, SparkSchemas.of(t)), v);
    }

    /**
     * MERGEs the trader's JSONL outputs ({@code out/<table>/*.jsonl}) through the reduction the
     * Kafka sink uses ({@link TraderRows}): one row per key, of an order written several times
     * (amended) the last; equity rows are sub-accounts, stored per {@code (run_id, symbol, ts)} in
     * {@code trading/equity_accounts}, and the {@code trading/equity} rows they change are
     * recomputed as the sum of every symbol's latest stored sub-account at each ts (so sub-accounts
     * in different part files, or different runs of paper-once, add up). Returns per output the
     * rows merged into its {@code trading/*} table (for equity: account rows).
     *
     * <p>The last row of a key: a symbol's rows are appended by one subtask in emission order (a
     * replay after a restore appends the same deterministic sequence again), so within a file the
     * last line wins; rows read from one file keep their line order in {@code
     * monotonically_increasing_id}. Should a key appear in several files, the file name decides:
     * the trader names them {@code part-<UTC stamp>-<subtask>}, so a later run's row wins.
     */
    static Map<String, Long> mergeTraderOutputs(DeltaStore store, Path outDir) throws IOException {
        SparkSession spark = store.spark();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Table t : TraderRows.OUTPUTS) {
            String name = t.path().substring(t.path().indexOf('/') + 1);
            Path dir = outDir.resolve(name);
            if (!hasJsonl(dir)) {
                counts.put(name, 0L);
                continue;
            }
            Dataset<Row> rows =
                    spark.read()
                            .schema(SparkSchemas.of(TraderRows.recordTable(t)))
                            .option("mode", "FAILFAST")
                            .json(dir.resolve("*.jsonl").toString())
                            .withColumn("_file", functions.input_file_name())
                            .withColumn("_line", functions.monotonically_increasing_id());
            Dataset<Row> latest =
                    TraderRows.latest(
                            TraderRows.conform(rows, t),
                            t,
                            functions.col("_file").desc(),
                            functions.col("_line").desc());
            counts.put(name, TraderRows.merge(store, t, latest).get(t.path()));
        }
        return counts;
    }

    private static boolean hasJsonl(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".jsonl"));
        }
    }

    private static void merge(DeltaStore store, Table t, Dataset<Row> rows, Map<String, Long> v) {
        v.put(t.path(), store.merge(t, rows).version());
    }

    private static Double nullIfNaN(double d) {
        return Double.isNaN(d) ? null : d;
    }
}
