package dev.algotrader.ml;

import dev.algotrader.ml.eval.BinaryMetrics;
import dev.algotrader.ml.eval.TradingView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Every model of one {@code auto-train} (tree families, sequence models, ensemble) and the
 * baselines, scored on the same holdout bars: log loss and AUC against the constant prior (the
 * training UP rate), accuracy against the majority class, the long/flat return against buy-and-hold
 * (= always-UP as a trading rule). No model is selected on these numbers; they are the report.
 *
 * <p>Invariant: every entry's probabilities cover exactly the board's bars, in time order ({@link
 * #add} refuses anything else).
 */
public final class HoldoutBoard {

    /** One model on the holdout. */
    public record Entry(
            String model,
            String modelType,
            String version,
            double cvLogLoss,
            BinaryMetrics metrics,
            TradingView trading,
            boolean beatsPrior,
            boolean beatsMajority,
            boolean beatsBuyHold,
            String note) {

        /** True when the model beats all three baselines. */
        public boolean beatsAllBaselines() {
            return beatsPrior && beatsMajority && beatsBuyHold;
        }
    }

    private final long fromTs;
    private final long toTs;
    private final double[] y;
    private final double[] r;
    private final int horizonBars;
    private final ResearchConfig.Trading trading;
    private final double priorUpRate;
    private final BinaryMetrics prior;
    private final TradingView buyHold;
    private final List<Entry> entries = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private String decidedOn = "";

    /**
     * A board over the holdout bars with labels {@code y} and forward log returns {@code r} (time
     * order); {@code priorUpRate} is the training UP rate (the prior baseline's constant P(UP)).
     */
    public HoldoutBoard(
            long fromTs,
            long toTs,
            double[] y,
            double[] r,
            int horizonBars,
            ResearchConfig.Trading trading,
            double priorUpRate) {
        if (y.length == 0 || y.length != r.length) {
            throw new IllegalArgumentException("holdout labels and returns must be non-empty");
        }
        this.fromTs = fromTs;
        this.toTs = toTs;
        this.y = y.clone();
        this.r = r.clone();
        this.horizonBars = horizonBars;
        this.trading = trading;
        this.priorUpRate = priorUpRate;
        double[] pp = new double[y.length];
        Arrays.fill(pp, priorUpRate);
        this.prior = BinaryMetrics.of(pp, y, trading.threshold());
        double[] always = new double[y.length];
        Arrays.fill(always, 1.0);
        this.buyHold =
                TradingView.of(always, r, horizonBars, trading.threshold(), trading.costBps());
    }

    /** Scores {@code p} (one P(UP) per holdout bar, time order) and adds it to the board. */
    public Entry add(
            String model,
            String modelType,
            String version,
            double cvLogLoss,
            double[] p,
            String note) {
        if (p.length != y.length) {
            throw new IllegalArgumentException(
                    model
                            + ": "
                            + p.length
                            + " holdout probabilities for "
                            + y.length
                            + " holdout bars");
        }
        for (double v : p) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException(model + ": a holdout probability is NaN");
            }
        }
        BinaryMetrics m = BinaryMetrics.of(p, y, trading.threshold());
        TradingView tv = TradingView.of(p, r, horizonBars, trading.threshold(), trading.costBps());
        Entry e =
                new Entry(
                        model,
                        modelType,
                        version,
                        cvLogLoss,
                        m,
                        tv,
                        m.logLoss() < prior.logLoss(),
                        m.accuracy() > majorityAccuracy(),
                        tv.beatsBuyHold(),
                        note == null ? "" : note);
        entries.add(e);
        return e;
    }

    /** Records the window promotion was decided on (printed under the board's title). */
    public void decidedOn(String window) {
        decidedOn = window == null ? "" : window;
    }

    /** The window promotion was decided on, e.g. {@code the last 1 walk-forward fold (…)}. */
    public String decidedOn() {
        return decidedOn;
    }

    /** Records a model that could not be put on the board, and why (printed under the table). */
    public void skip(String model, String reason) {
        skipped.add(model + ": " + reason);
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    public int bars() {
        return y.length;
    }

    /** The holdout labels (1 = UP), time order. */
    public double[] labels() {
        return y.clone();
    }

    /** Models that could not be put on the board, with the reason. */
    public List<String> skipped() {
        return List.copyOf(skipped);
    }

    /** The training UP rate: the prior baseline's constant P(UP). */
    public double priorUpRate() {
        return priorUpRate;
    }

    /** Cost per position change in basis points (the trading view's). */
    public double costBps() {
        return trading.costBps();
    }

    public long fromTs() {
        return fromTs;
    }

    public long toTs() {
        return toTs;
    }

    /** The constant-prior baseline (P(UP) = training UP rate on every bar). */
    public BinaryMetrics prior() {
        return prior;
    }

    /** Share of UP bars in the holdout: the accuracy of always-UP. */
    public double alwaysUpAccuracy() {
        double up = 0;
        for (double v : y) up += v;
        return up / y.length;
    }

    /** Accuracy of the majority class of the holdout. */
    public double majorityAccuracy() {
        double a = alwaysUpAccuracy();
        return Math.max(a, 1 - a);
    }

    /** Buy-and-hold = always-UP as a trading rule, same tranches, no costs. */
    public TradingView buyHold() {
        return buyHold;
    }

    /** Models that beat every baseline (empty when none does). */
    public List<Entry> winners() {
        return entries.stream().filter(Entry::beatsAllBaselines).toList();
    }

    /** The terminal table and the plain verdict. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(
                f(
                        "All models and the baselines on the same holdout %s → %s (%,d bars; no"
                                + " model was selected on it)%n",
                        ResearchJobs.iso(fromTs), ResearchJobs.iso(toTs), y.length));
        if (!decidedOn.isEmpty()) {
            sb.append(
                    f(
                            "Promotion was decided on %s; the holdout is the final check only%n",
                            decidedOn));
        }
        String head = "  %-30s %4s %10s %9s %7s %8s %8s %10s  %s%n";
        sb.append(
                f(
                        head,
                        "model",
                        "ver",
                        "cv_logloss",
                        "log_loss",
                        "auc",
                        "accuracy",
                        "hit_rate",
                        "long/flat",
                        "beats prior / majority / b&h"));
        for (Entry e : entries) {
            sb.append(
                    f(
                            "  %-30s %4s %10s %9.5f %7.4f %8.4f %8s %+10.4f  %s / %s / %s%s%n",
                            trim(e.model(), 30),
                            e.version(),
                            Double.isNaN(e.cvLogLoss()) ? "-" : f("%.5f", e.cvLogLoss()),
                            e.metrics().logLoss(),
                            e.metrics().auc(),
                            e.metrics().accuracy(),
                            Double.isNaN(e.trading().hitRate())
                                    ? "-"
                                    : f("%.4f", e.trading().hitRate()),
                            e.trading().strategyLogReturn(),
                            yes(e.beatsPrior()),
                            yes(e.beatsMajority()),
                            yes(e.beatsBuyHold()),
                            e.note().isEmpty() ? "" : "  (" + e.note() + ")"));
        }
        sb.append(
                f(
                        "  %-30s %4s %10s %9.5f %7.4f %8s %8s %10s%n",
                        f("baseline prior P(UP)=%.3f", priorUpRate),
                        "-",
                        "-",
                        prior.logLoss(),
                        prior.auc(),
                        "-",
                        "-",
                        "-"));
        sb.append(
                f(
                        "  %-30s %4s %10s %9s %7s %8.4f %8.4f %+10.4f%n",
                        "baseline always-UP = buy&hold",
                        "-",
                        "-",
                        "-",
                        "-",
                        alwaysUpAccuracy(),
                        buyHold.alwaysUpHitRate(),
                        buyHold.buyHoldLogReturn()));
        sb.append(
                f(
                        "  %-30s %4s %10s %9s %7s %8.4f%n",
                        "baseline majority class", "-", "-", "-", "-", majorityAccuracy()));
        List<Entry> w = winners();
        if (w.isEmpty()) {
            sb.append(
                    f(
                            "Verdict: NO model beats all baselines on this holdout (log loss below"
                                    + " the prior, accuracy above the majority class, long/flat"
                                    + " return above buy-and-hold after %.1f bps costs).%n",
                            trading.costBps()));
        } else {
            sb.append(
                    f(
                            "Verdict: %s beat%s all baselines on this holdout (log loss, accuracy"
                                    + " and return after costs).%n",
                            String.join(", ", w.stream().map(Entry::model).toList()),
                            w.size() == 1 ? "s" : ""));
        }
        List<String> partial = new ArrayList<>();
        for (Entry e : entries) {
            if (e.beatsAllBaselines()) continue;
            List<String> beaten = new ArrayList<>();
            if (e.beatsPrior()) beaten.add("the prior on log loss");
            if (e.beatsMajority()) beaten.add("the majority class on accuracy");
            if (e.beatsBuyHold()) beaten.add("buy-and-hold on return");
            if (!beaten.isEmpty()) {
                partial.add(e.model() + " beats only " + String.join(" and ", beaten));
            }
        }
        if (!partial.isEmpty()) sb.append(f("  (%s)%n", String.join("; ", partial)));
        for (String s : skipped) sb.append(f("  not on the board: %s%n", s));
        return sb.toString();
    }

    private static String yes(boolean b) {
        return b ? "yes" : "no";
    }

    private static String trim(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    private static String f(String fmt, Object... args) {
        return String.format(Locale.ROOT, fmt, args);
    }
}
