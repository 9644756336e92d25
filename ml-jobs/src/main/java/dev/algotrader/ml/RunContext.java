package dev.algotrader.ml;

import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.validation.WalkForwardSplitter;
import dev.algotrader.ml.data.TrainingSet;
import dev.algotrader.ml.eval.Metric;
import dev.algotrader.ml.tracking.TrackedRun;
import dev.algotrader.ml.tracking.TrackingStore;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * What every step of one train/auto-train run shares: the loaded training set and its split, the
 * settings, the tracking run and where events go.
 *
 * @param labels the labels of the training set, in time order
 * @param modelName the registered model the run publishes to
 * @param baseTags the provenance tags of the run (and of its nested runs)
 */
record RunContext(
        SparkSession spark,
        ResearchConfig cfg,
        TrainingSet ts,
        EventLog events,
        TrackingStore store,
        String command,
        long seed,
        Metric metric,
        Metric promoMetric,
        WalkForwardSplitter.Split split,
        double[] labels,
        String modelName,
        Map<String, String> baseTags,
        TrackedRun run) {

    /** The MLflow id of the run. */
    String runId() {
        return run.id();
    }
}
