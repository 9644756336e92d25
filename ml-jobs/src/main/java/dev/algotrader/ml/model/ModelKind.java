package dev.algotrader.ml.model;

import java.util.Locale;

/** The MLlib tree ensembles the Researcher trains. */
public enum ModelKind {
    RF,
    GBT;

    /** Parses {@code rf} / {@code gbt} (any case); the message lists the valid names. */
    public static ModelKind parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown model '" + s + "': use rf or gbt");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
