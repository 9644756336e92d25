package dev.algotrader.ml.eval;

import java.util.Locale;

/**
 * The few SVG pieces every plot of this module draws (no plotting library): a document with a
 * title, a plot frame with a mapping from data to pixels, grid lines with tick labels, polylines,
 * dots, text. Shared by {@link EvaluationPlots} and the learning curves of the sequence models.
 */
public final class Svg {

    /** Colours of successive series (matplotlib's tab10). */
    public static final String[] COLORS = {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"
    };

    private final StringBuilder s = new StringBuilder();
    private final int left, top, pw, ph;
    private double x0 = 0, x1 = 1, y0 = 0, y1 = 1;

    /**
     * A {@code width} x {@code height} document whose plot area leaves {@code left}, {@code right},
     * {@code top}, {@code bottom} pixels of margin; {@code title} is drawn above it.
     */
    public Svg(int width, int height, int left, int right, int top, int bottom, String title) {
        this.left = left;
        this.top = top;
        this.pw = width - left - right;
        this.ph = height - top - bottom;
        s.append(
                f(
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                                + " font-family=\"sans-serif\" font-size=\"11\">\n",
                        width, height));
        s.append(f("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", width, height));
        s.append(f("<text x=\"%d\" y=\"20\" font-size=\"14\">%s</text>\n", left, escape(title)));
        s.append(
                f(
                        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                                + " stroke=\"#444\"/>\n",
                        left, top, pw, ph));
    }

    /** Sets the data ranges mapped onto the plot area. */
    public Svg range(double xFrom, double xTo, double yFrom, double yTo) {
        this.x0 = xFrom;
        this.x1 = xTo == xFrom ? xFrom + 1 : xTo;
        this.y0 = yFrom;
        this.y1 = yTo == yFrom ? yFrom + 1 : yTo;
        return this;
    }

    public int plotLeft() {
        return left;
    }

    public int plotTop() {
        return top;
    }

    public int plotWidth() {
        return pw;
    }

    public int plotHeight() {
        return ph;
    }

    /** Pixel x of data value {@code x}. */
    public double px(double x) {
        return left + pw * (x - x0) / (x1 - x0);
    }

    /** Pixel y of data value {@code y}. */
    public double py(double y) {
        return top + ph - ph * (y - y0) / (y1 - y0);
    }

    /** {@code n + 1} horizontal grid lines with y tick labels in {@code format}. */
    public Svg yGrid(int n, String format) {
        for (int k = 0; k <= n; k++) {
            double v = y0 + (y1 - y0) * k / n;
            double y = py(v);
            s.append(
                    f(
                            "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
                            left, left + pw, y, y));
            s.append(
                    f(
                            "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                            left - 4, y + 4, f(format, v)));
        }
        return this;
    }

    /** {@code n + 1} x tick labels in {@code format} under the plot area. */
    public Svg xTicks(int n, String format) {
        for (int k = 0; k <= n; k++) {
            double v = x0 + (x1 - x0) * k / n;
            xTick(v, f(format, v));
        }
        return this;
    }

    /** One x tick label. */
    public Svg xTick(double x, String label) {
        s.append(
                f(
                        "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                        px(x), top + ph + 15, escape(label)));
        return this;
    }

    /** Axis titles: {@code x} under the plot, {@code y} rotated on the left. */
    public Svg axisTitles(String x, String y) {
        s.append(
                f(
                        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                        left + pw / 2, top + ph + 38, escape(x)));
        s.append(
                f(
                        "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\""
                                + " text-anchor=\"middle\">%s</text>\n",
                        top + ph / 2, top + ph / 2, escape(y)));
        return this;
    }

    /**
     * A polyline through the data points {@code (xs[i], ys[i])} (non-finite points skipped); {@code
     * dash} null = solid.
     */
    public Svg polyline(double[] xs, double[] ys, String color, String dash, String cssClass) {
        StringBuilder pts = new StringBuilder();
        for (int i = 0; i < xs.length; i++) {
            if (!Double.isFinite(xs[i]) || !Double.isFinite(ys[i])) continue;
            pts.append(f("%.1f,%.1f ", px(xs[i]), py(ys[i])));
        }
        s.append(
                f(
                        "<polyline%s fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s"
                                + " points=\"%s\"/>\n",
                        cssClass == null ? "" : " class=\"" + cssClass + "\"",
                        color,
                        dash == null ? "" : " stroke-dasharray=\"" + dash + "\"",
                        pts.toString().trim()));
        return this;
    }

    /** A dot at data point {@code (x, y)}. */
    public Svg dot(double x, double y, double r, String color, String cssClass) {
        s.append(
                f(
                        "<circle%s cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/>\n",
                        cssClass == null ? "" : " class=\"" + cssClass + "\"",
                        px(x),
                        py(y),
                        r,
                        color));
        return this;
    }

    /** A legend entry (line sample and text) in the right margin, row {@code row}. */
    public Svg legend(int row, String color, String dash, String label) {
        int ly = top + 12 + 16 * row;
        s.append(
                f(
                        "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\""
                                + " stroke-width=\"2\"%s/>\n",
                        left + pw + 10,
                        left + pw + 30,
                        ly - 4,
                        ly - 4,
                        color,
                        dash == null ? "" : " stroke-dasharray=\"" + dash + "\""));
        text(left + pw + 34, ly, label, null);
        return this;
    }

    /** Text at pixel position; {@code anchor} null = start. */
    public Svg text(double x, double y, String text, String anchor) {
        s.append(
                f(
                        "<text x=\"%.1f\" y=\"%.1f\"%s>%s</text>\n",
                        x,
                        y,
                        anchor == null ? "" : " text-anchor=\"" + anchor + "\"",
                        escape(text)));
        return this;
    }

    /** Raw element text (already escaped), for shapes this helper does not draw. */
    public Svg raw(String element) {
        s.append(element);
        return this;
    }

    /** Closes and returns the document. */
    public String end() {
        return s + "</svg>\n";
    }

    /** XML text escaping. */
    public static String escape(String v) {
        return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** {@link String#format} in the root locale. */
    public static String f(String fmt, Object... args) {
        return String.format(Locale.ROOT, fmt, args);
    }
}
