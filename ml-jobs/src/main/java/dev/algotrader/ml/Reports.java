package dev.algotrader.ml;

import dev.algotrader.ml.CandidateSearch.Candidate;
import dev.algotrader.ml.HoldoutEvaluation.HoldoutReport;
import dev.algotrader.ml.eval.BinaryMetrics;
import dev.algotrader.ml.eval.TradingView;
import java.util.Locale;

/** Terminal text of a train/auto-train result: leaderboard, holdout block, registry line. */
final class Reports {

    private Reports() {}

    static String render(TrainResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                f(
                        "%s %s %s — %,d labelled bars (horizon %d bars, target UP vs not-UP),"
                                + " %s, silver/features v%d, gold/labels v%d%n",
                        r.command(),
                        r.symbol(),
                        r.interval(),
                        r.rows(),
                        r.horizonBars(),
                        r.featureSet(),
                        r.featuresVersion(),
                        r.labelsVersion()));
        String dir = r.metric().higherIsBetter ? "higher is better" : "lower is better";
        sb.append(
                f(
                        "%nLeaderboard: walk-forward mean %s over %d folds (%s; the holdout is not"
                                + " used)%n",
                        r.metric().key(), r.folds(), dir));
        sb.append(
                f(
                        "%3s  %-40s %10s %8s %8s %9s %8s%n",
                        "#", "model", r.metric().key(), "± std", "auc", "log_loss", "f1"));
        int i = 1;
        for (Candidate c : r.leaderboard()) {
            sb.append(
                    f(
                            "%3d  %-40s %10.5f %8.5f %8.4f %9.5f %8.4f%s%n",
                            i++,
                            trim(c.spec().shortLabel(), 40),
                            c.mean(),
                            c.std(),
                            c.meanAuc(),
                            c.meanLogLoss(),
                            c.meanF1(),
                            c == r.selected() ? "  <- selected" : ""));
        }
        HoldoutReport h = r.holdout();
        BinaryMetrics m = h.model();
        BinaryMetrics p = h.prior();
        sb.append(
                f(
                        "%nHoldout %s → %s (%,d bars, never seen by selection): %s%n",
                        ResearchJobs.iso(h.fromTs()),
                        ResearchJobs.iso(h.toTs()),
                        m.n(),
                        r.selected().spec().label()));
        sb.append(f("  %-22s %10s %12s%n", "", "model", "baseline"));
        sb.append(
                f("  %-22s %10.4f %12.4f  (prior = training UP rate)%n", "auc", m.auc(), p.auc()));
        sb.append(f("  %-22s %10.5f %12.5f  (prior)%n", "log loss", m.logLoss(), p.logLoss()));
        sb.append(
                f(
                        "  %-22s %10.4f %12.4f  (majority class)%n",
                        "accuracy",
                        m.accuracy(),
                        Math.max(h.alwaysUpAccuracy(), 1 - h.alwaysUpAccuracy())));
        sb.append(f("  %-22s %10.4f %12.4f  (always-UP)%n", "f1 (UP)", m.f1(), alwaysUpF1(h)));
        sb.append(
                f(
                        "  %-22s tp=%d fp=%d tn=%d fn=%d%n",
                        "confusion (UP>0.5)", m.tp(), m.fp(), m.tn(), m.fn()));
        TradingView t = h.trading();
        sb.append(
                f(
                        "  %-22s %10.4f %12.4f  (always-UP; %d long of %d bars)%n",
                        "hit rate", t.hitRate(), t.alwaysUpHitRate(), t.longDecisions(), t.bars()));
        sb.append(
                f(
                        "  %-22s %+10.4f %+12.4f  (buy-and-hold = always-UP; cost %.1f bps per"
                                + " side)%n",
                        "long/flat log return",
                        t.strategyLogReturn(),
                        t.buyHoldLogReturn(),
                        t.costBps()));
        sb.append(f("  portable scorer vs Spark: max |Δp| = %.2e%n", h.portableMaxAbsDiff()));
        sb.append(f("  Verdict: %s.%n", h.verdict()));
        sb.append(
                f(
                        "%nRegistered %s version %s (run %s, experiment %s, store %s)%n",
                        r.registeredModel(),
                        r.version(),
                        r.runId(),
                        r.experimentId(),
                        r.trackingLocation()));
        sb.append(f("Promotion rule %s: %s%n", r.promotion().rule(), r.promotion().summary()));
        if (!r.sequenceModels().isEmpty()) {
            sb.append(
                    f(
                            "%nSequence models and ensemble (same folds, same holdout, same rule;"
                                    + " versions of %s):%n",
                            r.registeredModel()));
            sb.append(ForecasterJob.render(r.sequenceModels()));
        }
        if (r.board() != null && r.board().entries().size() > 1) {
            sb.append(f("%n%s", r.board().render()));
        }
        if (r.champion() != null) sb.append(f("@champion is now %s%n", r.champion()));
        return sb.toString();
    }

    static double alwaysUpF1(HoldoutReport h) {
        double prec = h.alwaysUpAccuracy();
        return prec == 0 ? 0 : 2 * prec / (prec + 1);
    }

    private static String trim(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    private static String f(String fmt, Object... args) {
        return String.format(Locale.ROOT, fmt, args);
    }
}
