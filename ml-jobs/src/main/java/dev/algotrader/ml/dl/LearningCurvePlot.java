package dev.algotrader.ml.dl;

import java.util.List;
import java.util.Locale;

/**
 * Draws learning curves as a self-contained SVG (no plotting library): per fit, training loss
 * dashed and validation log loss solid, a dot on the kept (best) epoch. Logged as an MLflow
 * artifact.
 */
public final class LearningCurvePlot {

    private static final String[] COLORS = {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"
    };
    private static final int W = 640, H = 400, L = 60, R = 150, T = 40, B = 50;

    private LearningCurvePlot() {}

    /** The SVG document. */
    public static String svg(String title, List<LearningCurve> curves) {
        int maxEpochs =
                Math.max(2, curves.stream().mapToInt(LearningCurve::epochs).max().orElse(2));
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (LearningCurve c : curves) {
            for (double v : c.trainLoss())
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            for (double v : c.validationLoss())
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
        }
        if (!(lo < hi)) {
            lo = Double.isFinite(lo) ? lo - 0.5 : 0;
            hi = lo + 1;
        }
        double pad = (hi - lo) * 0.05;
        lo -= pad;
        hi += pad;
        StringBuilder s = new StringBuilder();
        s.append(
                f(
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">\n",
                        W, H));
        s.append(f("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H));
        s.append(f("<text x=\"%d\" y=\"20\" font-size=\"14\">%s</text>\n", L, escape(title)));
        int pw = W - L - R, ph = H - T - B;
        s.append(
                f(
                        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>\n",
                        L, T, pw, ph));
        for (int k = 0; k <= 4; k++) {
            double v = lo + (hi - lo) * k / 4;
            double y = T + ph - ph * (v - lo) / (hi - lo);
            s.append(
                    f(
                            "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
                            L, L + pw, y, y));
            s.append(
                    f(
                            "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.4f</text>\n",
                            L - 4, y + 4, v));
        }
        for (int e = 1; e <= maxEpochs; e++) {
            double x = L + pw * (e - 1.0) / (maxEpochs - 1);
            s.append(
                    f(
                            "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>\n",
                            x, T + ph + 15, e));
        }
        s.append(
                f(
                        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">epoch</text>\n",
                        L + pw / 2, H - 12));
        s.append(
                f(
                        "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">loss (train dashed, validation solid)</text>\n",
                        T + ph / 2, T + ph / 2));
        for (int i = 0; i < curves.size(); i++) {
            LearningCurve c = curves.get(i);
            String color = COLORS[i % COLORS.length];
            s.append(polyline(c.trainLoss(), maxEpochs, lo, hi, pw, ph, color, "4,3"));
            s.append(polyline(c.validationLoss(), maxEpochs, lo, hi, pw, ph, color, null));
            if (c.bestEpoch() >= 1 && c.bestEpoch() <= c.epochs()) {
                double x = L + pw * (c.bestEpoch() - 1.0) / (maxEpochs - 1);
                double y =
                        T + ph - ph * (c.validationLoss().get(c.bestEpoch() - 1) - lo) / (hi - lo);
                s.append(
                        f(
                                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>\n",
                                x, y, color));
            }
            int ly = T + 12 + 16 * i;
            s.append(
                    f(
                            "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>\n",
                            L + pw + 10, L + pw + 30, ly - 4, ly - 4, color));
            s.append(
                    f(
                            "<text x=\"%d\" y=\"%d\">%s (best %d)</text>\n",
                            L + pw + 34, ly, escape(c.label()), c.bestEpoch()));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static String polyline(
            List<Double> v,
            int maxEpochs,
            double lo,
            double hi,
            int pw,
            int ph,
            String color,
            String dash) {
        StringBuilder pts = new StringBuilder();
        for (int e = 0; e < v.size(); e++) {
            if (!Double.isFinite(v.get(e))) continue;
            double x = L + pw * (double) e / (maxEpochs - 1);
            double y = T + ph - ph * (v.get(e) - lo) / (hi - lo);
            pts.append(f("%.1f,%.1f ", x, y));
        }
        return f(
                "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s points=\"%s\"/>\n",
                color,
                dash == null ? "" : " stroke-dasharray=\"" + dash + "\"",
                pts.toString().trim());
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String f(String fmt, Object... args) {
        return String.format(Locale.ROOT, fmt, args);
    }
}
