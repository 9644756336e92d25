package dev.algotrader.stream.model;

import java.util.Collection;
import java.util.Locale;
import java.util.TreeSet;

/**
 * What the trader does when it cannot read the model registry at start ({@code
 * algotrader.trader.model-unavailable}). Every policy writes a {@code model.unavailable} event and
 * a console line; they differ in whether trading starts:
 *
 * <ul>
 *   <li>{@link #REFUSE} (the default): no trading. The strategy was configured with a model in
 *       mind; trading without it, or with one nobody can verify, is a different strategy the user
 *       did not choose. Fail loudly, fix the registry, run again: nothing is lost (paper-once picks
 *       up the same bars next time).
 *   <li>{@link #KEEP_CURRENT}: trade on with what the saved state last used. Without the registry a
 *       model cannot be loaded, so this starts only when the saved state used no model (else it
 *       refuses, naming the model).
 *   <li>{@link #MODEL_FREE}: trade the model-free rules (the baselines) until the registry is back.
 * </ul>
 *
 * While running, a registry that stops answering never changes the model: the last accepted one
 * stays ({@link ChampionWatcher} writes one {@code model.unavailable} per outage).
 */
public enum ModelUnavailablePolicy {
    KEEP_CURRENT,
    MODEL_FREE,
    REFUSE;

    /** The key in {@code algotrader.trader}. */
    public static final String KEY = "model-unavailable";

    /** Whether the trader starts, and the line that says what happens. */
    public record Decision(boolean trade, String message) {}

    /** Parses {@code keep-current | model-free | refuse}. */
    public static ModelUnavailablePolicy parse(String s) {
        String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        for (ModelUnavailablePolicy p : values()) if (p.id().equals(v)) return p;
        throw new IllegalArgumentException(
                "algotrader.trader."
                        + KEY
                        + " = '"
                        + s
                        + "' is not one of keep-current, model-free, refuse");
    }

    /** The configuration spelling, e.g. {@code keep-current}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Decides at start.
     *
     * @param problem why the registry could not be read (one line, no credentials)
     * @param lastUsed the model keys ({@code name@version}) the saved state of each symbol last
     *     traded with; blank entries mean "no model"
     */
    public Decision atStart(String problem, Collection<String> lastUsed) {
        TreeSet<String> used = new TreeSet<>();
        for (String k : lastUsed) if (k != null && !k.isBlank()) used.add(k);
        String head = "cannot read the model registry: " + problem;
        String config = " (algotrader.trader." + KEY + " = " + id() + ")";
        return switch (this) {
            case REFUSE ->
                    new Decision(
                            false,
                            head
                                    + "; not trading"
                                    + config
                                    + ": bring the registry back and run again, or set "
                                    + KEY
                                    + " = model-free to trade without a model");
            case MODEL_FREE ->
                    new Decision(
                            true, head + "; trading without a model (baselines only)" + config);
            case KEEP_CURRENT ->
                    used.isEmpty()
                            ? new Decision(
                                    true,
                                    head
                                            + "; the saved state used no model, trading on without"
                                            + " one"
                                            + config)
                            : new Decision(
                                    false,
                                    head
                                            + "; the trader last used "
                                            + String.join(", ", used)
                                            + " and cannot load it without the registry, not"
                                            + " trading"
                                            + config);
        };
    }
}
