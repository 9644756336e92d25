package dev.algotrader.ml;

import com.typesafe.config.Config;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.validation.WalkForwardSplitter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code algotrader.research} settings, bound once (see conf/defaults/research.conf). {@code
 * autoTrainSequenceModels}: auto-train also runs the forecaster (sequence models of {@code
 * algotrader.forecaster.models} and the ensemble) after the tree search.
 */
public record ResearchConfig(
        String symbol,
        String interval,
        int horizonBars,
        String strategy,
        String model,
        long seed,
        Validation validation,
        Search search,
        Promotion promotion,
        Trading trading,
        Mlflow mlflow,
        boolean autoTrainSequenceModels) {

    /** Walk-forward settings; negative purge/embargo mean "the label horizon". */
    public record Validation(
            int folds,
            WalkForwardSplitter.Mode mode,
            double holdoutFraction,
            int purgeBars,
            int embargoBars,
            int minTrainBars,
            int trainBars) {

        /** The splitter config for a label horizon of {@code horizonBars}. */
        public WalkForwardSplitter.Config splitter(int horizonBars) {
            return new WalkForwardSplitter.Config(
                    folds,
                    mode,
                    holdoutFraction,
                    purgeBars < 0 ? horizonBars : purgeBars,
                    embargoBars < 0 ? horizonBars : embargoBars,
                    minTrainBars,
                    trainBars);
        }
    }

    /** Hyperparameter search settings. */
    public record Search(String method, int trials, String metric, List<String> models) {}

    /**
     * Automatic promotion rule.
     *
     * @param windowFolds the promotion window: the last N walk-forward folds (before the holdout)
     */
    public record Promotion(String alias, String metric, double margin, int windowFolds) {}

    /** The long/flat trading view of the evaluation. */
    public record Trading(double threshold, double costBps) {}

    /**
     * Where runs are tracked.
     *
     * @param env the process environment (MLflow credentials); never printed by {@link #toString}
     * @param dataRoot where run ends that cannot reach the server are remembered (null: nowhere)
     * @param orphanAfter a RUNNING run of another host (or without host/pid tags) older than this
     *     is taken for a crashed one by {@code models --repair}
     */
    public record Mlflow(
            String trackingUri,
            String localDir,
            Duration timeout,
            Map<String, String> env,
            Path dataRoot,
            Duration orphanAfter) {

        /** Without environment or data root (tests). */
        public Mlflow(String trackingUri, String localDir, Duration timeout) {
            this(trackingUri, localDir, timeout, System.getenv(), null, Duration.ofHours(24));
        }

        @Override
        public String toString() {
            return "Mlflow[trackingUri="
                    + dev.algotrader.core.audit.Secrets.maskUserInfo(trackingUri)
                    + ", localDir="
                    + localDir
                    + ", timeout="
                    + timeout
                    + ", dataRoot="
                    + dataRoot
                    + ", orphanAfter="
                    + orphanAfter
                    + "]";
        }
    }

    /** Binds {@code algotrader.research} of {@code app}. */
    public static ResearchConfig from(AppConfig app) {
        Config c = app.area("research");
        Config v = c.getConfig("validation");
        Config s = c.getConfig("search");
        Config p = c.getConfig("promotion");
        Config t = c.getConfig("trading");
        Config m = c.getConfig("mlflow");
        return new ResearchConfig(
                c.getString("symbol"),
                c.getString("interval"),
                c.getInt("horizon-bars"),
                c.getString("strategy"),
                c.getString("model").toLowerCase(Locale.ROOT),
                c.getLong("seed"),
                new Validation(
                        v.getInt("folds"),
                        WalkForwardSplitter.Mode.valueOf(
                                v.getString("mode").toUpperCase(Locale.ROOT)),
                        v.getDouble("holdout-fraction"),
                        v.getInt("purge-bars"),
                        v.getInt("embargo-bars"),
                        v.getInt("min-train-bars"),
                        v.getInt("train-bars")),
                new Search(
                        s.getString("method").toLowerCase(Locale.ROOT),
                        s.getInt("trials"),
                        s.getString("metric").toLowerCase(Locale.ROOT),
                        s.getStringList("models")),
                new Promotion(
                        p.getString("alias"),
                        p.getString("metric"),
                        p.getDouble("margin"),
                        p.getInt("window-folds")),
                new Trading(t.getDouble("threshold"), t.getDouble("cost-bps")),
                new Mlflow(
                        m.getString("tracking-uri").trim(),
                        // the local store is only resolved (under the home) when it is used
                        m.getString("tracking-uri").isBlank()
                                ? app.path("algotrader.research.mlflow.local-dir").toString()
                                : m.getString("local-dir"),
                        m.getDuration("timeout"),
                        app.processEnvironment(),
                        app.dataRoot(),
                        m.getDuration("orphan-after")),
                c.getBoolean("auto-train.sequence-models"));
    }

    /** Registered model name for a symbol, interval and strategy: {@code btc-usd_1m_trees}. */
    public static String registeredModelName(String symbol, String interval, String strategy) {
        return slug(symbol) + "_" + interval + "_" + strategy;
    }

    /** Lower-case symbol with non-alphanumerics as dashes: {@code BTC/USD -> btc-usd}. */
    public static String slug(String symbol) {
        return symbol.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
