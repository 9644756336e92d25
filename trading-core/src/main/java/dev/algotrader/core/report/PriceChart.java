package dev.algotrader.core.report;

import static dev.algotrader.core.report.Html.esc;

import dev.algotrader.core.backtest.BacktestResult;
import dev.algotrader.core.trading.Direction;
import dev.algotrader.core.trading.Trade;
import dev.algotrader.schema.Bar;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The price chart of a backtest report: one symbol's close (high-low band behind it) over the
 * backtest period, with a marker at every trade's entry (triangle up for a long, down for a short)
 * and exit (circle, green for a win, red for a loss), each with a tooltip. Inline SVG, no script.
 * Long series are drawn from the bars' close, high and low per pixel column (min/max), so no spike
 * disappears when thousands of bars share a pixel.
 */
public final class PriceChart {

    static final int WIDTH = 1000;
    static final int HEIGHT = 320;
    private static final int PAD_LEFT = 64;
    private static final int PAD_RIGHT = 10;
    private static final int PAD_TOP = 10;
    private static final int PAD_BOTTOM = 24;

    private PriceChart() {}

    /** The SVG of {@code symbol}'s bars (time order) and the trades in it; empty without bars. */
    public static String svg(String symbol, List<Bar> bars, List<Trade> trades) {
        List<Bar> b = new ArrayList<>();
        for (Bar x : bars) if (x.symbol().equals(symbol)) b.add(x);
        if (b.isEmpty()) return "";
        b.sort(java.util.Comparator.comparingLong(Bar::ts));
        long t0 = b.get(0).ts();
        long t1 = b.get(b.size() - 1).ts();
        if (t1 == t0) t1 = t0 + 1;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Bar x : b) {
            lo = Math.min(lo, x.low());
            hi = Math.max(hi, x.high());
        }
        if (!(hi > lo)) hi = lo + 1;
        double margin = (hi - lo) * 0.04;
        lo -= margin;
        hi += margin;
        Scale s = new Scale(t0, t1, lo, hi);

        StringBuilder g = new StringBuilder(32_000);
        g.append(
                String.format(
                        Locale.ROOT,
                        "<svg class=\"price\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">"
                                + "<title>%s close with trade entries and exits</title>",
                        WIDTH,
                        HEIGHT,
                        WIDTH,
                        HEIGHT,
                        esc(symbol)));
        for (int k = 0; k <= 4; k++) {
            double v = lo + (hi - lo) * k / 4;
            double y = s.y(v);
            g.append(
                    String.format(
                            Locale.ROOT,
                            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>"
                                    + "<text x=\"2\" y=\"%.1f\" font-size=\"11\" fill=\"#555\">%s</text>",
                            PAD_LEFT,
                            y,
                            WIDTH - PAD_RIGHT,
                            y,
                            y + 4,
                            price(v)));
        }
        g.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#555\">%s</text>"
                                + "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#555\""
                                + " text-anchor=\"end\">%s</text>",
                        PAD_LEFT,
                        HEIGHT - 6,
                        Instant.ofEpochMilli(t0),
                        WIDTH - PAD_RIGHT,
                        HEIGHT - 6,
                        Instant.ofEpochMilli(b.get(b.size() - 1).ts())));
        band(g, b, s);
        closeLine(g, b, s);
        for (Trade t : trades) {
            if (!t.symbol().equals(symbol)) continue;
            entry(g, t, s);
            exit(g, t, s);
        }
        g.append("</svg>");
        return g.toString();
    }

    /** One price chart with trade markers per symbol (bars of the backtest period only). */
    static void sections(StringBuilder h, BacktestResult r, List<Bar> bars, int max) {
        if (bars.isEmpty()) return;
        long from = r.metrics().startTs();
        long to = r.metrics().endTs();
        List<Bar> period = new java.util.ArrayList<>();
        for (Bar b : bars) if (b.ts() >= from && b.ts() <= to) period.add(b);
        int shown = 0;
        for (String symbol : r.symbols()) {
            if (shown == max) {
                h.append("<p>Price charts of the first ").append(max).append(" symbols shown.</p>");
                break;
            }
            String svg = svg(symbol, period, r.trades());
            if (svg.isEmpty()) continue;
            h.append("<h2>Price and trades: ").append(esc(symbol)).append("</h2>").append(svg);
            shown++;
        }
        if (shown > 0) h.append(legend());
    }

    /** The legend under the chart. */
    public static String legend() {
        return "<p class=\"legend\"><span style=\"color:#1f5fbf\">━</span> close "
                + "<span style=\"color:#c9d6ea\">■</span> high–low "
                + "<span style=\"color:#1a7f37\">▲</span> long entry "
                + "<span style=\"color:#8250df\">▼</span> short entry "
                + "<span style=\"color:#1a7f37\">●</span> exit with a gain "
                + "<span style=\"color:#cf222e\">●</span> exit with a loss "
                + "(hover a marker for its time, price and PnL)</p>";
    }

    /** Pixel mapping of the plot area. */
    private record Scale(long t0, long t1, double lo, double hi) {
        double x(long ts) {
            return PAD_LEFT + (WIDTH - PAD_LEFT - PAD_RIGHT) * (double) (ts - t0) / (t1 - t0);
        }

        double y(double v) {
            return PAD_TOP + (HEIGHT - PAD_TOP - PAD_BOTTOM) * (hi - v) / (hi - lo);
        }

        int column(long ts) {
            return (int) Math.round(x(ts));
        }
    }

    /** The high-low range per pixel column, as one filled polygon. */
    private static void band(StringBuilder g, List<Bar> b, Scale s) {
        List<double[]> cols = columns(b, s);
        StringBuilder top = new StringBuilder();
        StringBuilder bottom = new StringBuilder();
        for (double[] c : cols) {
            top.append(String.format(Locale.ROOT, "%.1f,%.1f ", c[0], s.y(c[2])));
        }
        for (int i = cols.size() - 1; i >= 0; i--) {
            double[] c = cols.get(i);
            bottom.append(String.format(Locale.ROOT, "%.1f,%.1f ", c[0], s.y(c[1])));
        }
        g.append("<polygon fill=\"#c9d6ea\" stroke=\"none\" points=\"")
                .append(top)
                .append(bottom)
                .append("\"/>");
    }

    /** The close: every bar when they fit, else first/min/max/last close per pixel column. */
    private static void closeLine(StringBuilder g, List<Bar> b, Scale s) {
        g.append("<polyline fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"1.2\" points=\"");
        int col = Integer.MIN_VALUE;
        double first = 0, min = 0, max = 0, last = 0;
        double x = 0;
        for (Bar bar : b) {
            int c = s.column(bar.ts());
            if (c != col) {
                if (col != Integer.MIN_VALUE) point(g, x, first, min, max, last, s);
                col = c;
                x = s.x(bar.ts());
                first = min = max = last = bar.close();
            } else {
                min = Math.min(min, bar.close());
                max = Math.max(max, bar.close());
                last = bar.close();
            }
        }
        point(g, x, first, min, max, last, s);
        g.append("\"/>");
    }

    private static void point(
            StringBuilder g, double x, double first, double min, double max, double last, Scale s) {
        g.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, s.y(first)));
        if (min != max) {
            boolean upFirst = first <= last;
            g.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, s.y(upFirst ? min : max)));
            g.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, s.y(upFirst ? max : min)));
        }
        g.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, s.y(last)));
    }

    /** Per pixel column: x, lowest low, highest high. */
    private static List<double[]> columns(List<Bar> b, Scale s) {
        List<double[]> out = new ArrayList<>();
        int col = Integer.MIN_VALUE;
        double[] cur = null;
        for (Bar bar : b) {
            int c = s.column(bar.ts());
            if (c != col) {
                cur = new double[] {s.x(bar.ts()), bar.low(), bar.high()};
                out.add(cur);
                col = c;
            } else {
                cur[1] = Math.min(cur[1], bar.low());
                cur[2] = Math.max(cur[2], bar.high());
            }
        }
        return out;
    }

    private static void entry(StringBuilder g, Trade t, Scale s) {
        double x = s.x(t.entryTs());
        double y = s.y(t.entryPrice());
        boolean isLong = t.side() == Direction.LONG;
        // a triangle pointing in the trade's direction, its tip at the entry price
        String pts =
                isLong
                        ? String.format(
                                Locale.ROOT,
                                "%.1f,%.1f %.1f,%.1f %.1f,%.1f",
                                x,
                                y,
                                x - 5,
                                y + 9,
                                x + 5,
                                y + 9)
                        : String.format(
                                Locale.ROOT,
                                "%.1f,%.1f %.1f,%.1f %.1f,%.1f",
                                x,
                                y,
                                x - 5,
                                y - 9,
                                x + 5,
                                y - 9);
        g.append("<polygon class=\"entry\" fill=\"")
                .append(isLong ? "#1a7f37" : "#8250df")
                .append("\" stroke=\"#fff\" stroke-width=\"0.6\" points=\"")
                .append(pts)
                .append("\"><title>")
                .append(
                        esc(
                                (isLong ? "long" : "short")
                                        + " entry "
                                        + Instant.ofEpochMilli(t.entryTs())
                                        + " at "
                                        + price(t.entryPrice())))
                .append("</title></polygon>");
    }

    private static void exit(StringBuilder g, Trade t, Scale s) {
        if (t.exitTs() <= 0) return; // still open at the end
        g.append(
                        String.format(
                                Locale.ROOT,
                                "<circle class=\"exit\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\""
                                        + " stroke=\"#fff\" stroke-width=\"0.6\"><title>",
                                s.x(t.exitTs()),
                                s.y(t.exitPrice()),
                                t.pnl() >= 0 ? "#1a7f37" : "#cf222e"))
                .append(
                        esc(
                                "exit "
                                        + Instant.ofEpochMilli(t.exitTs())
                                        + " at "
                                        + price(t.exitPrice())
                                        + String.format(Locale.ROOT, ", PnL %,.2f", t.pnl())
                                        + (t.exitReason() == null
                                                ? ""
                                                : " (" + t.exitReason() + ")")))
                .append("</title></circle>");
    }

    private static String price(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%,.0f" : "%,.2f", v);
    }
}
