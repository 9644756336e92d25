package dev.algotrader.ml.eval;

import java.util.Locale;

/** A selection or promotion metric and its direction. */
public enum Metric {
    LOG_LOSS(false),
    AUC(true),
    F1(true),
    ACCURACY(true);

    /** True when a larger value is better. */
    public final boolean higherIsBetter;

    Metric(boolean higherIsBetter) {
        this.higherIsBetter = higherIsBetter;
    }

    /** Parses {@code log_loss}, {@code auc}, {@code f1}, {@code accuracy}. */
    public static Metric parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown metric '" + s + "': use log_loss, auc, f1 or accuracy");
        }
    }

    /** The metric's key in MLflow and reports: {@code log_loss}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The metric's value in {@code m}. */
    public double of(BinaryMetrics m) {
        return switch (this) {
            case LOG_LOSS -> m.logLoss();
            case AUC -> m.auc();
            case F1 -> m.f1();
            case ACCURACY -> m.accuracy();
        };
    }

    /** True when {@code candidate} is better than {@code reference} by more than {@code margin}. */
    public boolean beats(double candidate, double reference, double margin) {
        if (Double.isNaN(candidate)) return false;
        if (Double.isNaN(reference)) return true;
        return higherIsBetter ? candidate - reference > margin : reference - candidate > margin;
    }
}
