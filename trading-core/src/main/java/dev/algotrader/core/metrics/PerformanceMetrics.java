package dev.algotrader.core.metrics;

import dev.algotrader.core.trading.Trade;
import java.io.Serializable;
import java.util.List;

/**
 * The standard figures of one equity curve. Definitions (returns r_i = E_i / E_{i-1} - 1 between
 * consecutive bar closes, the first against the starting equity; P = bars per year from the bar
 * interval, 24×7, 365 days; risk-free rate 0):
 *
 * <ul>
 *   <li>totalReturn = E_n / E_0 - 1; CAGR = (E_n / E_0)^(1 / years) - 1, years = elapsed / 365 d
 *   <li>annualVolatility = sample std(r) × √P; sharpe = mean(r) / sample std(r) × √P
 *   <li>sortino = mean(r) / √(mean(min(r, 0)²)) × √P
 *   <li>drawdown_i = E_i / max_{j≤i} E_j - 1; maxDrawdown = min drawdown (≤ 0), with the time of
 *       the peak before it, the trough, and the first time equity regained the peak (-1 if never)
 *   <li>calmar = CAGR / |maxDrawdown|
 *   <li>winRate = winning round trips / round trips; profitFactor = gross wins / |gross losses|
 *   <li>exposure = bars closed with a position / bars; turnover = traded notional / mean equity
 *   <li>buyHoldReturn = last close / first open - 1, no costs, same period and symbols
 * </ul>
 *
 * Undefined values (e.g. Sharpe of a flat curve, profit factor without losses) are NaN.
 */
public record PerformanceMetrics(
        long startTs,
        long endTs,
        long bars,
        double initialEquity,
        double finalEquity,
        double totalReturn,
        double cagr,
        double annualVolatility,
        double sharpe,
        double sortino,
        double maxDrawdown,
        long drawdownStartTs,
        long drawdownTroughTs,
        long drawdownRecoveryTs,
        double calmar,
        int trades,
        double winRate,
        double profitFactor,
        double exposure,
        double turnover,
        double feesPaid,
        double buyHoldReturn)
        implements Serializable {

    private static final double YEAR_MS = 365.0 * 24 * 3600 * 1000;

    /**
     * Computes every figure. {@code ts[i]}/{@code equity[i]} are the bar closes; {@code startTs}
     * and {@code initialEquity} are the point before the first bar; {@code exposure} is the
     * fraction of bars closed with a position.
     */
    public static PerformanceMetrics compute(
            long startTs,
            double initialEquity,
            long[] ts,
            double[] equity,
            long intervalMillis,
            List<Trade> trades,
            double feesPaid,
            double tradedNotional,
            double exposure,
            double buyHoldReturn) {
        int n = equity.length;
        if (n == 0) throw new IllegalArgumentException("no equity points");
        double periods = YEAR_MS / intervalMillis;
        double[] r = new double[n];
        double prev = initialEquity;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            r[i] = equity[i] / prev - 1;
            prev = equity[i];
            sum += r[i];
        }
        double mean = sum / n;
        double ss = 0;
        double down = 0;
        for (double x : r) {
            ss += (x - mean) * (x - mean);
            double m = Math.min(x, 0);
            down += m * m;
        }
        double std = n > 1 ? Math.sqrt(ss / (n - 1)) : Double.NaN;
        double downDev = Math.sqrt(down / n);
        double vol = std * Math.sqrt(periods);
        double sharpe = std > 0 ? mean / std * Math.sqrt(periods) : Double.NaN;
        double sortino = downDev > 0 ? mean / downDev * Math.sqrt(periods) : Double.NaN;

        double fin = equity[n - 1];
        double total = fin / initialEquity - 1;
        double years = (ts[n - 1] - startTs) / YEAR_MS;
        double cagr =
                fin <= 0
                        ? -1.0
                        : years > 0 ? Math.pow(fin / initialEquity, 1 / years) - 1 : Double.NaN;

        // drawdown over the starting point plus every bar close
        double peak = initialEquity;
        long peakTs = startTs;
        double mdd = 0;
        long ddStart = -1;
        long ddTrough = -1;
        double ddPeak = initialEquity;
        for (int i = 0; i < n; i++) {
            if (equity[i] > peak) {
                peak = equity[i];
                peakTs = ts[i];
            }
            double dd = equity[i] / peak - 1;
            if (dd < mdd) {
                mdd = dd;
                ddStart = peakTs;
                ddTrough = ts[i];
                ddPeak = peak;
            }
        }
        long recovery = -1;
        if (ddTrough >= 0) {
            for (int i = 0; i < n; i++) {
                if (ts[i] > ddTrough && equity[i] >= ddPeak) {
                    recovery = ts[i];
                    break;
                }
            }
        }
        double calmar = mdd < 0 ? cagr / -mdd : Double.NaN;

        int wins = 0;
        double grossWin = 0;
        double grossLoss = 0;
        for (Trade t : trades) {
            if (t.pnl() > 0) {
                wins++;
                grossWin += t.pnl();
            } else {
                grossLoss += t.pnl();
            }
        }
        double winRate = trades.isEmpty() ? Double.NaN : (double) wins / trades.size();
        double pf = grossLoss < 0 ? grossWin / -grossLoss : Double.NaN;
        double meanEquity = 0;
        for (double e : equity) meanEquity += e / n;
        return new PerformanceMetrics(
                startTs,
                ts[n - 1],
                n,
                initialEquity,
                fin,
                total,
                cagr,
                vol,
                sharpe,
                sortino,
                mdd,
                ddStart,
                ddTrough,
                recovery,
                calmar,
                trades.size(),
                winRate,
                pf,
                exposure,
                meanEquity > 0 ? tradedNotional / meanEquity : Double.NaN,
                feesPaid,
                buyHoldReturn);
    }
}
