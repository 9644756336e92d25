package dev.algotrader.core.report;

import static dev.algotrader.core.report.Html.fmt;
import static dev.algotrader.core.report.Html.pct;

import java.util.Locale;

/** The inline SVG line charts of the backtest report (equity vs buy-and-hold, drawdown). */
final class LineChart {

    private static final int MAX_POINTS = 1500;

    private LineChart() {}

    /**
     * An SVG line chart of {@code series} (drawn last to first, so the first is on top) over the
     * times {@code ts}, at most {@value #MAX_POINTS} points per line; {@code zeroTop} pins the top
     * of the scale at 0 and labels it in percent (drawdowns).
     */
    static String svg(long[] ts, double[][] series, String[] colors, boolean zeroTop) {
        int w = 1000;
        int hgt = 260;
        int pad = 50;
        int n = ts.length;
        int step = Math.max(1, n / MAX_POINTS);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] s : series) {
            for (double v : s) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (zeroTop) hi = 0;
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        StringBuilder b = new StringBuilder();
        b.append("<svg width=\"")
                .append(w)
                .append("\" height=\"")
                .append(hgt)
                .append("\" viewBox=\"0 0 ")
                .append(w)
                .append(' ')
                .append(hgt)
                .append("\">");
        for (int g = 0; g <= 4; g++) {
            double v = lo + (hi - lo) * g / 4;
            double y = hgt - pad / 2.0 - (hgt - pad) * g / 4.0;
            b.append(
                    String.format(
                            Locale.ROOT,
                            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>",
                            pad,
                            y,
                            w - 10,
                            y));
            b.append(
                    String.format(
                            Locale.ROOT,
                            "<text x=\"2\" y=\"%.1f\" font-size=\"11\" fill=\"#555\">%s</text>",
                            y + 4,
                            zeroTop ? pct(v) : fmt(v, 0)));
        }
        b.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#555\">%s</text>",
                        pad,
                        hgt - 4,
                        BacktestReport.time(ts[0])));
        b.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#555\" text-anchor=\"end\">%s</text>",
                        w - 10,
                        hgt - 4,
                        BacktestReport.time(ts[n - 1])));
        for (int k = series.length - 1; k >= 0; k--) {
            double[] s = series[k];
            b.append("<polyline fill=\"none\" stroke-width=\"1.3\" stroke=\"")
                    .append(colors[k])
                    .append("\" points=\"");
            for (int i = 0; i < n; i += step) {
                appendPoint(b, i, n, s[i], lo, hi, w, hgt, pad);
            }
            appendPoint(b, n - 1, n, s[n - 1], lo, hi, w, hgt, pad);
            b.append("\"/>");
        }
        b.append("</svg>");
        return b.toString();
    }

    private static void appendPoint(
            StringBuilder b, int i, int n, double v, double lo, double hi, int w, int h, int pad) {
        double x = pad + (w - pad - 10) * (n == 1 ? 0 : (double) i / (n - 1));
        double y = h - pad / 2.0 - (h - pad) * (v - lo) / (hi - lo);
        b.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
    }
}
