package dev.algotrader.ml.data;

import dev.algotrader.schema.FeatureSetSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Labelled feature rows of one symbol and interval, ordered by bar time, plus where they came from.
 * Columns: {@code symbol, interval, ts}, one DOUBLE per feature (in {@link
 * FeatureSetSpec#featureNames()} order), {@code forward_log_return}, {@code direction} and {@code
 * label} (DOUBLE, 1.0 = UP, 0.0 = FLAT or DOWN).
 *
 * @param featuresVersion Delta version of {@code silver/features} read (time travel reproduces it)
 * @param labelsVersion Delta version of {@code gold/labels} read
 * @param times the distinct bar times, increasing (the walk-forward axis)
 * @param excludedRows joined rows dropped because a feature was null or NaN
 */
public record TrainingSet(
        Dataset<Row> rows,
        String symbol,
        String interval,
        int horizonBars,
        FeatureSetSpec featureSet,
        long featuresVersion,
        long labelsVersion,
        long[] times,
        long positives,
        long excludedRows) {

    /** The label column (1.0 = UP). */
    public static final String LABEL = "label";

    public long size() {
        return times.length;
    }

    public long fromTs() {
        return times.length == 0 ? 0 : times[0];
    }

    public long toTs() {
        return times.length == 0 ? 0 : times[times.length - 1];
    }

    /** Provenance as tags: feature set, Delta versions, time range, horizon. */
    public Map<String, String> provenanceTags() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("symbol", symbol);
        t.put("interval", interval);
        t.put("feature_set", featureSet.id());
        t.put("feature_set.name", featureSet.name());
        t.put("feature_set.version", Integer.toString(featureSet.version()));
        t.put("delta.silver_features.version", Long.toString(featuresVersion));
        t.put("delta.gold_labels.version", Long.toString(labelsVersion));
        t.put("data.from_ts", Long.toString(fromTs()));
        t.put("data.to_ts", Long.toString(toTs()));
        t.put("data.from", java.time.Instant.ofEpochMilli(fromTs()).toString());
        t.put("data.to", java.time.Instant.ofEpochMilli(toTs()).toString());
        t.put("label.horizon_bars", Integer.toString(horizonBars));
        t.put("label.target", "UP vs not-UP");
        return t;
    }
}
