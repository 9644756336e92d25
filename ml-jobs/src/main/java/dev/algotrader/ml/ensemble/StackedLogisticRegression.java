package dev.algotrader.ml.ensemble;

/**
 * L2-penalised logistic regression fitted by Newton–Raphson (deterministic, no randomness): the
 * stacker of the ensemble. The intercept is not penalised.
 */
public final class StackedLogisticRegression {

    private StackedLogisticRegression() {}

    /** Fitted coefficients: {@code P = sigmoid(intercept + Σ weights[j]·z[j])}. */
    public record Coefficients(double intercept, double[] weights) {
        public double probability(double[] z) {
            double s = intercept;
            for (int j = 0; j < weights.length; j++) s += weights[j] * z[j];
            return sigmoid(s);
        }
    }

    /** Fits on inputs {@code z} ({@code n × m}) and 0/1 labels {@code y}. */
    public static Coefficients fit(double[][] z, int[] y, double l2) {
        int n = z.length;
        if (n == 0) throw new IllegalArgumentException("no rows to fit the stacker on");
        int m = z[0].length;
        int d = m + 1;
        double[] beta = new double[d];
        for (int iter = 0; iter < 100; iter++) {
            double[] grad = new double[d];
            double[][] hess = new double[d][d];
            for (int i = 0; i < n; i++) {
                double[] xi = row(z[i]);
                double s = 0;
                for (int j = 0; j < d; j++) s += beta[j] * xi[j];
                double p = sigmoid(s);
                double wgt = Math.max(p * (1 - p), 1e-12);
                for (int j = 0; j < d; j++) {
                    grad[j] += (p - y[i]) * xi[j];
                    for (int k = 0; k < d; k++) hess[j][k] += wgt * xi[j] * xi[k];
                }
            }
            for (int j = 1; j < d; j++) {
                grad[j] += l2 * beta[j];
                hess[j][j] += l2;
            }
            hess[0][0] += 1e-9;
            double[] step = solve(hess, grad);
            double max = 0;
            for (int j = 0; j < d; j++) {
                beta[j] -= step[j];
                max = Math.max(max, Math.abs(step[j]));
            }
            if (max < 1e-10) break;
        }
        double[] w = new double[m];
        System.arraycopy(beta, 1, w, 0, m);
        return new Coefficients(beta[0], w);
    }

    private static double[] row(double[] z) {
        double[] r = new double[z.length + 1];
        r[0] = 1;
        System.arraycopy(z, 0, r, 1, z.length);
        return r;
    }

    static double sigmoid(double s) {
        return s >= 0 ? 1 / (1 + Math.exp(-s)) : Math.exp(s) / (1 + Math.exp(s));
    }

    /** Logit of a probability clipped to {@code [1e-6, 1-1e-6]}. */
    public static double logit(double p) {
        double q = Math.min(1 - 1e-6, Math.max(1e-6, p));
        return Math.log(q / (1 - q));
    }

    /** Gaussian elimination with partial pivoting on a copy. */
    private static double[] solve(double[][] a0, double[] b0) {
        int d = b0.length;
        double[][] a = new double[d][];
        for (int i = 0; i < d; i++) a[i] = a0[i].clone();
        double[] b = b0.clone();
        for (int c = 0; c < d; c++) {
            int piv = c;
            for (int r = c + 1; r < d; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
            double[] t = a[c];
            a[c] = a[piv];
            a[piv] = t;
            double tb = b[c];
            b[c] = b[piv];
            b[piv] = tb;
            if (Math.abs(a[c][c]) < 1e-15)
                throw new IllegalStateException("singular stacking system");
            for (int r = c + 1; r < d; r++) {
                double f = a[r][c] / a[c][c];
                for (int k = c; k < d; k++) a[r][k] -= f * a[c][k];
                b[r] -= f * b[c];
            }
        }
        double[] x = new double[d];
        for (int r = d - 1; r >= 0; r--) {
            double s = b[r];
            for (int k = r + 1; k < d; k++) s -= a[r][k] * x[k];
            x[r] = s / a[r][r];
        }
        return x;
    }
}
