package dev.algotrader.ml.registry;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of the promotion rule for one new version: both scores on the same promotion window,
 * the rule, and whether the alias moved.
 */
public record PromotionDecision(
        String model,
        String version,
        String alias,
        boolean promoted,
        String metric,
        double margin,
        double newScore,
        Double championScore,
        String previousChampion,
        String reason) {

    /** The decision as event details / MLflow tags (keys prefixed {@code promotion.}). */
    public Map<String, String> asTags() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("promotion.alias", alias);
        t.put("promotion.promoted", Boolean.toString(promoted));
        t.put("promotion.metric", metric);
        t.put("promotion.margin", Double.toString(margin));
        t.put("promotion.new_score", Double.toString(newScore));
        t.put(
                "promotion.champion_score",
                championScore == null ? "none" : Double.toString(championScore));
        t.put("promotion.previous_champion", previousChampion == null ? "none" : previousChampion);
        t.put("promotion.rule", rule());
        t.put("promotion.reason", reason);
        return t;
    }

    /** The rule in words, e.g. {@code log_loss(new) < log_loss(champion) - 0.0}. */
    public String rule() {
        boolean higher = !"log_loss".equals(metric);
        return higher
                ? metric + "(new) > " + metric + "(champion) + " + margin
                : metric + "(new) < " + metric + "(champion) - " + margin;
    }

    /** One line for the terminal. */
    public String summary() {
        return (promoted ? "promoted " : "not promoted: ")
                + model
                + " v"
                + version
                + (promoted ? " to @" + alias + " — " : " — ")
                + reason;
    }
}
