package dev.algotrader.ml.dl;

import dev.algotrader.ml.eval.Svg;
import java.util.List;

/**
 * Draws learning curves as a self-contained SVG (no plotting library): per fit, training loss
 * dashed and validation log loss solid, a dot on the kept (best) epoch. Logged as an MLflow
 * artifact.
 */
public final class LearningCurvePlot {

    private static final int W = 640, H = 400, L = 60, R = 150, T = 40, B = 50;

    private LearningCurvePlot() {}

    /** The SVG document. */
    public static String svg(String title, List<LearningCurve> curves) {
        int maxEpochs =
                Math.max(2, curves.stream().mapToInt(LearningCurve::epochs).max().orElse(2));
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (LearningCurve c : curves) {
            for (List<Double> vs : List.of(c.trainLoss(), c.validationLoss())) {
                for (double v : vs) {
                    if (Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
        }
        if (!(lo < hi)) {
            lo = Double.isFinite(lo) ? lo - 0.5 : 0;
            hi = lo + 1;
        }
        double pad = (hi - lo) * 0.05;
        Svg s = new Svg(W, H, L, R, T, B, title).range(1, maxEpochs, lo - pad, hi + pad);
        s.yGrid(4, "%.4f");
        for (int e = 1; e <= maxEpochs; e++) s.xTick(e, Integer.toString(e));
        s.axisTitles("epoch", "loss (train dashed, validation solid)");
        for (int i = 0; i < curves.size(); i++) {
            LearningCurve c = curves.get(i);
            String color = Svg.COLORS[i % Svg.COLORS.length];
            s.polyline(epochs(c.trainLoss().size()), values(c.trainLoss()), color, "4,3", null);
            s.polyline(
                    epochs(c.validationLoss().size()),
                    values(c.validationLoss()),
                    color,
                    null,
                    null);
            if (c.bestEpoch() >= 1 && c.bestEpoch() <= c.epochs()) {
                s.dot(c.bestEpoch(), c.validationLoss().get(c.bestEpoch() - 1), 3.5, color, null);
            }
            s.legend(i, color, null, c.label() + " (best " + c.bestEpoch() + ")");
        }
        return s.end();
    }

    private static double[] epochs(int n) {
        double[] x = new double[n];
        for (int e = 0; e < n; e++) x[e] = e + 1;
        return x;
    }

    private static double[] values(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
