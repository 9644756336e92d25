package dev.algotrader.ml.registry;

import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.registry.RegisteredVersion;
import dev.algotrader.core.registry.RegistryReader;
import dev.algotrader.core.scoring.TreeEnsembleScorer;
import dev.algotrader.ml.eval.Metric;
import dev.algotrader.ml.tracking.TrackingException;
import dev.algotrader.ml.tracking.TrackingStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The model registry on top of a {@link TrackingStore}: registration of new versions, the automatic
 * promotion rule, manual promotion and listing. Every alias move and every declined promotion is
 * written to the audit log ({@code model.promoted}, {@code model.promotion_declined}) and as tags
 * on the version.
 */
public final class Registry {

    /** Artifact path of the portable scorer inside a run. */
    public static final String PORTABLE_ARTIFACT = RegistryReader.PORTABLE_ARTIFACT;

    /** Actor name in the audit log. */
    public static final String ACTOR = "researcher";

    private final TrackingStore store;
    private final EventLog events;

    public Registry(TrackingStore store, EventLog events) {
        this.store = store;
        this.events = events;
    }

    public TrackingStore store() {
        return store;
    }

    /** Registers a new version of {@code name} (created when missing) from a run's artifacts. */
    public RegisteredVersion register(
            String name, String runId, String source, Map<String, String> tags) {
        store.ensureRegisteredModel(name);
        RegisteredVersion v = store.createModelVersion(name, source, runId, tags);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model", name);
        d.put("version", v.version());
        d.put("source", source);
        events.append(ACTOR, "model.registered", runId, d);
        return v;
    }

    /** The version an alias points to, if any. */
    public java.util.Optional<String> aliasVersion(String name, String alias) {
        return java.util.Optional.ofNullable(store.aliases(name).get(alias));
    }

    /**
     * Applies the promotion rule: {@code alias} moves to {@code version} only when there is no
     * current holder, or when {@code newScore} beats {@code championScore} (both on the same
     * promotion window, before the holdout) by more than {@code margin} in {@code metric}'s
     * direction. When a holder exists but could not be scored ({@code championScore} null) nothing
     * moves. The decision is logged as an event and as tags on the new version.
     *
     * @param championNote why the champion has no score, when {@code championScore} is null
     */
    public PromotionDecision applyRule(
            String name,
            String version,
            String runId,
            String alias,
            Metric metric,
            double margin,
            double newScore,
            Double championScore,
            String championNote) {
        String current = store.aliases(name).get(alias);
        boolean promote;
        String reason;
        if (current == null) {
            promote = !Double.isNaN(newScore);
            reason =
                    promote
                            ? "no current @" + alias + "; first eligible version"
                            : "new score is NaN";
        } else if (current.equals(version)) {
            promote = false;
            reason = "already @" + alias;
        } else if (championScore == null) {
            promote = false;
            reason =
                    "current @"
                            + alias
                            + " v"
                            + current
                            + " cannot be scored on this promotion window ("
                            + championNote
                            + "); promote manually if intended";
        } else {
            promote = metric.beats(newScore, championScore, margin);
            reason =
                    String.format(
                            Locale.ROOT,
                            "%s %.6f vs @%s v%s %.6f on the same promotion window, margin %s: %s",
                            metric.key(),
                            newScore,
                            alias,
                            current,
                            championScore,
                            margin,
                            promote ? "better" : "not better by more than the margin");
        }
        PromotionDecision d =
                new PromotionDecision(
                        name,
                        version,
                        alias,
                        promote,
                        metric.key(),
                        margin,
                        newScore,
                        championScore,
                        current,
                        reason);
        if (promote) store.setAlias(name, alias, version);
        for (Map.Entry<String, String> t : d.asTags().entrySet()) {
            store.setModelVersionTag(name, version, t.getKey(), t.getValue());
        }
        Map<String, Object> details = new LinkedHashMap<>(d.asTags());
        details.put("model", name);
        details.put("version", version);
        events.append(
                ACTOR, promote ? "model.promoted" : "model.promotion_declined", runId, details);
        return d;
    }

    /**
     * Manual promotion ({@code algo-trader promote --model M --version N [--alias A]}), what a user
     * does in the MLflow UI: points the alias at the version, no rule applied.
     */
    public RegisteredVersion promote(String name, String version, String alias) {
        RegisteredVersion v =
                store.modelVersion(name, version)
                        .orElseThrow(
                                () ->
                                        new TrackingException(
                                                "model "
                                                        + name
                                                        + " has no version "
                                                        + version
                                                        + " in "
                                                        + store.describe()
                                                        + ": see `algo-trader models`"));
        String previous = store.aliases(name).get(alias);
        store.setAlias(name, alias, version);
        store.setModelVersionTag(name, version, "promotion.manual", "true");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model", name);
        d.put("version", version);
        d.put("alias", alias);
        d.put("previous", previous == null ? "none" : previous);
        d.put("manual", true);
        events.append(ACTOR, "model.promoted", v.runId(), d);
        return store.modelVersion(name, version).orElse(v);
    }

    /** One version in the {@code models} listing. */
    public record ModelRow(
            String model,
            String version,
            List<String> aliases,
            String runId,
            String modelType,
            String featureSet,
            Map<String, Double> metrics) {}

    /** All versions of {@code name} (or of every registered model when null) with metrics. */
    public List<ModelRow> models(String name) {
        List<ModelRow> out = new ArrayList<>();
        List<String> names = name == null ? store.registeredModels() : List.of(name);
        for (String n : names) {
            Map<String, String> aliases = store.aliases(n);
            for (RegisteredVersion v : store.modelVersions(n)) {
                List<String> as = new ArrayList<>();
                aliases.forEach(
                        (a, ver) -> {
                            if (ver.equals(v.version())) as.add(a);
                        });
                Map<String, Double> metrics = new LinkedHashMap<>();
                try {
                    if (!v.runId().isEmpty()) metrics.putAll(store.runMetrics(v.runId()));
                } catch (TrackingException e) {
                    metrics.clear();
                }
                out.add(
                        new ModelRow(
                                n,
                                v.version(),
                                as,
                                v.runId(),
                                v.tags().getOrDefault("model_type", ""),
                                v.tags().getOrDefault("feature_set", ""),
                                metrics));
            }
        }
        return out;
    }

    /** The listing as a terminal table. */
    public static String render(List<ModelRow> rows) {
        if (rows.isEmpty()) return "no registered models (run `algo-trader train` first)";
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        Locale.ROOT,
                        "%-24s %4s %-12s %-5s %-9s %9s %9s %9s %9s %12s  %s%n",
                        "model",
                        "ver",
                        "aliases",
                        "type",
                        "features",
                        "cv_metric",
                        "auc",
                        "log_loss",
                        "f1",
                        "strat-b&h",
                        "run"));
        for (ModelRow r : rows) {
            Map<String, Double> m = r.metrics();
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "%-24s %4s %-12s %-5s %-9s %9s %9s %9s %9s %12s  %s%n",
                            r.model(),
                            r.version(),
                            r.aliases().isEmpty() ? "-" : String.join(",", r.aliases()),
                            r.modelType(),
                            r.featureSet(),
                            fmt(m.get("cv_mean")),
                            fmt(m.get("holdout_auc")),
                            fmt(m.get("holdout_log_loss")),
                            fmt(m.get("holdout_f1")),
                            fmt(
                                    m.containsKey("holdout_strategy_log_return")
                                                    && m.containsKey("holdout_buy_hold_log_return")
                                            ? m.get("holdout_strategy_log_return")
                                                    - m.get("holdout_buy_hold_log_return")
                                            : null),
                            r.runId()));
        }
        return sb.toString();
    }

    private static String fmt(Double d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.4f", d);
    }

    /**
     * The version {@code aliasOrVersion} of {@code name}: a version number, or an alias such as
     * {@code champion}. A missing alias says {@code whatToDo}; a missing version points to {@code
     * algo-trader models}.
     */
    public RegisteredVersion version(String name, String aliasOrVersion, String whatToDo) {
        String version =
                aliasOrVersion.matches("\\d+")
                        ? aliasOrVersion
                        : aliasVersion(name, aliasOrVersion)
                                .orElseThrow(
                                        () ->
                                                new TrackingException(
                                                        "model "
                                                                + name
                                                                + " has no @"
                                                                + aliasOrVersion
                                                                + " in "
                                                                + store.describe()
                                                                + ": "
                                                                + whatToDo));
        return store.modelVersion(name, version)
                .orElseThrow(
                        () ->
                                new TrackingException(
                                        "model "
                                                + name
                                                + " has no version "
                                                + version
                                                + " in "
                                                + store.describe()
                                                + ": see 'algo-trader models'"));
    }

    /**
     * Loads the portable scorer of {@code name} at an alias ({@code champion}) or a version number:
     * what the trader and the backtester call.
     */
    public TreeEnsembleScorer loadScorer(String name, String aliasOrVersion) {
        RegisteredVersion v = version(name, aliasOrVersion, "train and promote a model first");
        String version = v.version();
        String type = v.tags().getOrDefault("model_type", "");
        if (!type.isEmpty() && !type.equals("rf") && !type.equals("gbt")) {
            throw new TrackingException(
                    "model "
                            + name
                            + " v"
                            + version
                            + " is a "
                            + type
                            + " model, not a tree ensemble: load it with"
                            + " dev.algotrader.ml.dl.RegistryScorers.load(registry, name, alias),"
                            + " which scores every model type");
        }
        byte[] json = store.downloadArtifact(v.runId(), PORTABLE_ARTIFACT);
        return TreeEnsembleScorer.fromJson(new String(json, StandardCharsets.UTF_8), version);
    }
}
