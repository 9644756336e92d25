package dev.algotrader.core.trading;

import java.io.Serializable;

/**
 * How big a position a LONG or SHORT decision opens, as a fraction of current equity.
 * FIXED_FRACTION uses {@code fraction}. VOL_TARGET uses {@code min(maxLeverage, volTarget /
 * realisedVol)} where realisedVol is the annualised sample standard deviation of the last {@code
 * volLookback} log returns of the closes (no decision until that many returns exist).
 */
public record Sizing(
        Method method, double fraction, double volTarget, int volLookback, double maxLeverage)
        implements Serializable {

    /** Sizing rule. */
    public enum Method {
        FIXED_FRACTION,
        VOL_TARGET
    }

    public Sizing {
        RiskLimits.check(method != null, "sizing.method must be fixed-fraction or vol-target");
        RiskLimits.check(maxLeverage > 0, "sizing.max-leverage must be > 0");
        RiskLimits.check(
                fraction > 0 && fraction <= maxLeverage,
                "sizing.fraction must be in (0, max-leverage], got " + fraction);
        RiskLimits.check(volTarget > 0, "sizing.vol-target must be > 0");
        RiskLimits.check(volLookback >= 2, "sizing.vol-lookback must be >= 2");
    }

    /** Fixed fraction of equity, no leverage. */
    public static Sizing fixed(double fraction) {
        return new Sizing(Method.FIXED_FRACTION, fraction, 0.5, 20, Math.max(1.0, fraction));
    }
}
