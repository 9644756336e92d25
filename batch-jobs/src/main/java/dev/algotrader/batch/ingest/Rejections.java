package dev.algotrader.batch.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The rejected records of an ingest: their raw line restored when a step after the rules rejected
 * them ({@link #withRaw}), their count per kind of reason for the summary, and their {@code
 * bronze/bars_rejected} rows.
 */
final class Rejections {

    private Rejections() {}

    /**
     * {@code late}, records a step after the rules rejected, with their raw line (dropped when the
     * rules accepted them) taken back from {@code checked}.
     */
    static Dataset<Row> withRaw(Dataset<Row> checked, Dataset<Row> late) {
        if (late.filter(col("raw").isNull().and(col("line").gt(0))).isEmpty()) return late;
        List<String> key = List.of("source", "source_file", "line");
        Dataset<Row> lines =
                checked.filter(col("reason").isNull())
                        .join(
                                late.select("source", "source_file", "line").distinct(),
                                seq(key.toArray(new String[0])),
                                "left_semi")
                        .select(
                                col("source"),
                                col("source_file"),
                                col("line"),
                                col("raw").as("_raw"))
                        .dropDuplicates(key.toArray(new String[0]));
        Dataset<Row> restored =
                late.join(lines, seq(key.toArray(new String[0])), "left")
                        .withColumn(
                                "raw",
                                org.apache.spark.sql.functions.coalesce(col("raw"), col("_raw")))
                        .drop("_raw")
                        .select(
                                java.util.Arrays.stream(Records.SCHEMA.fieldNames())
                                        .map(c -> col(c))
                                        .toArray(Column[]::new));
        return restored;
    }

    /**
     * Rejected records (their {@code n}) per kind of reason: the reason's text before ':' or '('.
     */
    static Map<String, Long> reasonCounts(Dataset<Row> rejected) {
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

    /** The {@code bronze/bars_rejected} rows of {@code rejected}, stamped with the ingest time. */
    static Dataset<Row> rows(Dataset<Row> rejected, Timestamp ingestTime) {
        return rejected.select(
                col("source"),
                col("source_file"),
                col("line"),
                col("raw"),
                col("reason"),
                lit(ingestTime).as("ingest_time"));
    }

    private static scala.collection.immutable.Seq<String> seq(String... s) {
        return scala.collection.JavaConverters.asScalaBuffer(List.of(s)).toList();
    }
}
