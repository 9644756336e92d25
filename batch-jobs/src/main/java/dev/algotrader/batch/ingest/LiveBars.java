package dev.algotrader.batch.ingest;

import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.schema.Bar;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Lands the bars of one poll of a live feed ({@code ingest --follow}) through the same checks as a
 * file ingest: the plausibility rules quarantine a bad bar in {@code bronze/bars_rejected} with its
 * reason, the rest go to {@code bronze/bars_raw} and {@code silver/bars} (MERGE, so a bar landed
 * twice is no change). The feed has parsed the service's answer already: an entry it could not
 * parse is logged by the feed and not seen here.
 */
public final class LiveBars {

    private LiveBars() {}

    /**
     * Lands {@code bars} (closed bars, all of one poll) as records of source {@code source}; {@code
     * origin} names the poll in {@code source_file} (e.g. {@code coingecko poll
     * 2026-12-03T14:00:00Z}).
     */
    public static JobSummary land(
            SparkSession spark,
            AppConfig config,
            String source,
            String origin,
            List<Bar> bars,
            Clock clock,
            String runId) {
        List<Row> rows = new ArrayList<>(bars.size());
        long line = 0;
        for (Bar b : bars) {
            rows.add(Records.ok(source, origin, ++line, raw(b), b));
        }
        return IngestJob.land(
                spark,
                config,
                IngestRules.from(config, clock, false),
                spark.createDataFrame(rows, Records.SCHEMA),
                1,
                Set.of(),
                IngestSelection.ALL,
                clock,
                runId);
    }

    private static String raw(Bar b) {
        return b.symbol()
                + ","
                + b.interval()
                + ","
                + b.ts()
                + ","
                + b.open()
                + ","
                + b.high()
                + ","
                + b.low()
                + ","
                + b.close()
                + ","
                + b.volume();
    }
}
