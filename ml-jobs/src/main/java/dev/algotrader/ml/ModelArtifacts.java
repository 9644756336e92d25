package dev.algotrader.ml;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.progress.Progress;
import dev.algotrader.ml.CandidateSearch.Candidate;
import dev.algotrader.ml.data.TrainingSet;
import dev.algotrader.ml.eval.EvaluationPlots;
import dev.algotrader.ml.model.MlflowModelFormat;
import dev.algotrader.ml.model.ModelSpec;
import dev.algotrader.ml.model.TreeModels;
import dev.algotrader.ml.registry.Registry;
import dev.algotrader.ml.tracking.TrackingStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step three of a run, artifact publishing: the MLlib model in MLflow's model format, the portable
 * scorer, feature importances, the holdout plots and {@code evaluation.json}; and, last of all, the
 * run's HTML report.
 */
final class ModelArtifacts {

    private static final Logger LOG = LoggerFactory.getLogger(ModelArtifacts.class);
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelArtifacts() {}

    /** Uploads the selected model's artifacts; returns its plots (artifact path → SVG). */
    static Map<String, String> publish(
            RunContext ctx,
            ModelSpec spec,
            HoldoutEvaluation.Evaluated ev,
            List<Candidate> ranked) {
        Progress.step("save the model, plots and evaluation to the tracking store");
        TrackingStore store = ctx.store();
        String runId = ctx.runId();
        TrainingSet ts = ctx.ts();
        Map<String, String> svgPlots = new LinkedHashMap<>();
        Path tmp = tempDir("algotrader-model-");
        try {
            Path sparkDir = tmp.resolve(MlflowModelFormat.SPARKML);
            try {
                ev.model().write().overwrite().save(sparkDir.toString());
            } catch (IOException e) {
                throw new ResearchException("cannot save the MLlib model: " + e.getMessage(), e);
            }
            store.uploadArtifacts(runId, "model/" + MlflowModelFormat.SPARKML, sparkDir);
            byte[] portableJson = ev.portable().toJson().getBytes(StandardCharsets.UTF_8);
            store.uploadArtifact(runId, Registry.PORTABLE_ARTIFACT, portableJson);
            // MLflow's model format: environment files and the MLmodel (spark flavor + signature)
            String sparkVersion = ctx.spark().version();
            for (Map.Entry<String, String> f :
                    MlflowModelFormat.sparkEnvironment(sparkVersion).entrySet()) {
                store.uploadArtifact(
                        runId,
                        "model/" + f.getKey(),
                        f.getValue().getBytes(StandardCharsets.UTF_8));
            }
            MlflowModelFormat.publish(
                    store,
                    runId,
                    "model",
                    MlflowModelFormat.sparkPipeline(
                            runId,
                            ts.featureSet(),
                            spec.kind().id(),
                            sparkVersion,
                            MlflowModelFormat.sizeOf(sparkDir) + portableJson.length,
                            Clock.systemUTC()));
            Map<String, Double> imp = TreeModels.featureImportances(ev.model(), ts.featureSet());
            store.uploadArtifact(runId, "feature_importances.json", json(imp));
            // plots (self-contained SVG): ROC and reliability on the holdout, importances
            String what = spec.kind().id() + " " + ts.symbol() + " " + ts.interval();
            svgPlots.putAll(
                    EvaluationPlots.holdoutPlots(what, ev.holdout().p(), ev.holdout().y(), imp));
            for (Map.Entry<String, String> plot : svgPlots.entrySet()) {
                store.uploadArtifact(
                        runId, plot.getKey(), plot.getValue().getBytes(StandardCharsets.UTF_8));
            }
            Map<String, Object> eval = new LinkedHashMap<>();
            eval.put("selected", spec.label());
            eval.put("selection_metric", ctx.metric().key());
            eval.put("leaderboard", CandidateSearch.leaderboardJson(ranked));
            eval.put("holdout", ev.report());
            eval.put("provenance", ctx.baseTags());
            store.uploadArtifact(runId, "evaluation.json", json(eval));
        } finally {
            deleteQuietly(tmp);
        }
        return svgPlots;
    }

    /** Where the HTML report of the train/auto-train run {@code runId} is written. */
    static Path reportFile(AppConfig app, String runId) {
        return app.reportsDir()
                .resolve("train")
                .resolve(runId)
                .resolve(ResearchJobs.REPORT_ARTIFACT);
    }

    /**
     * The run's HTML report ({@link TrainReportHtml}): under the reports folder, and as the run's
     * {@code report.html} artifact (written last, so an auto-train's includes the sequence models).
     */
    static void writeReport(AppConfig app, TrackingStore store, TrainResult r) {
        Progress.step("write the HTML report");
        String html = TrainReportHtml.render(r);
        Path file = reportFile(app, r.runId());
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ResearchException(
                    "cannot write the report " + file + ": " + e.getMessage(), e);
        }
        store.uploadArtifact(
                r.runId(), ResearchJobs.REPORT_ARTIFACT, html.getBytes(StandardCharsets.UTF_8));
        LOG.info("report: {}", file);
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new ResearchException("cannot create a temporary folder: " + e.getMessage(), e);
        }
    }

    static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not delete {}", dir);
        }
    }

    private static byte[] json(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new ResearchException("cannot serialise report: " + e.getMessage(), e);
        }
    }
}
