package dev.algotrader.batch.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

import dev.algotrader.batch.SymbolPartitions;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.data.coingecko.CoinGeckoClient;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.core.progress.Progress;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.Table;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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

    /** Spark's switch for the column encoding of cached frames. */
    private static final String CACHE_COMPRESSED = "spark.sql.inMemoryColumnarStorage.compressed";

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
        SourceReader reader = new SourceReader(spark, rules.assumeUtcWithoutZone(), coingecko);
        Dataset<Row> records = null;
        Progress.step("read and check the input", request.sources().size(), "sources");
        for (SourceSpec s : request.sources()) {
            Dataset<Row> r = reader.read(s);
            records = records == null ? r : records.union(r);
        }
        Set<String> endsClosed = new HashSet<>();
        for (SourceSpec s : request.sources()) if (s.endsClosed()) endsClosed.add(s.name());
        return land(
                spark,
                config,
                rules,
                records,
                request.sources().size(),
                endsClosed,
                selection,
                clock,
                runId);
    }

    /**
     * Checks {@code records} ({@link Records} shape) and lands them: bronze/bars_raw,
     * bronze/bars_rejected with the reasons, silver/bars. {@code inputs}: how many sources they
     * came from (for the progress).
     */
    static JobSummary land(
            SparkSession spark,
            AppConfig config,
            IngestRules rules,
            Dataset<Row> records,
            int inputs,
            Set<String> endsClosed,
            IngestSelection selection,
            Clock clock,
            String runId) {
        String compressed = spark.conf().getOption(CACHE_COMPRESSED).getOrElse(() -> null);
        // the cached frames live for one job: encoding their columns cost more CPU than reading
        spark.conf().set(CACHE_COMPRESSED, "false");
        try {
            return landCached(
                    spark, config, rules, records, inputs, endsClosed, selection, clock, runId);
        } finally {
            if (compressed == null) spark.conf().unset(CACHE_COMPRESSED);
            else spark.conf().set(CACHE_COMPRESSED, compressed);
        }
    }

    private static JobSummary landCached(
            SparkSession spark,
            AppConfig config,
            IngestRules rules,
            Dataset<Row> records,
            int inputs,
            Set<String> endsClosed,
            IngestSelection selection,
            Clock clock,
            String runId) {
        DeltaStore store = new DeltaStore(spark, config.dataRoot());
        long notSelected = 0;
        Dataset<Row> read = null;
        if (!selection.all()) {
            // read the sources once for the count and the selection
            read = records.persist(StorageLevel.MEMORY_AND_DISK());
            notSelected = selection.skipped(read);
            records = selection.apply(read);
        }
        Timestamp ingestTime = new Timestamp(clock.millis());
        Result res = transform(records, openBars(store), rules, endsClosed);
        Dataset<Row> lateRejected = null;
        PlausibilityCheck.Result plausible =
                PlausibilityCheck.apply(store, res.bars, res.symbols, rules.plausibility());
        try {
            Row total = res.checked.agg(sum("n")).first();
            long in = total.isNullAt(0) ? 0 : total.getLong(0);
            Dataset<Row> good = plausible.accepted();
            Dataset<Row> rejected =
                    res.early
                            .unionByName(
                                    Rejections.withRaw(
                                            res.checked,
                                            res.late.unionByName(plausible.rejected())))
                            .persist(StorageLevel.MEMORY_AND_DISK());
            lateRejected = rejected;
            Progress.advance(inputs);
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
            details.put("reasons", Rejections.reasonCounts(rejected));
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
            var rv = store.merge(Table.BARS_REJECTED, Rejections.rows(rejected, ingestTime));
            details.put("bronze/bars_rejected", rv.version());
            details.put("bronze/bars_raw", store.version(Table.BARS_RAW));
            Progress.step("clean and merge silver/bars");
            Progress.rows(bars);
            SilverBars.Result silver = SilverBars.merge(store, good);
            details.put("silver/bars", silver.version());
            details.put("gaps", silver.gaps());
            JobSummary summary =
                    new JobSummary("ingest", runId, in, bars, rejectedRecords, details);
            LOG.info("{}", summary.line());
            return summary;
        } finally {
            plausible.unpersist();
            if (lateRejected != null) lateRejected.unpersist();
            res.unpersist();
            if (read != null) read.unpersist();
        }
    }

    /** The pure part: records → accepted bars and rejected records (nothing written). */
    public static Result transform(Dataset<Row> records, IngestRules rules) {
        return transform(records, null, rules, Set.of());
    }

    /**
     * The pure part with the stored open trade bars to resume ({@code seeds}, Records shape, {@code
     * line < 0}, {@code n = 0}; may be null) and the sources whose input ends on a closed interval.
     */
    public static Result transform(
            Dataset<Row> records, Dataset<Row> seeds, IngestRules rules, Set<String> endsClosed) {
        // the rules as a column expression; the Java rules only for records it doubts
        Dataset<Row> checked =
                records.withColumn("reason", RuleColumns.reason(rules))
                        .persist(StorageLevel.MEMORY_AND_DISK());
        // the raw line travels with a record only until it is accepted (a later reason gets it
        // back from the cached records: withRaw), so sorts and shuffles move narrow rows
        Dataset<Row> good =
                checked.filter(col("reason").isNull())
                        .withColumn("raw", lit(null).cast(DataTypes.StringType));
        if (seeds != null) {
            // only the open bars of streams (source, symbol, interval) this input continues
            Dataset<Row> streams =
                    good.filter(col("is_trade")).select("source", "symbol", "interval").distinct();
            good =
                    good.unionByName(
                            seeds.join(
                                    streams,
                                    scalaSeq("source", "symbol", "interval"),
                                    "left_semi"));
        }
        // one pass over the parsed records: files per source and the symbols (for the placement)
        List<Row> perSource =
                checked.groupBy("source")
                        .agg(
                                org.apache.spark.sql.functions.countDistinct("source_file"),
                                org.apache.spark.sql.functions.collect_set("symbol"))
                        .collectAsList();
        boolean oneFilePerSource = perSource.stream().allMatch(r -> r.getLong(1) <= 1);
        Set<String> symbols = new java.util.TreeSet<>();
        for (Row r : perSource) symbols.addAll(r.getList(2));
        Dataset<Row> sequenced =
                SymbolPartitions.spread(good, symbols)
                        .sortWithinPartitions(
                                col("symbol"),
                                col("interval"),
                                col("source"),
                                col("is_trade"),
                                col("line").geq(0),
                                col("source_file"),
                                col("line"))
                        .mapPartitions(new SequenceStage(endsClosed), Encoders.row(Records.SCHEMA))
                        .persist(StorageLevel.MEMORY_AND_DISK());
        // the same bar from two files of one source: keep the first, quarantine the others. A
        // stream of one file (a stored open bar it continues aside) has no bar time twice: the
        // sequencing already quarantined repeats and going back in time, so the window (a shuffle
        // and a sort of every bar) runs only when a source has several files
        Dataset<Row> bars;
        Dataset<Row> dups;
        if (oneFilePerSource) {
            bars = sequenced.filter(col("reason").isNull());
            dups = sequenced.filter(lit(false));
        } else {
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
            bars =
                    ranked.filter(col("_rank").equalTo(1))
                            .drop("_rank", "_first")
                            .persist(StorageLevel.MEMORY_AND_DISK());
            dups =
                    ranked.filter(col("_rank").gt(1))
                            .withColumn(
                                    "reason",
                                    concat(
                                            lit("duplicate bar: same symbol and time as "),
                                            col("_first")))
                            .drop("_rank", "_first");
        }
        Dataset<Row> late = sequenced.filter(col("reason").isNotNull()).unionByName(dups);
        return new Result(
                checked,
                sequenced,
                bars,
                checked.filter(col("reason").isNotNull()),
                late,
                List.copyOf(symbols));
    }

    /** Output of {@link #transform}: accepted bars and rejected records (both in Records shape). */
    public record Result(
            Dataset<Row> checked,
            Dataset<Row> sequenced,
            Dataset<Row> bars,
            Dataset<Row> early,
            Dataset<Row> late,
            List<String> symbols) {
        /** Every rejected record: the rules' ({@code early}, with raw) and the later steps'. */
        public Dataset<Row> rejected() {
            return early.unionByName(late);
        }

        void unpersist() {
            checked.unpersist();
            sequenced.unpersist();
            bars.unpersist();
        }
    }

    /**
     * The trade bars an earlier ingest left open ({@code complete = false} in {@code
     * bronze/bars_raw}) as seed records for {@link SequenceStage}; null when there are none.
     */
    private static Dataset<Row> openBars(DeltaStore store) {
        if (!store.exists(Table.BARS_RAW)) return null;
        Dataset<Row> raw = store.read(Table.BARS_RAW);
        if (!List.of(raw.columns()).contains("complete")) return null;
        // collected (one row per stream at most): a frame that read bronze/bars_raw would be
        // recomputed without the seeds once this run's bronze MERGE commits (Delta re-caches
        // every cached plan over a path it writes), and silver would lose the first part
        List<Row> open =
                raw.filter(col("complete").equalTo(false))
                        .select(
                                col("source"),
                                col("source_file"),
                                lit(-1L).as("line"),
                                lit(null).cast(DataTypes.StringType).as("raw"),
                                col("symbol"),
                                col("interval"),
                                col("ts"),
                                col("open"),
                                col("high"),
                                col("low"),
                                col("close"),
                                col("volume"),
                                lit(true).as("is_trade"),
                                lit(null).cast(DataTypes.StringType).as("reason"),
                                lit(0L).as("n"),
                                lit(false).as("complete"))
                        .collectAsList();
        return open.isEmpty() ? null : store.spark().createDataFrame(open, Records.SCHEMA);
    }

    private static scala.collection.immutable.Seq<String> scalaSeq(String... s) {
        return scala.collection.JavaConverters.asScalaBuffer(List.of(s)).toList();
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
                col("source_file"),
                col("complete"));
    }
}
