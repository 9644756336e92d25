package dev.algotrader.core.report;

import static dev.algotrader.core.report.Html.esc;
import static dev.algotrader.core.report.Html.fmt;
import static dev.algotrader.core.report.Html.pct;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.algotrader.core.backtest.BacktestResult;
import dev.algotrader.core.metrics.PerformanceMetrics;
import dev.algotrader.core.trading.BarRangeFillModel;
import dev.algotrader.core.trading.Trade;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.EquityPoint;
import dev.algotrader.schema.Fill;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a backtest's JSON summary ({@code summary.json}) and a self-contained HTML report ({@code
 * report.html}: price with trade entries and exits, equity vs buy-and-hold, drawdown, monthly
 * returns, trade list; inline SVG, no external URL, opens offline) into one folder.
 */
public final class BacktestReport {

    private static final int MAX_TRADES = 500;

    /** Price charts per report (one per symbol). */
    static final int MAX_PRICE_CHARTS = 4;

    private BacktestReport() {}

    /** Writes both files into {@code dir} (created); returns the HTML path. */
    public static Path write(BacktestResult r, Path dir) {
        return write(r, List.of(), dir);
    }

    /**
     * As {@link #write(BacktestResult, Path)}, with the price chart of each symbol (up to {@value
     * #MAX_PRICE_CHARTS}) drawn from {@code bars} and the trades' entries and exits on it.
     */
    public static Path write(BacktestResult r, List<Bar> bars, Path dir) {
        try {
            Files.createDirectories(dir);
            Path json = dir.resolve("summary.json");
            Files.writeString(json, summaryJson(r), StandardCharsets.UTF_8);
            Path html = dir.resolve("report.html");
            Files.writeString(html, html(r, bars), StandardCharsets.UTF_8);
            return html;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the backtest report to " + dir, e);
        }
    }

    /** Where a run's report goes: {@code <reports-dir>/backtest/<run id>} (ids made file-safe). */
    public static Path folder(Path reportsDir, String runId) {
        return reportsDir.resolve("backtest").resolve(runId.replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    /** One line for the terminal: strategy, symbols, final equity, return vs buy and hold. */
    public static String summaryLine(BacktestResult r) {
        PerformanceMetrics m = r.metrics();
        return String.format(
                Locale.ROOT,
                "backtest %s %s on %s: final equity %,.2f (%s, buy and hold %s), Sharpe %s, max"
                        + " drawdown %s, %d trades, %d orders, fees %,.2f",
                r.runId(),
                r.config().strategy(),
                String.join(",", r.symbols()),
                m.finalEquity(),
                pct(m.totalReturn()),
                pct(m.buyHoldReturn()),
                fmt(m.sharpe(), 2),
                pct(m.maxDrawdown()),
                m.trades(),
                r.orders().size(),
                m.feesPaid());
    }

    /** The summary as a map (NaN → null), also what gets logged to MLflow. */
    public static Map<String, Object> summary(BacktestResult r) {
        PerformanceMetrics m = r.metrics();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("run_id", r.runId());
        s.put("strategy", r.config().strategy());
        s.put("strategy_params", r.config().strategyParams());
        s.put("model_version", r.config().modelVersion());
        s.put("symbols", r.symbols());
        s.put("interval", r.config().interval());
        s.put("mode", r.config().mode().name().toLowerCase(Locale.ROOT));
        s.put("latency_ms", r.config().latencyMs());
        s.put("seed", r.config().seed());
        s.put("start", Instant.ofEpochMilli(m.startTs()).toString());
        s.put("end", Instant.ofEpochMilli(m.endTs()).toString());
        s.put("bars", m.bars());
        s.put("initial_equity", m.initialEquity());
        s.put("final_equity", m.finalEquity());
        s.put("total_return", num(m.totalReturn()));
        s.put("cagr", num(m.cagr()));
        s.put("annual_volatility", num(m.annualVolatility()));
        s.put("sharpe", num(m.sharpe()));
        s.put("sortino", num(m.sortino()));
        s.put("max_drawdown", num(m.maxDrawdown()));
        s.put("drawdown_start", time(m.drawdownStartTs()));
        s.put("drawdown_trough", time(m.drawdownTroughTs()));
        s.put("drawdown_recovery", time(m.drawdownRecoveryTs()));
        s.put("calmar", num(m.calmar()));
        s.put("trades", m.trades());
        s.put("win_rate", num(m.winRate()));
        s.put("profit_factor", num(m.profitFactor()));
        s.put("exposure", num(m.exposure()));
        s.put("turnover", num(m.turnover()));
        s.put("fees_paid", num(m.feesPaid()));
        s.put("buy_and_hold_return", num(m.buyHoldReturn()));
        s.put("orders", r.orders().size());
        s.put("fills", r.fills().size());
        s.put("risk_rejections", r.rejectionReasons());
        s.put("order_list_sha256", r.orderListHash());
        return s;
    }

    static String summaryJson(BacktestResult r) throws IOException {
        return new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(summary(r));
    }

    private static Object num(double d) {
        return Double.isFinite(d) ? d : null;
    }

    static String time(long ts) {
        return ts < 0 ? null : Instant.ofEpochMilli(ts).toString();
    }

    /** Month → return over that month (from the last equity of the previous month). */
    public static Map<YearMonth, Double> monthlyReturns(List<EquityPoint> eq, double initial) {
        Map<YearMonth, Double> out = new LinkedHashMap<>();
        double prevEnd = initial;
        YearMonth cur = null;
        double last = initial;
        for (EquityPoint p : eq) {
            YearMonth ym = YearMonth.from(Instant.ofEpochMilli(p.ts() - 1).atZone(ZoneOffset.UTC));
            if (cur != null && !ym.equals(cur)) {
                out.put(cur, last / prevEnd - 1);
                prevEnd = last;
            }
            cur = ym;
            last = p.equity();
        }
        if (cur != null) out.put(cur, last / prevEnd - 1);
        return out;
    }

    static String html(BacktestResult r) {
        return html(r, List.of());
    }

    static String html(BacktestResult r, List<Bar> bars) {
        PerformanceMetrics m = r.metrics();
        List<EquityPoint> eq = r.equity();
        int n = eq.size();
        double[] e = new double[n];
        double[] bh = r.buyHoldEquity();
        double[] dd = new double[n];
        long[] ts = new long[n];
        double peak = m.initialEquity();
        for (int i = 0; i < n; i++) {
            e[i] = eq.get(i).equity();
            ts[i] = eq.get(i).ts();
            peak = Math.max(peak, e[i]);
            dd[i] = e[i] / peak - 1;
        }
        StringBuilder h = new StringBuilder(64_000);
        String title =
                "Backtest "
                        + esc(r.config().strategy())
                        + " on "
                        + esc(String.join(", ", r.symbols()));
        h.append(
                Html.pageStart(
                        title,
                        ".neg{color:#b00}"
                                + ".pos{color:#070}"
                                + "svg{background:#fafafa;border:1px solid #ddd}"
                                + ".kv td:first-child{text-align:left}"
                                + ".legend{font-size:13px}"));
        h.append("<h1>").append(title).append("</h1>");
        h.append("<p>run <code>")
                .append(esc(r.runId()))
                .append("</code> · ")
                .append(esc(r.config().strategy()))
                .append(" ")
                .append(esc(String.valueOf(r.config().strategyParams())))
                .append(" · ")
                .append(r.config().interval())
                .append(" bars · ")
                .append(Instant.ofEpochMilli(m.startTs()))
                .append(" → ")
                .append(Instant.ofEpochMilli(m.endTs()))
                .append(" · latency ")
                .append(r.config().latencyMs())
                .append(" ms</p>");
        h.append("<h2>Summary</h2><table class=\"kv\">");
        row(
                h,
                "Final equity",
                fmt(m.finalEquity(), 2) + " (start " + fmt(m.initialEquity(), 2) + ")");
        row(h, "Total return", pct(m.totalReturn()));
        row(h, "Buy and hold (same period)", pct(m.buyHoldReturn()));
        row(h, "CAGR", pct(m.cagr()));
        row(h, "Annualised volatility", pct(m.annualVolatility()));
        row(h, "Sharpe (annualised, 24×7)", fmt(m.sharpe(), 2));
        row(h, "Sortino", fmt(m.sortino(), 2));
        row(
                h,
                "Max drawdown",
                pct(m.maxDrawdown())
                        + " (peak "
                        + time(m.drawdownStartTs())
                        + ", trough "
                        + time(m.drawdownTroughTs())
                        + ", recovered "
                        + (m.drawdownRecoveryTs() < 0 ? "never" : time(m.drawdownRecoveryTs()))
                        + ")");
        row(h, "Calmar", fmt(m.calmar(), 2));
        row(h, "Round trips", String.valueOf(m.trades()));
        row(h, "Win rate", pct(m.winRate()));
        row(h, "Profit factor", fmt(m.profitFactor(), 2));
        row(h, "Exposure", pct(m.exposure()));
        row(h, "Turnover (× mean equity)", fmt(m.turnover(), 1));
        row(h, "Fees paid", fmt(m.feesPaid(), 2));
        row(h, "Orders / fills", r.orders().size() + " / " + r.fills().size());
        List<Fill> volumeFree = volumeFreeFills(bars, r.fills());
        if (!volumeFree.isEmpty()) {
            row(h, "Volume-free fills", volumeFree.size() + " (listed below)");
        }
        row(h, "Risk rejections", String.valueOf(r.rejectionReasons()));
        h.append("</table>");

        PriceChart.sections(h, r, bars, MAX_PRICE_CHARTS);
        h.append("<h2>Equity vs buy and hold</h2>");
        h.append(
                LineChart.svg(ts, new double[][] {e, bh}, new String[] {"#1f5fbf", "#999"}, false));
        h.append("<p><span style=\"color:#1f5fbf\">■</span> strategy ")
                .append("<span style=\"color:#999\">■</span> buy and hold</p>");
        h.append("<h2>Drawdown</h2>");
        h.append(LineChart.svg(ts, new double[][] {dd}, new String[] {"#b00"}, true));

        h.append("<h2>Monthly returns</h2><table><tr><th>month</th><th>return</th></tr>");
        for (Map.Entry<YearMonth, Double> me : monthlyReturns(eq, m.initialEquity()).entrySet()) {
            h.append("<tr><td>").append(me.getKey()).append("</td>");
            cell(h, me.getValue());
            h.append("</tr>");
        }
        h.append("</table>");

        List<Trade> trades = r.trades();
        h.append("<h2>Trades (")
                .append(trades.size())
                .append(trades.size() > MAX_TRADES ? ", first " + MAX_TRADES + " shown" : "")
                .append(")</h2><table><tr><th>#</th><th>symbol</th><th>side</th><th>entry</th>")
                .append("<th>exit</th><th>qty</th><th>entry px</th><th>exit px</th><th>PnL</th>")
                .append("<th>return</th><th>fees</th><th>exit reason</th></tr>");
        for (int i = 0; i < Math.min(MAX_TRADES, trades.size()); i++) {
            Trade t = trades.get(i);
            h.append("<tr><td>")
                    .append(i + 1)
                    .append("</td><td>")
                    .append(esc(t.symbol()))
                    .append("</td><td>")
                    .append(t.side())
                    .append("</td><td>")
                    .append(time(t.entryTs()))
                    .append("</td><td>")
                    .append(time(t.exitTs()))
                    .append("</td><td>")
                    .append(fmt(t.quantity(), 6))
                    .append("</td><td>")
                    .append(fmt(t.entryPrice(), 2))
                    .append("</td><td>")
                    .append(fmt(t.exitPrice(), 2))
                    .append("</td>");
            h.append("<td class=\"")
                    .append(t.pnl() < 0 ? "neg" : "pos")
                    .append("\">")
                    .append(fmt(t.pnl(), 2))
                    .append("</td>");
            cell(h, t.returnPct());
            h.append("<td>")
                    .append(fmt(t.fees(), 2))
                    .append("</td><td>")
                    .append(esc(String.valueOf(t.exitReason())))
                    .append("</td></tr>");
        }
        h.append("</table>");
        volumeFreeSection(h, volumeFree);
        h.append("<p style=\"font-size:12px;color:#666\">Fills: a decision at the close")
                .append(
                        " of bar t reaches the market at that close + latency; market orders fill at")
                .append(
                        " the next bar's open with slippage and volume impact, capped by a share of")
                .append(" the bar's volume; every fill price lies inside its bar's range.</p>")
                .append("</body></html>\n");
        return h.toString();
    }

    /**
     * The fills that happened on bars without volume ({@code volume_known = false}: volume 0), in
     * fill order: no participation cap and no impact limited them, so nothing in the data says the
     * market could have taken them. Empty when {@code bars} is.
     */
    public static List<Fill> volumeFreeFills(List<Bar> bars, List<Fill> fills) {
        Map<String, TreeMap<Long, Bar>> free = new HashMap<>();
        for (Bar b : bars) {
            if (BarRangeFillModel.volumeFree(b)) {
                free.computeIfAbsent(b.symbol(), k -> new TreeMap<>()).put(b.ts(), b);
            }
        }
        if (free.isEmpty()) return List.of();
        List<Fill> out = new ArrayList<>();
        for (Fill f : fills) {
            TreeMap<Long, Bar> series = free.get(f.symbol());
            Map.Entry<Long, Bar> e = series == null ? null : series.floorEntry(f.ts());
            if (e != null && f.ts() < e.getValue().closeTime()) out.add(f);
        }
        return out;
    }

    private static void volumeFreeSection(StringBuilder h, List<Fill> fills) {
        if (fills.isEmpty()) return;
        h.append("<h2 id=\"volume-free-fills\">Volume-free fills (")
                .append(fills.size())
                .append(fills.size() > MAX_TRADES ? ", first " + MAX_TRADES + " shown" : "")
                .append(
                        ")</h2><p>Fills on bars without volume (<code>volume_known = false</code>):")
                .append(" filled at the modelled price with slippage but no participation cap and")
                .append(
                        " no impact (capped only by <code>fill.volume-free-notional-cap</code> when")
                .append(" set); the data cannot say whether the market would have taken them.</p>")
                .append("<table><tr><th>#</th><th>time</th><th>symbol</th><th>side</th>")
                .append("<th>qty</th><th>price</th><th>fee</th><th>order</th></tr>");
        for (int i = 0; i < Math.min(MAX_TRADES, fills.size()); i++) {
            Fill f = fills.get(i);
            h.append("<tr><td>")
                    .append(i + 1)
                    .append("</td><td>")
                    .append(time(f.ts()))
                    .append("</td><td>")
                    .append(esc(f.symbol()))
                    .append("</td><td>")
                    .append(f.side())
                    .append("</td><td>")
                    .append(fmt(f.quantity(), 6))
                    .append("</td><td>")
                    .append(fmt(f.price(), 2))
                    .append("</td><td>")
                    .append(fmt(f.fee(), 2))
                    .append("</td><td>")
                    .append(esc(f.clientOrderId()))
                    .append("</td></tr>");
        }
        h.append("</table>");
    }

    private static void row(StringBuilder h, String k, String v) {
        h.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(v)).append("</td></tr>");
    }

    private static void cell(StringBuilder h, double v) {
        h.append("<td class=\"")
                .append(v < 0 ? "neg" : "pos")
                .append("\">")
                .append(pct(v))
                .append("</td>");
    }
}
