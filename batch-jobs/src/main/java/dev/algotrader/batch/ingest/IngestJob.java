package dev.algotrader.batch.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;

import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.data.coingecko.CoinGeckoClient;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.core.progress.Progress;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.BarInterval;
import dev.algotrader.schema.Table;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest job: sources → {@code bronze/bars_raw} (accepted bars as received), {@code
 * bronze/bars_rejected} (every bad record with its reason) and {@code silver/bars} (UTC,
 * deduplicated, gap-flagged, partitioned by symbol and date). Bars that fail a plausibility rule
 * ({@link IngestRules}, {@link PlausibilityStage}) are quarantined; bars that replace stored ones
 * are counted ({@code updated}, {@code corrections}).
 *
 * <p>Accounting: records in = records accepted (trades aggregated or bars kept) + records rejected;
 * the job fails loudly if that identity does not hold.
 */
public final class IngestJob {

    private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

    private IngestJob() {}

    /** Runs ingest with a fresh run id. */
    public static JobSummary run(
            SparkSession spark, AppConfig config, IngestRequest request, Clock clock) {
        return run(
                spark,
                config,
                request,
                clock,
                "ingest-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Runs ingest; {@code runId} is recorded in the summary. */
    public static JobSummary run(
            SparkSession spark,
            AppConfig config,
            IngestRequest request,
            Clock clock,
            String runId) {
        return run(spark, config, request, clock, runId, () -> CoinGeckoClient.from(config));
    }

    /**
     * As {@link #run(SparkSession, AppConfig, IngestRequest, Clock, String)} with a given client.
     */
    public static JobSummary run(
            SparkSession spark,
            AppConfig config,
            IngestRequest request,
            Clock clock,
            String runId,
            Supplier<CoinGeckoClient> coingecko) {
        return run(spark, config, request, IngestSelection.ALL, clock, runId, coingecko);
    }

    /** Ingests only what {@code selection} asks for (symbols, time window) from the sources. */
    public static JobSummary run(
            SparkSession spark,
            AppConfig config,
            IngestRequest request,
            IngestSelection selection,
            Clock clock,
            String runId) {
        return run(
                spark,
                config,
                request,
                selection,
                clock,
                runId,
                () -> CoinGeckoClient.from(config));
    }

    private static JobSummary run(
            SparkSession spark,
            AppConfig config,
            IngestRequest request,
            IngestSelection selection,
            Clock clock,
            String runId,
            Supplier<CoinGeckoClient> coingecko) {
        IngestRules rules = IngestRules.from(config, clock, request.allowCorrections());
        DeltaStore store = new DeltaStore(spark, config.dataRoot());
        SourceReader reader = new SourceReader(spark, rules.assumeUtcWithoutZone(), coingecko);
        Dataset<Row> records = null;
        Progress.step("read and check the input", request.sources().size(), "sources");
        for (SourceSpec s : request.sources()) {
            Dataset<Row> r = reader.read(s);
            records = records == null ? r : records.union(r);
        }
        long notSelected = 0;
        Dataset<Row> read = null;
        if (!selection.all()) {
            // read the sources once for the count and the selection
            read = records.persist(StorageLevel.MEMORY_AND_DISK());
            notSelected = selection.skipped(read);
            records = selection.apply(read);
        }
        Timestamp ingestTime = new Timestamp(clock.millis());
        Result res = transform(records, rules);
        PlausibilityCheck.Result plausible =
                PlausibilityCheck.apply(store, res.bars, rules.plausibility());
        try {
            Row total = res.checked.agg(sum("n")).first();
            long in = total.isNullAt(0) ? 0 : total.getLong(0);
            Dataset<Row> good = plausible.accepted();
            Dataset<Row> rejected = res.rejected.unionByName(plausible.rejected());
            Progress.advance(request.sources().size());
            Progress.rows(in);
            Row acc = good.agg(sum("n"), org.apache.spark.sql.functions.count("*")).first();
            long accepted = acc.isNullAt(0) ? 0 : acc.getLong(0);
            long bars = acc.getLong(1);
            Row rej = rejected.agg(sum("n"), org.apache.spark.sql.functions.count("*")).first();
            long rejectedRecords = rej.isNullAt(0) ? 0 : rej.getLong(0);
            long rejectedRows = rej.getLong(1);
            if (in != accepted + rejectedRecords) {
                throw new IllegalStateException(
                        "ingest accounting broken: "
                                + in
                                + " records in, "
                                + accepted
                                + " accepted, "
                                + rejectedRecords
                                + " rejected");
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("records_accepted", accepted);
            details.put("bars", bars);
            details.put("rejected_rows", rejectedRows);
            details.put("reasons", reasonCounts(rejected));
            Map<String, Long> changes = plausible.changes();
            long corrected = changes.getOrDefault(PlausibilityStage.CORRECTED, 0L);
            // replaced stored bars whose values change (an identical bar is no update)
            details.put("updated", changes.getOrDefault(PlausibilityStage.UPDATED, 0L) + corrected);
            details.put("corrections", corrected);
            if (!selection.all()) {
                details.put("not_selected", notSelected);
                if (!selection.symbols().isEmpty()) {
                    details.put("symbols", selection.symbols().stream().sorted().toList());
                }
                if (selection.from() != null) details.put("from", selection.from().toString());
                if (selection.to() != null) details.put("to", selection.to().toString());
            }

            Progress.step("merge bronze/bars_raw");
            Progress.rows(bars);
            store.merge(Table.BARS_RAW, bronze(good, ingestTime));
            Progress.step("merge bronze/bars_rejected");
            Progress.rows(rejectedRows);
            var rv = store.merge(Table.BARS_REJECTED, rejectedRows(rejected, ingestTime));
            details.put("bronze/bars_rejected", rv.version());
            details.put("bronze/bars_raw", store.version(Table.BARS_RAW));
            Progress.step("clean and merge silver/bars");
            Progress.rows(bars);
            SilverResult silver = mergeSilver(store, good);
            details.put("silver/bars", silver.version);
            details.put("gaps", silver.gaps);
            JobSummary summary =
                    new JobSummary("ingest", runId, in, bars, rejectedRecords, details);
            LOG.info("{}", summary.line());
            return summary;
        } finally {
            plausible.unpersist();
            res.unpersist();
            if (read != null) read.unpersist();
        }
    }

    /** The pure part: records → accepted bars and rejected records (nothing written). */
    public static Result transform(Dataset<Row> records, IngestRules rules) {
        Dataset<Row> checked =
                records.map(
                                (MapFunction<Row, Row>)
                                        r -> {
                                            String why = rules.check(r);
                                            return why == null || !r.isNullAt(Records.REASON)
                                                    ? r
                                                    : Records.withReason(r, why);
                                        },
                                Encoders.row(Records.SCHEMA))
                        .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> sequenced =
                checked.filter(col("reason").isNull())
                        .repartition(col("symbol"))
                        .sortWithinPartitions(
                                "symbol", "interval", "source", "source_file", "is_trade", "line")
                        .mapPartitions(new SequenceStage(), Encoders.row(Records.SCHEMA))
                        .persist(StorageLevel.MEMORY_AND_DISK());
        // the same bar from two files of one source: keep the first, quarantine the others
        WindowSpec byKey =
                Window.partitionBy("source", "symbol", "interval", "ts")
                        .orderBy("source_file", "line");
        Dataset<Row> ranked =
                sequenced
                        .filter(col("reason").isNull())
                        .withColumn("_rank", row_number().over(byKey))
                        .withColumn(
                                "_first",
                                org.apache
                                        .spark
                                        .sql
                                        .functions
                                        .first(
                                                concat(
                                                        col("source_file"),
                                                        lit(" line "),
                                                        col("line").cast("string")))
                                        .over(byKey));
        Dataset<Row> bars =
                ranked.filter(col("_rank").equalTo(1))
                        .drop("_rank", "_first")
                        .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> dups =
                ranked.filter(col("_rank").gt(1))
                        .withColumn(
                                "reason",
                                concat(
                                        lit("duplicate bar: same symbol and time as "),
                                        col("_first")))
                        .drop("_rank", "_first");
        Dataset<Row> rejected =
                checked.filter(col("reason").isNotNull())
                        .unionByName(sequenced.filter(col("reason").isNotNull()))
                        .unionByName(dups);
        return new Result(checked, sequenced, bars, rejected);
    }

    /** Output of {@link #transform}: accepted bars and rejected records (both in Records shape). */
    public record Result(
            Dataset<Row> checked,
            Dataset<Row> sequenced,
            Dataset<Row> bars,
            Dataset<Row> rejected) {
        void unpersist() {
            checked.unpersist();
            sequenced.unpersist();
            bars.unpersist();
        }
    }

    private static Map<String, Long> reasonCounts(Dataset<Row> rejected) {
        Map<String, Long> m = new LinkedHashMap<>();
        // group by the reason's kind (text before ':' or '(')
        Column kind =
                org.apache.spark.sql.functions.trim(
                        org.apache.spark.sql.functions.regexp_extract(
                                col("reason"), "^([^:(']+)", 1));
        for (Row r : rejected.groupBy(kind.as("k")).agg(sum("n")).orderBy("k").collectAsList()) {
            m.put(r.getString(0), r.getLong(1));
        }
        return m;
    }

    private static Dataset<Row> bronze(Dataset<Row> bars, Timestamp ingestTime) {
        return bars.select(
                col("source"),
                col("symbol"),
                col("interval"),
                col("ts"),
                col("open"),
                col("high"),
                col("low"),
                col("close"),
                col("volume"),
                lit(ingestTime).as("ingest_time"),
                col("source_file"));
    }

    private static Dataset<Row> rejectedRows(Dataset<Row> rejected, Timestamp ingestTime) {
        return rejected.select(
                col("source"),
                col("source_file"),
                col("line"),
                col("raw"),
                col("reason"),
                lit(ingestTime).as("ingest_time"));
    }

    private record SilverResult(long version, long gaps) {}

    /**
     * Silver: the new bars plus the stored bars of the same symbols, the newest ingest winning on a
     * key, gap flags recomputed over the whole series, then MERGEd (only changed rows are written).
     */
    private static SilverResult mergeSilver(DeltaStore store, Dataset<Row> bars) {
        SparkSession spark = store.spark();
        spark.udf()
                .register(
                        "interval_millis",
                        (UDF1<String, Long>) s -> BarInterval.parse(s).millis(),
                        DataTypes.LongType);
        List<String> cols =
                List.of(
                        "symbol",
                        "interval",
                        "ts",
                        "open",
                        "high",
                        "low",
                        "close",
                        "volume",
                        "source");
        Column[] sel =
                cols.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        Dataset<Row> fresh = bars.select(sel).withColumn("_prio", lit(0));
        Dataset<Row> all = fresh;
        if (store.exists(Table.BARS)) {
            Dataset<Row> keys = bars.select("symbol", "interval").distinct();
            Dataset<Row> stored = store.read(Table.BARS);
            Dataset<Row> old =
                    stored.join(
                                    keys,
                                    stored.col("symbol")
                                            .equalTo(keys.col("symbol"))
                                            .and(
                                                    stored.col("interval")
                                                            .equalTo(keys.col("interval"))),
                                    "left_semi")
                            .select(sel)
                            .withColumn("_prio", lit(1));
            all = fresh.unionByName(old);
        }
        WindowSpec byKey =
                Window.partitionBy("symbol", "interval", "ts").orderBy("_prio", "source");
        WindowSpec series = Window.partitionBy("symbol", "interval").orderBy("ts");
        Dataset<Row> silver =
                all.withColumn("_r", row_number().over(byKey))
                        .filter(col("_r").equalTo(1))
                        .drop("_r", "_prio")
                        .withColumn("_prev", lag("ts", 1).over(series))
                        .withColumn(
                                "gap_before",
                                col("_prev")
                                        .isNotNull()
                                        .and(
                                                col("ts")
                                                        .minus(col("_prev"))
                                                        .gt(
                                                                org.apache.spark.sql.functions
                                                                        .call_udf(
                                                                                "interval_millis",
                                                                                col("interval")))))
                        .withColumn(
                                "bar_time",
                                org.apache.spark.sql.functions.expr("timestamp_millis(ts)"))
                        .withColumn("date", to_date(col("bar_time")))
                        .select(
                                col("symbol"),
                                col("interval"),
                                col("ts"),
                                col("bar_time"),
                                col("date"),
                                col("open"),
                                col("high"),
                                col("low"),
                                col("close"),
                                col("volume"),
                                col("gap_before"),
                                col("source"))
                        .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long gaps = silver.filter(col("gap_before")).count();
            long v = store.merge(Table.BARS, silver).version();
            return new SilverResult(v, gaps);
        } finally {
            silver.unpersist();
        }
    }
}
