package dev.algotrader.ml.predict;

import dev.algotrader.core.backtest.Predictions;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.lake.LakeFilter;
import dev.algotrader.lake.LakeReader;
import dev.algotrader.lake.LakeRow;
import dev.algotrader.lake.LakeWriter;
import dev.algotrader.lake.SparkSchemas;
import dev.algotrader.schema.Table;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;

/**
 * {@code gold/predictions}: out-of-sample scores keyed by (model, version, symbol, ts). Writes
 * replace one model version's rows of one symbol in a single Delta MERGE (insert new bars, update
 * changed scores, delete bars no longer scored), so a re-run changes nothing and a re-scored
 * version never keeps stale rows; other versions and symbols are untouched. Where that MERGE would
 * only insert rows (a version scored for the first time, new bars scored after an incremental
 * ingest) or change nothing (a re-run), the rows are appended through Delta Kernel, or nothing is
 * written, and no Spark is started; the first write creates the table through Kernel too.
 */
public final class PredictionsTable {

    private PredictionsTable() {}

    /** One score: the bar opening at {@code ts} goes UP with {@code probabilityUp}. */
    public record Prediction(long ts, double probabilityUp) {}

    /**
     * Replaces {@code model} v{@code version}'s rows of {@code symbol} like {@link
     * #replace(DeltaStore, String, String, String, String, List)}, without Spark where the MERGE
     * would only insert rows (a Kernel append of those rows) or change none (nothing is written, no
     * new version); {@code spark} supplies the store for every other case. Returns the version.
     */
    public static long replace(
            LakeReader lake,
            Supplier<DeltaStore> spark,
            String model,
            String version,
            String symbol,
            String interval,
            List<Prediction> preds) {
        LakeWriter w = new LakeWriter(lake);
        if (w.creatable(Table.PREDICTIONS)) {
            // the first predict: the table is made through Kernel, as Spark would have made it
            return w.create(Table.PREDICTIONS, rows(model, version, symbol, interval, preds));
        }
        Optional<List<Prediction>> inserts =
                onlyInserts(lake, model, version, symbol, interval, preds);
        if (inserts.isPresent()) {
            if (inserts.get().isEmpty()) return lake.version(Table.PREDICTIONS);
            if (w.appendable(Table.PREDICTIONS)) {
                return w.append(
                        Table.PREDICTIONS, rows(model, version, symbol, interval, inserts.get()));
            }
        }
        return replace(spark.get(), model, version, symbol, interval, preds);
    }

    /** The table rows of {@code preds} (values in {@link Table#columns()} order). */
    private static List<Object[]> rows(
            String model, String version, String symbol, String interval, List<Prediction> preds) {
        List<Object[]> rows = new ArrayList<>(preds.size());
        for (Prediction p : preds) {
            rows.add(
                    new Object[] {
                        model,
                        version,
                        symbol,
                        interval,
                        p.ts(),
                        p.probabilityUp(),
                        HoldoutPredictor.FOLD
                    });
        }
        return rows;
    }

    /**
     * The predictions the MERGE of {@link #replace} would insert when it would update and delete
     * nothing (every stored row of the version and symbol has this interval, a prediction of its
     * bar with the same score and fold); empty when it would do more or the table does not exist.
     */
    static Optional<List<Prediction>> onlyInserts(
            LakeReader lake,
            String model,
            String version,
            String symbol,
            String interval,
            List<Prediction> preds) {
        if (!lake.exists(Table.PREDICTIONS)) return Optional.empty();
        Map<Long, LakeRow> stored = new HashMap<>();
        boolean[] otherInterval = {false};
        lake.scan(
                Table.PREDICTIONS.path(),
                LakeFilter.all().eq("model", model).eq("version", version).eq("symbol", symbol),
                List.of("interval", "ts", "probability_up", "fold"),
                r -> {
                    if (!interval.equals(r.getString("interval"))) otherInterval[0] = true;
                    stored.put(r.getLong("ts"), r);
                });
        if (otherInterval[0]) return Optional.empty();
        List<Prediction> inserts = new ArrayList<>();
        for (Prediction p : preds) {
            LakeRow s = stored.remove(p.ts());
            if (s == null) {
                inserts.add(p);
            } else if (!sameScore(s.get("probability_up"), p.probabilityUp())
                    || !HoldoutPredictor.FOLD.equals(s.getString("fold"))) {
                return Optional.empty(); // an update
            }
        }
        return stored.isEmpty() ? Optional.of(inserts) : Optional.empty(); // else: deletes
    }

    /** Spark's {@code <=>} on doubles: NaN equals NaN, -0.0 equals 0.0. */
    private static boolean sameScore(Object stored, double p) {
        if (!(stored instanceof Double d)) return false;
        return d == p || (Double.isNaN(d) && Double.isNaN(p));
    }

    /** Replaces {@code model} v{@code version}'s rows of {@code symbol}; returns the version. */
    public static long replace(
            DeltaStore store,
            String model,
            String version,
            String symbol,
            String interval,
            List<Prediction> preds) {
        List<Row> rows = new ArrayList<>(preds.size());
        for (Prediction p : preds) {
            rows.add(
                    RowFactory.create(
                            model,
                            version,
                            symbol,
                            interval,
                            p.ts(),
                            p.probabilityUp(),
                            HoldoutPredictor.FOLD));
        }
        Dataset<Row> df = store.spark().createDataFrame(rows, SparkSchemas.of(Table.PREDICTIONS));
        String path = store.path(Table.PREDICTIONS);
        if (!store.exists(Table.PREDICTIONS)) {
            df.coalesce(1).write().format("delta").mode("errorifexists").save(path);
            return store.version(Table.PREDICTIONS);
        }
        String on =
                String.join(
                        " AND ",
                        Table.PREDICTIONS.key().stream()
                                .map(k -> "t.`" + k + "` = s.`" + k + "`")
                                .toList());
        String mineInTarget =
                "t.model = "
                        + lit(model)
                        + " AND t.version = "
                        + lit(version)
                        + " AND t.symbol = "
                        + lit(symbol)
                        + " AND t.interval = "
                        + lit(interval);
        DeltaTable.forPath(store.spark(), path)
                .as("t")
                .merge(df.as("s"), on)
                .whenMatched(
                        "NOT (t.probability_up <=> s.probability_up) OR NOT (t.fold <=> s.fold)"
                                + " OR NOT (t.interval <=> s.interval)")
                .updateAll()
                .whenNotMatched()
                .insertAll()
                .whenNotMatchedBySource(mineInTarget)
                .delete()
                .execute();
        return store.version(Table.PREDICTIONS);
    }

    /** The scores of {@code model} v{@code version} for {@code symbols} at {@code interval}. */
    public static Predictions read(
            DeltaStore store, String model, String version, List<String> symbols, String interval) {
        return readInto(Predictions.none(), store, model, version, symbols, interval);
    }

    /** Adds the scores of {@code model} v{@code version} for {@code symbols} to {@code out}. */
    public static Predictions readInto(
            Predictions out,
            DeltaStore store,
            String model,
            String version,
            List<String> symbols,
            String interval) {
        if (!store.exists(Table.PREDICTIONS)) return out;
        for (Row r :
                store.read(Table.PREDICTIONS)
                        .where(functions.col("model").equalTo(model))
                        .where(functions.col("version").equalTo(version))
                        .where(functions.col("interval").equalTo(interval))
                        .where(functions.col("symbol").isin(symbols.toArray()))
                        .select("symbol", "ts", "probability_up")
                        .collectAsList()) {
            out.put(r.getString(0), r.getLong(1), r.getDouble(2));
        }
        return out;
    }

    /** Number of rows of {@code model} v{@code version} for {@code symbol} (0 without a table). */
    public static long count(
            DeltaStore store, String model, String version, String symbol, String interval) {
        if (!store.exists(Table.PREDICTIONS)) return 0;
        return store.read(Table.PREDICTIONS)
                .where(functions.col("model").equalTo(model))
                .where(functions.col("version").equalTo(version))
                .where(functions.col("symbol").equalTo(symbol))
                .where(functions.col("interval").equalTo(interval))
                .count();
    }

    private static String lit(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
