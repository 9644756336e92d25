package dev.algotrader.batch.sweep;

import static dev.algotrader.core.report.Html.esc;
import static dev.algotrader.core.report.Html.pageStart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sweep leaderboard as one self-contained HTML page ({@code leaderboard.html} next to the CSV):
 * how many cells beat buy-and-hold, a return-vs-drawdown scatter of every cell (one colour per
 * strategy, buy-and-hold as a dashed line per symbol, the cell's parameters on hover), and the
 * ranked table.
 */
public final class SweepReport {

    private static final String[] COLORS = {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"
    };
    private static final int W = 720, H = 420, L = 70, R = 170, T = 30, B = 50;

    private SweepReport() {}

    /** Writes {@code leaderboard.html} in {@code dir}; returns its path. */
    public static Path writeHtml(List<LeaderboardRow> rows, Path dir, String title, String rankBy) {
        try {
            Files.createDirectories(dir);
            Path p = dir.resolve("leaderboard.html");
            Files.writeString(p, html(rows, title, rankBy));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the leaderboard to " + dir, e);
        }
    }

    static String html(List<LeaderboardRow> rows, String title, String rankBy) {
        long beat = rows.stream().filter(r -> r.totalReturn() > r.buyHoldReturn()).count();
        StringBuilder h = new StringBuilder(16_000 + rows.size() * 400);
        h.append(
                pageStart(
                        esc(title),
                        "td.l{text-align:left;white-space:nowrap}"
                                + ".neg{color:#b00}.pos{color:#070}.beat{background:#eef8ee}"
                                + "svg{background:#fafafa;border:1px solid #ddd}"));
        h.append("<h1>").append(esc(title)).append("</h1>");
        h.append("<p>")
                .append(rows.size())
                .append(" cells (strategy × parameters × symbol), ranked by <code>")
                .append(esc(rankBy))
                .append("</code>. <b>")
                .append(beat)
                .append(" of ")
                .append(rows.size())
                .append("</b> beat buy-and-hold of their symbol over the same period")
                .append(beat == 0 ? " — none did." : ".")
                .append("</p>");
        h.append(scatter(rows));
        h.append("<h2>Leaderboard</h2><table><tr><th>#</th><th>strategy</th><th>params</th>")
                .append("<th>symbol</th><th>return</th><th>buy &amp; hold</th><th>Sharpe</th>")
                .append("<th>max DD</th><th>Calmar</th><th>trades</th><th>win rate</th>")
                .append("<th>fees</th><th>final equity</th></tr>");
        for (LeaderboardRow r : rows) {
            h.append(r.totalReturn() > r.buyHoldReturn() ? "<tr class=\"beat\">" : "<tr>")
                    .append("<td>")
                    .append(r.rank())
                    .append("</td><td class=\"l\">")
                    .append(esc(r.strategy()))
                    .append("</td><td class=\"l\">")
                    .append(esc(r.params()))
                    .append("</td><td class=\"l\">")
                    .append(esc(r.symbol()))
                    .append("</td>")
                    .append(pct(r.totalReturn()))
                    .append(pct(r.buyHoldReturn()))
                    .append(num(r.sharpe(), 2))
                    .append(pct(r.maxDrawdown()))
                    .append(num(r.calmar(), 2))
                    .append("<td>")
                    .append(r.trades())
                    .append("</td>")
                    .append(num(r.winRate() * 100, 1))
                    .append(num(r.feesPaid(), 2))
                    .append(num(r.finalEquity(), 2))
                    .append("</tr>");
        }
        h.append("</table><p>Rows shaded green beat buy-and-hold. Each cell is the exact")
                .append(" <code>algo-trader backtest</code> with those parameters; its order list")
                .append(" hash is in <code>leaderboard.csv</code>.</p></body></html>\n");
        return h.toString();
    }

    /** Total return (y) against maximum drawdown (x), one dot per cell. */
    static String scatter(List<LeaderboardRow> rows) {
        double xLo = 0, yLo = 0, yHi = 0;
        for (LeaderboardRow r : rows) {
            if (Double.isFinite(r.maxDrawdown())) xLo = Math.min(xLo, r.maxDrawdown());
            if (Double.isFinite(r.totalReturn())) {
                yLo = Math.min(yLo, r.totalReturn());
                yHi = Math.max(yHi, r.totalReturn());
            }
            if (Double.isFinite(r.buyHoldReturn())) {
                yLo = Math.min(yLo, r.buyHoldReturn());
                yHi = Math.max(yHi, r.buyHoldReturn());
            }
        }
        xLo = xLo == 0 ? -0.01 : xLo * 1.05;
        double span = Math.max(yHi - yLo, 0.01);
        yLo -= span * 0.05;
        yHi += span * 0.05;
        Map<String, String> color = new LinkedHashMap<>();
        for (LeaderboardRow r : rows) {
            color.putIfAbsent(r.strategy(), COLORS[color.size() % COLORS.length]);
        }
        StringBuilder s = new StringBuilder();
        s.append(f("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\"", W, H))
                .append(" font-family=\"sans-serif\" font-size=\"11\">")
                .append(f("<text x=\"%d\" y=\"18\" font-size=\"14\">", L))
                .append("Return vs maximum drawdown per cell</text>")
                .append(
                        f(
                                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                                        + " stroke=\"#444\"/>",
                                L, T, W - L - R, H - T - B));
        for (int k = 0; k <= 4; k++) {
            double xv = xLo * (1 - k / 4.0);
            double yv = yLo + (yHi - yLo) * k / 4.0;
            s.append(
                    f(
                            "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.0f%%</text>",
                            x(xv, xLo), H - B + 16, xv * 100));
            s.append(
                    f(
                            "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f%%</text>",
                            L,
                            W - R,
                            y(yv, yLo, yHi),
                            y(yv, yLo, yHi),
                            L - 4,
                            y(yv, yLo, yHi) + 4,
                            yv * 100));
        }
        s.append(
                f(
                        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">maximum drawdown</text>",
                        L + (W - L - R) / 2, H - 12));
        s.append(
                f(
                        "<text transform=\"translate(16,%d) rotate(-90)\""
                                + " text-anchor=\"middle\">total return</text>",
                        T + (H - T - B) / 2));
        // buy-and-hold per symbol (the same for every cell of a symbol)
        Map<String, Double> bh = new TreeMap<>();
        for (LeaderboardRow r : rows) bh.putIfAbsent(r.symbol(), r.buyHoldReturn());
        for (Map.Entry<String, Double> e : bh.entrySet()) {
            if (!Double.isFinite(e.getValue())) continue;
            double yy = y(e.getValue(), yLo, yHi);
            s.append(
                    f(
                            "<line class=\"bh\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\""
                                    + " stroke=\"#555\" stroke-dasharray=\"5,4\"/>"
                                    + "<text x=\"%d\" y=\"%.1f\">buy &amp; hold %s</text>",
                            L, W - R, yy, yy, W - R + 6, yy + 4, esc(e.getKey())));
        }
        for (LeaderboardRow r : rows) {
            if (!Double.isFinite(r.maxDrawdown()) || !Double.isFinite(r.totalReturn())) continue;
            s.append(
                    f(
                            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\""
                                    + " fill-opacity=\"0.75\"><title>#%d %s %s %s: return %.2f%%,"
                                    + " max DD %.2f%%, Sharpe %.2f, %d trades</title></circle>",
                            x(r.maxDrawdown(), xLo),
                            y(r.totalReturn(), yLo, yHi),
                            color.get(r.strategy()),
                            r.rank(),
                            esc(r.strategy()),
                            esc(r.params()),
                            esc(r.symbol()),
                            r.totalReturn() * 100,
                            r.maxDrawdown() * 100,
                            r.sharpe(),
                            r.trades()));
        }
        int ly = T + 10;
        for (Map.Entry<String, String> e : color.entrySet()) {
            s.append(
                    f(
                            "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"%s\"/>"
                                    + "<text x=\"%d\" y=\"%d\">%s</text>",
                            W - R + 10,
                            ly + 30,
                            e.getValue(),
                            W - R + 18,
                            ly + 34,
                            esc(e.getKey())));
            ly += 16;
        }
        return s.append("</svg>").toString();
    }

    private static double x(double v, double lo) {
        return L + (W - L - R) * (v - lo) / (0 - lo);
    }

    private static double y(double v, double lo, double hi) {
        return H - B - (H - T - B) * (v - lo) / (hi - lo);
    }

    private static String pct(double v) {
        if (!Double.isFinite(v)) return "<td>n/a</td>";
        return "<td class=\"" + (v < 0 ? "neg" : "pos") + "\">" + f("%.2f%%", v * 100) + "</td>";
    }

    private static String num(double v, int digits) {
        return "<td>" + (Double.isFinite(v) ? f("%,." + digits + "f", v) : "n/a") + "</td>";
    }

    private static String f(String fmt, Object... args) {
        return String.format(Locale.ROOT, fmt, args);
    }
}
