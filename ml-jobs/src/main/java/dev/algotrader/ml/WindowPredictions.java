package dev.algotrader.ml;

import static org.apache.spark.sql.functions.col;

import dev.algotrader.ml.data.TrainingSet;
import dev.algotrader.schema.FeatureSetSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A fitted tree pipeline's predictions on one window (a fold's test window or the holdout), in time
 * order: bar time, P(UP), label, forward log return, and the feature vectors when asked for.
 */
record WindowPredictions(long[] ts, double[] p, double[] y, double[] r, double[][] x) {

    /** Scores {@code rows} with {@code m}; {@code fs} non-null also collects the features. */
    static WindowPredictions of(PipelineModel m, Dataset<Row> rows, FeatureSetSpec fs) {
        List<Column> cols = new ArrayList<>();
        cols.add(col("ts"));
        cols.add(functions.vector_to_array(col("probability"), "float64").getItem(1).as("p_up"));
        cols.add(col(TrainingSet.LABEL));
        cols.add(col("forward_log_return"));
        if (fs != null) for (String f : fs.featureNames()) cols.add(col(f));
        List<Row> out =
                m.transform(rows).select(cols.toArray(new Column[0])).orderBy("ts").collectAsList();
        int n = out.size();
        long[] ts = new long[n];
        double[] p = new double[n], y = new double[n], r = new double[n];
        double[][] x = new double[fs == null ? 0 : n][];
        for (int i = 0; i < n; i++) {
            Row row = out.get(i);
            ts[i] = row.getLong(0);
            p[i] = row.getDouble(1);
            y[i] = row.getDouble(2);
            r[i] = row.getDouble(3);
            if (fs != null) {
                double[] v = new double[fs.featureNames().size()];
                for (int j = 0; j < v.length; j++) v[j] = row.getDouble(4 + j);
                x[i] = v;
            }
        }
        return new WindowPredictions(ts, p, y, r, x);
    }
}
