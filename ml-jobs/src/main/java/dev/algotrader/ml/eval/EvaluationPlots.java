package dev.algotrader.ml.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluation plots logged as MLflow artifacts, as self-contained SVG: the ROC curve of P(UP) on the
 * holdout, the calibration (reliability) diagram, and the feature importances of a tree model.
 */
public final class EvaluationPlots {

    /** Most vertices drawn on a ROC curve; longer curves are thinned evenly (ends kept). */
    public static final int MAX_ROC_POINTS = 1000;

    /** Artifact paths of the holdout plots of a run. */
    public static final String ROC_ARTIFACT = "roc_curve.svg",
            CALIBRATION_ARTIFACT = "calibration.svg",
            IMPORTANCES_ARTIFACT = "feature_importances.svg";

    /** Bins of the reliability diagram. */
    public static final int CALIBRATION_BINS = 10;

    private EvaluationPlots() {}

    /**
     * The plot artifacts of a run, by artifact path: {@code roc_curve.svg} and {@code
     * calibration.svg} of the holdout probabilities, and {@code feature_importances.svg} when
     * {@code importances} is not null (tree models).
     */
    public static Map<String, String> holdoutPlots(
            String what, double[] p, double[] y, Map<String, Double> importances) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(ROC_ARTIFACT, roc("ROC on the holdout: " + what, p, y));
        out.put(
                CALIBRATION_ARTIFACT,
                calibration("Calibration on the holdout: " + what, p, y, CALIBRATION_BINS));
        if (importances != null) {
            out.put(
                    IMPORTANCES_ARTIFACT,
                    featureImportances("Feature importances: " + what, importances));
        }
        return out;
    }

    /**
     * The ROC curve's vertices: (0,0), then one (FPR, TPR) point per distinct score from the
     * highest down (tied scores form one step), ending at (1,1). Its trapezoid area is the
     * Mann–Whitney AUC with ties averaged ({@link BinaryMetrics#auc()}). Empty when only one class
     * is present.
     */
    public static double[][] rocPoints(double[] p, double[] y) {
        int n = p.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Double.compare(p[b], p[a]));
        long pos = 0;
        for (double v : y) pos += v > 0.5 ? 1 : 0;
        long neg = n - pos;
        if (pos == 0 || neg == 0) return new double[0][];
        List<double[]> pts = new ArrayList<>();
        pts.add(new double[] {0, 0});
        long tp = 0, fp = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j < n && p[idx[j]] == p[idx[i]]) {
                if (y[idx[j]] > 0.5) tp++;
                else fp++;
                j++;
            }
            pts.add(new double[] {(double) fp / neg, (double) tp / pos});
            i = j;
        }
        return pts.toArray(new double[0][]);
    }

    /** Trapezoid area under {@code points} (x ascending). */
    public static double area(double[][] points) {
        double a = 0;
        for (int i = 1; i < points.length; i++) {
            a += (points[i][0] - points[i - 1][0]) * (points[i][1] + points[i - 1][1]) / 2;
        }
        return a;
    }

    /** ROC curve with the chance diagonal; the legend gives the AUC. */
    public static String roc(String title, double[] p, double[] y) {
        double[][] pts = thin(rocPoints(p, y), MAX_ROC_POINTS);
        Svg s = new Svg(560, 460, 60, 150, 40, 60, title).range(0, 1, 0, 1);
        s.yGrid(5, "%.1f").xTicks(5, "%.1f");
        s.axisTitles("false positive rate", "true positive rate");
        s.polyline(new double[] {0, 1}, new double[] {0, 1}, "#999", "4,3", "chance");
        double[] xs = new double[pts.length], ys = new double[pts.length];
        for (int i = 0; i < pts.length; i++) {
            xs[i] = pts[i][0];
            ys[i] = pts[i][1];
        }
        s.polyline(xs, ys, Svg.COLORS[0], null, "roc");
        double auc = BinaryMetrics.of(p, y, 0.5).auc();
        return legendAndEnd(
                s, Svg.COLORS[0], Svg.f("model, AUC %.4f", auc), "chance, AUC 0.5", p.length);
    }

    /** The model's legend entry, the dashed reference line's, and the sample size; closes. */
    private static String legendAndEnd(Svg s, String color, String model, String reference, int n) {
        s.legend(0, color, null, model);
        s.legend(1, "#999", "4,3", reference);
        s.text(s.plotLeft() + s.plotWidth() + 10, s.plotTop() + 60, Svg.f("n = %,d", n), null);
        return s.end();
    }

    /** One bin of the reliability diagram. */
    public record Bin(double from, double to, int count, double meanP, double upRate) {}

    /**
     * {@code bins} equal-width bins of P(UP) over [0, 1] (the last one closed); empty bins are left
     * out.
     */
    public static List<Bin> calibrationBins(double[] p, double[] y, int bins) {
        int[] c = new int[bins];
        double[] sp = new double[bins], sy = new double[bins];
        for (int i = 0; i < p.length; i++) {
            int b = Math.min(bins - 1, Math.max(0, (int) Math.floor(p[i] * bins)));
            c[b]++;
            sp[b] += p[i];
            sy[b] += y[i] > 0.5 ? 1 : 0;
        }
        List<Bin> out = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            if (c[b] == 0) continue;
            out.add(
                    new Bin(
                            (double) b / bins,
                            (double) (b + 1) / bins,
                            c[b],
                            sp[b] / c[b],
                            sy[b] / c[b]));
        }
        return out;
    }

    /**
     * Reliability diagram: observed UP rate against mean predicted P(UP) per non-empty bin (one dot
     * per bin, area growing with its row count), the diagonal of perfect calibration.
     */
    public static String calibration(String title, double[] p, double[] y, int bins) {
        List<Bin> bs = calibrationBins(p, y, bins);
        Svg s = new Svg(560, 460, 60, 150, 40, 60, title).range(0, 1, 0, 1);
        s.yGrid(5, "%.1f").xTicks(5, "%.1f");
        s.axisTitles("mean predicted P(UP) in bin", "observed UP rate in bin");
        s.polyline(new double[] {0, 1}, new double[] {0, 1}, "#999", "4,3", "perfect");
        double[] xs = new double[bs.size()], ys = new double[bs.size()];
        int max = bs.stream().mapToInt(Bin::count).max().orElse(1);
        for (int i = 0; i < bs.size(); i++) {
            Bin b = bs.get(i);
            xs[i] = b.meanP();
            ys[i] = b.upRate();
        }
        s.polyline(xs, ys, Svg.COLORS[1], null, "calibration");
        for (Bin b : bs) {
            s.dot(
                    b.meanP(),
                    b.upRate(),
                    2.5 + 4.5 * Math.sqrt((double) b.count() / max),
                    Svg.COLORS[1],
                    "bin");
        }
        return legendAndEnd(
                s, Svg.COLORS[1], Svg.f("model, %d bins", bins), "perfectly calibrated", p.length);
    }

    /** Horizontal bars, one per feature, largest first, with the value printed. */
    public static String featureImportances(String title, Map<String, Double> importances) {
        List<Map.Entry<String, Double>> rows = new ArrayList<>(importances.entrySet());
        rows.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
        int barH = 16, gap = 4;
        int height = 40 + rows.size() * (barH + gap) + 50;
        double max = rows.stream().mapToDouble(Map.Entry::getValue).max().orElse(1);
        if (!(max > 0)) max = 1;
        Svg s = new Svg(640, height, 170, 60, 40, 50, title).range(0, max, 0, 1);
        s.xTicks(4, "%.3f");
        s.axisTitles("importance (impurity decrease, sums to 1)", "");
        for (int i = 0; i < rows.size(); i++) {
            double v = Math.max(0, rows.get(i).getValue());
            double y = s.plotTop() + gap / 2.0 + i * (barH + gap);
            s.raw(
                    Svg.f(
                            "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\""
                                    + " fill=\"%s\"><title>%s %.5f</title></rect>\n",
                            s.px(0),
                            y,
                            s.px(v) - s.px(0),
                            barH,
                            Svg.COLORS[0],
                            Svg.escape(rows.get(i).getKey()),
                            v));
            s.text(s.plotLeft() - 4, y + barH - 4, rows.get(i).getKey(), "end");
            s.text(s.px(v) + 3, y + barH - 4, Svg.f("%.4f", v), null);
        }
        return s.end();
    }

    private static double[][] thin(double[][] pts, int max) {
        if (pts.length <= max) return pts;
        double[][] out = new double[max][];
        for (int i = 0; i < max; i++) {
            out[i] = pts[(int) Math.round((double) i * (pts.length - 1) / (max - 1))];
        }
        return out;
    }
}
