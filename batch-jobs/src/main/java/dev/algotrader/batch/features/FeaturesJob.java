package dev.algotrader.batch.features;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.algotrader.batch.BarFrames;
import dev.algotrader.batch.SavedStates;
import dev.algotrader.batch.SymbolPartitions;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.features.FeatureEngine;
import dev.algotrader.core.features.FeatureSets;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.core.progress.Progress;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.lake.SparkSchemas;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import dev.algotrader.schema.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes {@code silver/features} from {@code silver/bars}. A full run recomputes every symbol; an
 * incremental run (the default) feeds only bars newer than each symbol's saved engine state.
 */
public final class FeaturesJob {

    private static final Logger LOG = LoggerFactory.getLogger(FeaturesJob.class);

    /** Job-private Delta table holding one engine snapshot per symbol, interval and feature set. */
    public static final String STATE_TABLE = "silver/feature_state";

    private FeaturesJob() {}

    /** The feature set named by {@code algotrader.features.set} and {@code .version}. */
    public static FeatureSetSpec spec(AppConfig config) {
        var c = config.area("features");
        return FeatureSets.byId(c.getString("set") + "_v" + c.getInt("version"));
    }

    /** Runs the job ({@code full} recomputes every symbol) with a fresh run id. */
    public static JobSummary run(SparkSession spark, AppConfig config, boolean full) {
        return run(spark, config, full, "features-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Runs the job; {@code runId} is recorded in the summary. */
    public static JobSummary run(SparkSession spark, AppConfig config, boolean full, String runId) {
        FeatureSetSpec spec = spec(config);
        DeltaStore store = new DeltaStore(spark, config.dataRoot());
        long barsVersion = store.version(Table.BARS);
        Dataset<Row> bars = BarFrames.complete(store.read(Table.BARS, barsVersion));
        Progress.step("read silver/bars and the saved engine state");
        Map<String, byte[]> states = new HashMap<>();
        int resets = 0;
        if (!full && store.exists(STATE_TABLE) && store.exists(Table.FEATURES)) {
            Dataset<Row> table = store.read(STATE_TABLE);
            List<Row> saved =
                    table.filter(col("feature_set").equalTo(spec.id()))
                            .select(
                                    col("symbol"),
                                    col("interval"),
                                    col("last_ts"),
                                    col("bars_seen"),
                                    col("state"),
                                    List.of(table.columns()).contains("bars_version")
                                            ? col("bars_version")
                                            : lit(null).cast(DataTypes.LongType))
                            .collectAsList();
            List<SavedStates.Saved> states0 = new ArrayList<>();
            for (Row r : saved) {
                states0.add(
                        new SavedStates.Saved(
                                r.getString(0),
                                r.getString(1),
                                r.getLong(2),
                                r.getLong(3),
                                r.isNullAt(5) ? null : r.getLong(5)));
            }
            // bars at or before each snapshot must be exactly the ones the engine saw
            SavedStates checked = SavedStates.check(store, bars, barsVersion, states0);
            for (Row r : saved) {
                String k = key(r.getString(0), r.getString(1));
                if (checked.valid().contains(k)) {
                    states.put(k, (byte[]) r.get(4));
                } else {
                    resets++;
                    LOG.warn(
                            "bars of {} changed before its saved feature state: recomputing it in full",
                            k.replace('\u0000', ' '));
                }
            }
            bars = bars.filter(checked.unseen(states.keySet(), 0));
        }
        List<String> symbols = store.partitionValues(Table.BARS, barsVersion, "symbol");
        Dataset<Row> out =
                compute(bars, spec, states, symbols).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> features = out.drop("_state", "_bars_seen");
            Progress.step("compute " + spec.id() + " on the new bars");
            // one pass for both counts
            Row counts =
                    features.agg(
                                    org.apache.spark.sql.functions.count("*"),
                                    org.apache.spark.sql.functions.count(
                                            org.apache.spark.sql.functions.when(
                                                    col("warm"), lit(1))))
                            .first();
            long rows = counts.getLong(0);
            Progress.rows(rows);
            long barsIn = rows;
            long warm = counts.getLong(1);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("feature_set", spec.id());
            details.put("mode", full ? "full" : "incremental");
            details.put("symbols_continued", states.size());
            details.put("symbols_reset", resets);
            details.put("warm_rows", warm);
            if (rows == 0 && store.exists(Table.FEATURES) && store.exists(STATE_TABLE)) {
                // no new bar: no feature row and no engine state to write, so no MERGE (each
                // reads the stored table to find that out)
                details.put("silver/features", store.version(Table.FEATURES));
                details.put(STATE_TABLE, store.version(STATE_TABLE));
                JobSummary s = new JobSummary("features", runId, 0, 0, 0, details);
                LOG.info("{}", s.line());
                return s;
            }
            Progress.step("merge silver/features");
            Progress.rows(rows);
            long fv = store.merge(Table.FEATURES, features).version();
            Progress.step("merge " + STATE_TABLE);
            details.put("silver/features", fv);
            Dataset<Row> newStates =
                    out.filter(col("_state").isNotNull())
                            .select(
                                    col("symbol"),
                                    col("interval"),
                                    col("feature_set"),
                                    col("ts").as("last_ts"),
                                    col("_bars_seen").as("bars_seen"),
                                    col("_state").as("state"),
                                    lit(barsVersion).as("bars_version"));
            long sv =
                    store.merge(
                                    STATE_TABLE,
                                    List.of("symbol", "interval", "feature_set"),
                                    List.of(),
                                    newStates)
                            .version();
            details.put(STATE_TABLE, sv);
            JobSummary s = new JobSummary("features", runId, barsIn, rows, 0, details);
            LOG.info("{}", s.line());
            return s;
        } finally {
            out.unpersist();
        }
    }

    /** Pure transform: features of {@code bars} ({@code silver/bars} shape) with fresh engines. */
    public static Dataset<Row> transform(Dataset<Row> bars, FeatureSetSpec spec) {
        return compute(bars, spec, Map.of(), null).drop("_state", "_bars_seen");
    }

    /** {@link #transform(Dataset, FeatureSetSpec)} with the default feature set. */
    public static Dataset<Row> transform(Dataset<Row> bars) {
        return transform(bars, FeatureSetSpec.DEFAULT);
    }

    /**
     * Features plus, on the last row of each symbol, the engine snapshot ({@code _state}) and bars
     * seen. Bars at or before a symbol's restored state are skipped. {@code symbols}: the symbols
     * of {@code bars} ({@link SymbolPartitions}; null = found by a query).
     */
    static Dataset<Row> compute(
            Dataset<Row> bars,
            FeatureSetSpec spec,
            Map<String, byte[]> states,
            List<String> symbols) {
        StructType schema =
                SparkSchemas.features(spec.featureNames())
                        .add("_bars_seen", DataTypes.LongType, true)
                        .add("_state", DataTypes.BinaryType, true);
        Dataset<Row> input =
                bars.select("symbol", "interval", "ts", "open", "high", "low", "close", "volume");
        if (!states.isEmpty()) {
            Map<String, Long> lastTs = new HashMap<>();
            for (var e : states.entrySet())
                lastTs.put(e.getKey(), FeatureEngine.restore(e.getValue()).lastTs());
            List<Row> cut = new ArrayList<>();
            for (var e : lastTs.entrySet()) {
                String[] k = e.getKey().split("\u0000", 2);
                cut.add(RowFactory.create(k[0], k[1], e.getValue()));
            }
            Dataset<Row> cuts =
                    bars.sparkSession()
                            .createDataFrame(
                                    cut,
                                    new StructType()
                                            .add("symbol", DataTypes.StringType)
                                            .add("interval", DataTypes.StringType)
                                            .add("_cut", DataTypes.LongType));
            input =
                    input.join(broadcast(cuts), scalaSeq("symbol", "interval"), "left")
                            .filter(col("_cut").isNull().or(col("ts").gt(col("_cut"))))
                            .drop("_cut")
                            .select(
                                    "symbol",
                                    "interval",
                                    "ts",
                                    "open",
                                    "high",
                                    "low",
                                    "close",
                                    "volume");
        }
        return SymbolPartitions.spread(input, symbols)
                .sortWithinPartitions("symbol", "interval", "ts")
                .mapPartitions(new EnginePass(spec, states), Encoders.row(schema));
    }

    private static scala.collection.immutable.Seq<String> scalaSeq(String... s) {
        return scala.collection.JavaConverters.asScalaBuffer(List.of(s)).toList();
    }

    static String key(String symbol, String interval) {
        return symbol + '\u0000' + interval;
    }

    /** One pass of the engine over a partition sorted by symbol, interval, ts. */
    static final class EnginePass implements MapPartitionsFunction<Row, Row> {
        private final FeatureSetSpec spec;
        private final Map<String, byte[]> states;

        EnginePass(FeatureSetSpec spec, Map<String, byte[]> states) {
            this.spec = spec;
            this.states = new HashMap<>(states);
        }

        @Override
        public Iterator<Row> call(Iterator<Row> in) {
            String setId = spec.id();
            int width = spec.featureNames().size();
            return new Iterator<>() {
                FeatureEngine engine;
                String key;
                Row pending;

                @Override
                public boolean hasNext() {
                    return pending != null || in.hasNext();
                }

                @Override
                public Row next() {
                    // one-row look-ahead tells whether a row is its symbol's last (it then carries
                    // the state)
                    Row r = pending != null ? pending : in.next();
                    pending = in.hasNext() ? in.next() : null;
                    Bar b = BarFrames.barAt(r);
                    String k = key(b.symbol(), b.interval());
                    if (!k.equals(key)) {
                        key = k;
                        byte[] saved = states.get(k);
                        engine =
                                saved != null
                                        ? FeatureEngine.restore(saved)
                                        : FeatureEngine.create(spec, b.symbol(), b.interval());
                    }
                    FeatureRow f = engine.update(b);
                    boolean last =
                            pending == null
                                    || !k.equals(key(pending.getString(0), pending.getString(1)));
                    Object[] v = new Object[5 + width + 2];
                    v[0] = f.symbol();
                    v[1] = f.interval();
                    v[2] = f.ts();
                    v[3] = setId;
                    v[4] = f.warm();
                    double[] vals = f.values();
                    for (int i = 0; i < width; i++) v[5 + i] = vals[i];
                    v[5 + width] = last ? engine.barsSeen() : null;
                    v[6 + width] = last ? engine.snapshot() : null;
                    return RowFactory.create(v);
                }
            };
        }
    }
}
