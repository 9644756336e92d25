package dev.algotrader.ml;

import dev.algotrader.ml.CandidateSearch.Candidate;
import dev.algotrader.ml.HoldoutEvaluation.HoldoutReport;
import dev.algotrader.ml.dl.ForecasterTracking;
import dev.algotrader.ml.eval.Metric;
import dev.algotrader.ml.registry.PromotionDecision;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a train/auto-train produced; {@link #render()} is the terminal output. */
public record TrainResult(
        String command,
        String symbol,
        String interval,
        int horizonBars,
        String featureSet,
        long featuresVersion,
        long labelsVersion,
        long rows,
        int folds,
        String experimentId,
        String runId,
        String registeredModel,
        String version,
        Metric metric,
        List<Candidate> leaderboard,
        Candidate selected,
        HoldoutReport holdout,
        PromotionDecision promotion,
        String trackingLocation,
        HoldoutBoard board,
        List<ForecasterTracking.Published> sequenceModels,
        String champion,
        Map<String, String> plots,
        List<ModelPlots> modelPlots,
        String championVersion) {

    public TrainResult {
        sequenceModels = sequenceModels == null ? List.of() : List.copyOf(sequenceModels);
        modelPlots = modelPlots == null ? List.of() : List.copyOf(modelPlots);
        // in the order the plots were made (ROC, calibration, importances)
        plots = plots == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(plots));
    }

    /** The leaderboard, holdout block and registry line, as printed by the CLI. */
    public String render() {
        return Reports.render(this);
    }

    /** The plots of the model that is the champion after this run, if this run has them. */
    public Optional<ModelPlots> championPlots() {
        return modelPlots.stream().filter(m -> m.version().equals(championVersion)).findFirst();
    }

    TrainResult withSequenceModels(
            List<ForecasterTracking.Published> pub,
            String champ,
            List<ModelPlots> morePlots,
            String champVersion) {
        List<ModelPlots> all = new ArrayList<>(modelPlots);
        all.addAll(morePlots);
        return new TrainResult(
                command,
                symbol,
                interval,
                horizonBars,
                featureSet,
                featuresVersion,
                labelsVersion,
                rows,
                folds,
                experimentId,
                runId,
                registeredModel,
                version,
                metric,
                leaderboard,
                selected,
                holdout,
                promotion,
                trackingLocation,
                board,
                pub,
                champ,
                plots,
                all,
                champVersion);
    }

    /**
     * The holdout plots of one model of the run (or of the champion it was compared with).
     *
     * @param label what the model is, e.g. {@code gbt iter=40 depth=3} or {@code lstm}
     * @param version its registered version
     * @param svgs artifact name → SVG document (ROC, calibration, importances for trees)
     */
    public record ModelPlots(String label, String version, Map<String, String> svgs) {
        public ModelPlots {
            svgs = Collections.unmodifiableMap(new LinkedHashMap<>(svgs));
        }
    }
}
