package dev.algotrader.ml;

import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.ml.TrainResult.ModelPlots;
import dev.algotrader.ml.data.TrainingSet;
import dev.algotrader.ml.dl.ForecasterRun;
import dev.algotrader.ml.dl.ForecasterTracking;
import dev.algotrader.ml.eval.EvaluationPlots;
import dev.algotrader.ml.registry.Registry;
import dev.algotrader.ml.tracking.TrackingStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forecaster step of auto-train: sequence models and the ensemble (over the selected tree
 * version and the sequence models) on the same split, each tracked, registered and put through the
 * champion rule; then every model is added to the holdout board.
 */
final class SequenceModelStep {

    private static final Logger LOG = LoggerFactory.getLogger(SequenceModelStep.class);

    private SequenceModelStep() {}

    static TrainResult run(
            AppConfig app,
            TrainingSet ts,
            TrainResult r,
            EventLog events,
            TrackingStore store,
            long seed) {
        Registry registry = new Registry(store, events);
        Path work = ModelArtifacts.tempDir("algotrader-forecaster-");
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        ForecasterJob.Outcome out;
        try {
            out =
                    ForecasterJob.run(
                            app, ts, r.selected().spec(), r.version(), registry, work, seed);
        } catch (RuntimeException e) {
            throw treeHalfDone(r, e);
        } finally {
            ModelArtifacts.deleteQuietly(work);
        }
        LOG.info(
                "auto-train: sequence models and ensemble took {} s wall, {} s process CPU",
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9),
                String.format(Locale.ROOT, "%.1f", (processCpuNanos() - cpu0) / 1e9));
        List<ModelPlots> seqPlots = addToBoard(r, out);
        String alias = ResearchConfig.from(app).promotion().alias();
        String champVersion = registry.aliasVersion(r.registeredModel(), alias).orElse(null);
        String champ =
                champVersion == null
                        ? null
                        : ChampionPromotion.championLabel(store, r.registeredModel(), champVersion);
        return r.withSequenceModels(out.published(), champ, seqPlots, champVersion);
    }

    /** The tree half is done and stays registered: say so, whatever failed afterwards. */
    private static RuntimeException treeHalfDone(TrainResult r, RuntimeException e) {
        String done =
                "auto-train: the tree search finished ("
                        + r.registeredModel()
                        + " v"
                        + r.version()
                        + " registered, "
                        + (r.promotion().promoted() ? "promoted to @" : "not promoted to @")
                        + r.promotion().alias()
                        + ") but the sequence-model step failed";
        LOG.error("{}: {}", done, e.toString());
        if (e instanceof IllegalArgumentException) {
            return new ResearchException(
                    done
                            + ": "
                            + e.getMessage()
                            + " (to train the trees only, set"
                            + " algotrader.research.auto-train.sequence-models = false)",
                    e);
        }
        return e;
    }

    /** Adds every published model to the run's holdout board; returns their plots. */
    private static List<ModelPlots> addToBoard(TrainResult r, ForecasterJob.Outcome out) {
        HoldoutBoard board = r.board();
        List<ModelPlots> seqPlots = new ArrayList<>();
        int from = out.result().split().holdout().from();
        for (int i = 0; i < out.published().size(); i++) {
            ForecasterTracking.Published pub = out.published().get(i);
            ForecasterRun.ModelReport rep = out.result().reports().get(i);
            double[] p = new double[board.bars()];
            Arrays.fill(p, Double.NaN);
            for (int k = 0; k < rep.holdoutIndex().length; k++) {
                int j = rep.holdoutIndex()[k] - from;
                if (j >= 0 && j < p.length) p[j] = rep.holdoutP()[k];
            }
            seqPlots.add(
                    new ModelPlots(
                            rep.modelType(),
                            pub.version(),
                            EvaluationPlots.holdoutPlots(
                                    rep.modelType() + " " + r.symbol() + " " + r.interval(),
                                    present(p),
                                    presentLabels(p, board.labels()),
                                    null)));
            try {
                board.add(
                        rep.modelType(),
                        rep.modelType(),
                        pub.version(),
                        rep.cvMeanLogLoss(),
                        p,
                        pub.decision().promoted() ? "promoted" : "");
            } catch (IllegalArgumentException e) {
                // a model that did not score every holdout bar is not comparable on this board
                board.skip(rep.modelType(), e.getMessage());
            }
        }
        return seqPlots;
    }

    /** The probabilities that are not NaN (bars a sequence model could score). */
    private static double[] present(double[] p) {
        return Arrays.stream(p).filter(v -> !Double.isNaN(v)).toArray();
    }

    /** The labels of the bars {@link #present} keeps. */
    private static double[] presentLabels(double[] p, double[] y) {
        double[] out = new double[y.length];
        int n = 0;
        for (int i = 0; i < p.length; i++) if (!Double.isNaN(p[i])) out[n++] = y[i];
        return Arrays.copyOf(out, n);
    }

    /** CPU time of this JVM (all threads, native ones included), or -1 when not available. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
