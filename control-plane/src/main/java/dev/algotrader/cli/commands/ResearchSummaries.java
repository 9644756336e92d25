package dev.algotrader.cli.commands;

import dev.algotrader.core.job.JobSummary;
import dev.algotrader.ml.TrainResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** The job summary (audit event and last line) of a train/auto-train run. */
final class ResearchSummaries {

    private ResearchSummaries() {}

    static JobSummary of(String job, String runId, TrainResult r) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model", r.registeredModel());
        d.put("version", r.version());
        d.put("mlflow_run", r.runId());
        d.put("candidates", r.leaderboard() == null ? 0 : r.leaderboard().size());
        if (r.promotion() != null) d.put("promoted", r.promotion().promoted());
        d.put("tracking", r.trackingLocation());
        if (!r.sequenceModels().isEmpty()) {
            Map<String, String> seq = new LinkedHashMap<>();
            r.sequenceModels().forEach(p -> seq.put(p.modelType(), p.version()));
            d.put("sequence_models", seq);
        }
        if (r.champion() != null) d.put("champion", r.champion());
        return new JobSummary(job, runId, r.rows(), 1, 0, d);
    }
}
