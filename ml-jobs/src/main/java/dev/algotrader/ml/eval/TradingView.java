package dev.algotrader.ml.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The trading view of a holdout: a long/flat rule (long when P(UP) > threshold) against
 * buy-and-hold and against always-UP.
 *
 * <p>Each label looks {@code h} bars ahead, so decisions overlap. The rule is evaluated as {@code
 * h} staggered tranches: at every bar 1/h of the capital is committed for h bars when the model
 * says UP, so every bar's prediction counts and no bar is traded twice. Strategy log return = (1/h)
 * Σ_t long_t · (r_t − 2·cost), where r_t is the label's forward log return and the cost is paid on
 * entry and exit of each tranche; buy-and-hold = (1/h) Σ_t r_t (the same tranches always long, no
 * costs: as a trading rule always-UP is buy-and-hold). Hit rate = share of long decisions whose
 * forward return was positive; the always-UP hit rate is the share of all bars with a positive
 * forward return. Summing tranche log returns approximates the log growth of the portfolio (exact
 * for small returns).
 */
public record TradingView(
        int bars,
        int longDecisions,
        double hitRate,
        double alwaysUpHitRate,
        double strategyLogReturn,
        double buyHoldLogReturn,
        double costBps) {

    /** Computes the view for P(UP) {@code p} and forward log returns {@code r} in time order. */
    public static TradingView of(
            double[] p, double[] r, int horizonBars, double threshold, double costBps) {
        int h = Math.max(1, horizonBars);
        double cost = costBps / 10_000.0;
        double strat = 0, bh = 0;
        int longs = 0, longHits = 0, upBars = 0;
        for (int i = 0; i < p.length; i++) {
            bh += r[i];
            if (r[i] > 0) upBars++;
            if (p[i] > threshold) {
                longs++;
                if (r[i] > 0) longHits++;
                strat += r[i] - 2 * cost;
            }
        }
        return new TradingView(
                p.length,
                longs,
                longs == 0 ? Double.NaN : (double) longHits / longs,
                p.length == 0 ? Double.NaN : (double) upBars / p.length,
                strat / h,
                bh / h,
                costBps);
    }

    public boolean beatsBuyHold() {
        return strategyLogReturn > buyHoldLogReturn;
    }

    public boolean beatsAlwaysUpHitRate() {
        return !Double.isNaN(hitRate) && hitRate > alwaysUpHitRate;
    }

    public Map<String, Double> asMap(String prefix) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(prefix + "long_decisions", (double) longDecisions);
        m.put(prefix + "hit_rate", hitRate);
        m.put(prefix + "always_up_hit_rate", alwaysUpHitRate);
        m.put(prefix + "strategy_log_return", strategyLogReturn);
        m.put(prefix + "buy_hold_log_return", buyHoldLogReturn);
        return m;
    }
}
