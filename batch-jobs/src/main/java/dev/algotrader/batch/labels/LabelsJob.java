package dev.algotrader.batch.labels;

import static org.apache.spark.sql.functions.col;

import dev.algotrader.batch.BarFrames;
import dev.algotrader.batch.SymbolPartitions;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.core.labels.Labeler;
import dev.algotrader.core.progress.Progress;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.lake.SparkSchemas;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.BarInterval;
import dev.algotrader.schema.Label;
import dev.algotrader.schema.Table;
import java.time.Duration;
import java.util.ArrayList;
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
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes {@code gold/labels} from the complete bars of {@code silver/bars} (MERGE on the key).
 * Incremental by default: a label of bar t depends only on the bars at t and t + horizon, so a
 * series whose bars up to its last labelled run are unchanged in number ({@link #STATE_TABLE}) is
 * relabelled only from {@code last_ts - horizon} on. A series with inserted or removed old bars, a
 * changed horizon or dead band, or {@code labels --full} is labelled in full. A correction of an
 * old bar's values (ingest {@code --allow-corrections}) needs {@code labels --full}.
 */
public final class LabelsJob {

    private static final Logger LOG = LoggerFactory.getLogger(LabelsJob.class);

    private LabelsJob() {}

    /** Job-private Delta table: per series the last labelled bar and the bars up to it. */
    public static final String STATE_TABLE = "gold/labels_state";

    /** Runs the job (incremental) with a fresh run id. */
    public static JobSummary run(SparkSession spark, AppConfig config) {
        return run(spark, config, "labels-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Runs the job incrementally; {@code runId} is recorded in the summary. */
    public static JobSummary run(SparkSession spark, AppConfig config, String runId) {
        return run(spark, config, false, runId);
    }

    /** Runs the job ({@code full} relabels every bar); {@code runId} is recorded. */
    public static JobSummary run(SparkSession spark, AppConfig config, boolean full, String runId) {
        var c = config.area("labels");
        Duration horizon = c.getDuration("horizon");
        double deadBand = c.getDouble("dead-band");
        DeltaStore store = new DeltaStore(spark, config.dataRoot());
        long barsVersion = store.version(Table.BARS);
        Dataset<Row> bars = BarFrames.complete(store.read(Table.BARS, barsVersion));
        LabelState state =
                new LabelState(store, STATE_TABLE, horizon.toMillis(), deadBand, barsVersion);
        // read once: the intervals, the count, the labels and the state all come from it
        Dataset<Row> read =
                (full ? bars : state.newBars(bars)).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> input = read;
        // intervals the horizon is no whole number of bars of get no labels (nor state)
        List<String> skipped = new ArrayList<>();
        for (Row r : read.select("interval").distinct().collectAsList()) {
            String iv = r.getString(0);
            try {
                Labeler.horizonBars(horizon, BarInterval.parse(iv));
            } catch (IllegalArgumentException e) {
                LOG.warn("no labels for {} bars: {}", iv, e.getMessage());
                skipped.add(iv);
            }
        }
        if (!skipped.isEmpty())
            input = input.filter(functions.not(col("interval").isin(skipped.toArray())));
        List<String> symbols = store.partitionValues(Table.BARS, barsVersion, "symbol");
        Dataset<Row> labels =
                transform(input, horizon, deadBand, symbols)
                        .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Progress.step("label the bars (horizon " + horizon + ")");
            long in = input.count();
            // one pass: the label count is the sum of the directions' counts
            List<Row> directions =
                    labels.groupBy("direction").count().orderBy("direction").collectAsList();
            long out = 0;
            for (Row r : directions) out += r.getLong(1);
            Progress.rows(out);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("horizon", horizon.toString());
            details.put("mode", full ? "full" : "incremental");
            details.put("series_continued", state.continued());
            if (!skipped.isEmpty()) details.put("intervals_without_labels", skipped);
            details.put("dead_band", deadBand);
            details.put("unlabeled_bars", in - out);
            for (Row r : directions) details.put(r.getString(0), r.getLong(1));
            if (in == 0 && store.exists(Table.LABELS) && store.exists(STATE_TABLE)) {
                // no bar to label: no label and no state changes, so no MERGE (each reads the
                // stored table to find that out)
                details.put("gold/labels", store.version(Table.LABELS));
                details.put(STATE_TABLE, store.version(STATE_TABLE));
            } else {
                Progress.step("merge gold/labels");
                Progress.rows(out);
                details.put("gold/labels", store.merge(Table.LABELS, labels).version());
                details.put(STATE_TABLE, state.save(input));
            }
            // bars without a full horizon are not rejected: they simply have no label yet
            JobSummary s = new JobSummary("labels", runId, in, out, 0, details);
            LOG.info("{}", s.line());
            return s;
        } finally {
            labels.unpersist();
            read.unpersist();
        }
    }

    /** Pure transform: labels of {@code bars} ({@code silver/bars} shape), one pass per symbol. */
    public static Dataset<Row> transform(Dataset<Row> bars, Duration horizon, double deadBand) {
        return transform(bars, horizon, deadBand, null);
    }

    /**
     * {@link #transform(Dataset, Duration, double)} given the symbols of {@code bars} ({@link
     * SymbolPartitions}; null = found by a query).
     */
    static Dataset<Row> transform(
            Dataset<Row> bars, Duration horizon, double deadBand, List<String> symbols) {
        return SymbolPartitions.spread(
                        bars.select(
                                "symbol",
                                "interval",
                                "ts",
                                "open",
                                "high",
                                "low",
                                "close",
                                "volume"),
                        symbols)
                .sortWithinPartitions("symbol", "interval", "ts")
                .mapPartitions(
                        new LabelPass(horizon, deadBand),
                        Encoders.row(SparkSchemas.of(Table.LABELS)));
    }

    /** Labels each (symbol, interval) run of a sorted partition. */
    static final class LabelPass implements MapPartitionsFunction<Row, Row> {
        private final Duration horizon;
        private final double deadBand;

        LabelPass(Duration horizon, double deadBand) {
            this.horizon = horizon;
            this.deadBand = deadBand;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> in) {
            List<Row> out = new ArrayList<>();
            List<Bar> series = new ArrayList<>();
            while (in.hasNext()) {
                Bar b = BarFrames.barAt(in.next());
                if (!series.isEmpty()) {
                    Bar p = series.get(0);
                    if (!p.symbol().equals(b.symbol()) || !p.interval().equals(b.interval())) {
                        label(series, out);
                        series.clear();
                    }
                }
                series.add(b);
            }
            if (!series.isEmpty()) label(series, out);
            return out.iterator();
        }

        private void label(List<Bar> series, List<Row> out) {
            Labeler labeler =
                    Labeler.of(horizon, BarInterval.parse(series.get(0).interval()), deadBand);
            for (Label l : labeler.label(series)) {
                out.add(
                        RowFactory.create(
                                l.symbol(),
                                l.interval(),
                                l.ts(),
                                l.horizonBars(),
                                l.forwardLogReturn(),
                                l.direction().name(),
                                l.direction().ordinal()));
            }
        }
    }
}
