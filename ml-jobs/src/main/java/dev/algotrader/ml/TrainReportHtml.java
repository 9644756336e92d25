package dev.algotrader.ml;

import static dev.algotrader.core.report.Html.esc;
import static dev.algotrader.core.report.Html.pageStart;

import dev.algotrader.ml.CandidateSearch.Candidate;
import dev.algotrader.ml.HoldoutEvaluation.HoldoutReport;
import dev.algotrader.ml.dl.ForecasterTracking;
import dev.algotrader.ml.eval.BinaryMetrics;
import dev.algotrader.ml.eval.TradingView;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML report of a train/auto-train run: one self-contained page (no scripts, no external
 * files) with the verdict first, the walk-forward leaderboard, the holdout metrics next to their
 * baselines, the trading view, the registry outcome, the auto-train board of every model, and the
 * holdout plots of the champion and of every other model of the run, inline. The same facts as the
 * terminal output ({@link Reports}), for people who would rather look than read.
 */
public final class TrainReportHtml {

    private TrainReportHtml() {}

    /** The page for {@code r}. */
    public static String render(TrainResult r) {
        StringBuilder h = new StringBuilder(32_000);
        HoldoutReport ho = r.holdout();
        BinaryMetrics m = ho.model();
        BinaryMetrics p = ho.prior();
        String title =
                r.command() + " " + r.symbol() + " " + r.interval() + " — " + r.registeredModel();
        h.append(
                pageStart(
                        esc(title),
                        "td.l,th.l{text-align:left}"
                                + ".yes{color:#070}"
                                + ".no{color:#b00}"
                                + ".sel{background:#fff8dc}"
                                + "tr.base td{background:#fafafa;color:#555}"
                                + ".verdict{padding:10px 14px;border-left:4px solid #888;background:#f6f6f6}"
                                + "svg{background:#fafafa;border:1px solid #ddd;margin:4px}"
                                + "figure{display:inline-block;margin:0 8px 8px 0;vertical-align:top}"
                                + "figcaption{font-size:12px;color:#555}"
                                + "h3{margin:18px 0 6px}"));
        h.append("<h1>").append(esc(title)).append("</h1>");
        h.append("<p>")
                .append(f("%,d", r.rows()))
                .append(" labelled bars (horizon ")
                .append(r.horizonBars())
                .append(" bars, target UP vs not-UP) · feature set <code>")
                .append(esc(r.featureSet()))
                .append("</code> · silver/features v")
                .append(r.featuresVersion())
                .append(", gold/labels v")
                .append(r.labelsVersion())
                .append(" · run <code>")
                .append(esc(r.runId()))
                .append("</code> (experiment ")
                .append(esc(r.experimentId()))
                .append(", ")
                .append(esc(r.trackingLocation()))
                .append(")</p>");
        h.append("<p class=\"verdict\"><b>Verdict on the holdout:</b> ")
                .append(esc(ho.verdict()))
                .append(".</p>");

        h.append("<h2>Walk-forward leaderboard</h2><p>mean ")
                .append(esc(r.metric().key()))
                .append(" over ")
                .append(r.folds())
                .append(" purged, embargoed folds (")
                .append(r.metric().higherIsBetter ? "higher" : "lower")
                .append(" is better); the holdout is not used to choose.</p>");
        h.append("<table><tr><th>#</th><th class=\"l\">model</th><th>")
                .append(esc(r.metric().key()))
                .append("</th><th>± std</th><th>auc</th><th>log loss</th><th>f1</th></tr>");
        int i = 1;
        for (Candidate c : r.leaderboard()) {
            boolean sel = c == r.selected();
            h.append(sel ? "<tr class=\"sel\">" : "<tr>")
                    .append("<td>")
                    .append(i++)
                    .append("</td><td class=\"l\">")
                    .append(esc(c.spec().label()))
                    .append(sel ? " <b>← selected</b>" : "")
                    .append("</td>")
                    .append(td(c.mean(), 5))
                    .append(td(c.std(), 5))
                    .append(td(c.meanAuc(), 4))
                    .append(td(c.meanLogLoss(), 5))
                    .append(td(c.meanF1(), 4))
                    .append("</tr>");
        }
        h.append("</table>");

        h.append("<h2>Holdout: ")
                .append(esc(ResearchJobs.iso(ho.fromTs())))
                .append(" → ")
                .append(esc(ResearchJobs.iso(ho.toTs())))
                .append("</h2><p>")
                .append(f("%,d", m.n()))
                .append(" bars never seen by selection; model ")
                .append(esc(r.selected().spec().label()))
                .append(".</p>");
        h.append("<table><tr><th class=\"l\">metric</th><th>model</th><th>baseline</th>")
                .append("<th class=\"l\">baseline is</th><th>better?</th></tr>");
        double majority = Math.max(ho.alwaysUpAccuracy(), 1 - ho.alwaysUpAccuracy());
        double upF1 = Reports.alwaysUpF1(ho);
        row(h, "AUC", m.auc(), p.auc(), 4, "prior (training UP rate)", m.auc() > p.auc());
        row(h, "log loss", m.logLoss(), p.logLoss(), 5, "prior", m.logLoss() < p.logLoss());
        row(h, "accuracy", m.accuracy(), majority, 4, "majority class", m.accuracy() > majority);
        row(h, "F1 (UP)", m.f1(), upF1, 4, "always-UP", m.f1() > upF1);
        TradingView t = ho.trading();
        row(
                h,
                "hit rate",
                t.hitRate(),
                t.alwaysUpHitRate(),
                4,
                "always-UP (" + t.longDecisions() + " long of " + t.bars() + " bars)",
                t.hitRate() > t.alwaysUpHitRate());
        row(
                h,
                "long/flat log return",
                t.strategyLogReturn(),
                t.buyHoldLogReturn(),
                4,
                f("buy-and-hold = always-UP; cost %.1f bps per side", t.costBps()),
                t.strategyLogReturn() > t.buyHoldLogReturn());
        h.append("</table>");
        h.append("<table><tr><th></th><th>predicted UP</th><th>predicted not-UP</th></tr>")
                .append("<tr><th class=\"l\">actual UP</th><td>")
                .append(m.tp())
                .append("</td><td>")
                .append(m.fn())
                .append("</td></tr><tr><th class=\"l\">actual not-UP</th><td>")
                .append(m.fp())
                .append("</td><td>")
                .append(m.tn())
                .append("</td></tr></table>");
        h.append("<p>confusion at p(UP) &gt; 0.5 · portable scorer vs Spark: max |Δp| = ")
                .append(f("%.2e", ho.portableMaxAbsDiff()))
                .append("</p>");

        h.append("<h2>Registry</h2><p>registered <code>")
                .append(esc(r.registeredModel()))
                .append("</code> version ")
                .append(esc(r.version()))
                .append(". Promotion rule <code>")
                .append(esc(r.promotion().rule()))
                .append("</code>: ")
                .append(esc(r.promotion().summary()))
                .append(".</p>");
        if (!r.sequenceModels().isEmpty()) sequenceModels(h, r);
        if (r.board() != null && r.board().entries().size() > 1) board(h, r.board());
        if (r.champion() != null) {
            h.append("<p>@champion is now <code>").append(esc(r.champion())).append("</code></p>");
        }
        plots(h, r);
        h.append("</body></html>\n");
        return h.toString();
    }

    /** The sequence models and the ensemble: cross-validation, holdout, prior and promotion. */
    private static void sequenceModels(StringBuilder h, TrainResult r) {
        h.append("<h2>Sequence models and ensemble</h2><p>same folds and holdout as the trees;")
                .append(" each registered and put through the champion rule.</p>")
                .append("<table><tr><th class=\"l\">model</th><th>version</th>")
                .append("<th>walk-forward log loss</th><th>holdout log loss</th>")
                .append("<th>holdout AUC</th><th>prior log loss</th><th>beats prior?</th>")
                .append("<th class=\"l\">promotion</th></tr>");
        for (ForecasterTracking.Published p : r.sequenceModels()) {
            Map<String, Double> m = p.metrics();
            double ll = m.getOrDefault("holdout_log_loss", Double.NaN);
            double prior = m.getOrDefault("holdout_prior_log_loss", Double.NaN);
            h.append("<tr><td class=\"l\">")
                    .append(esc(p.modelType()))
                    .append("</td><td>")
                    .append(esc(p.version()))
                    .append("</td>")
                    .append(td(m.getOrDefault("cv_mean_log_loss", Double.NaN), 4))
                    .append(td(ll, 4))
                    .append(td(m.getOrDefault("holdout_auc", Double.NaN), 4))
                    .append(td(prior, 4))
                    .append(yesNo(ll < prior))
                    .append("<td class=\"l\">")
                    .append(esc(p.decision().summary()))
                    .append("</td></tr>");
        }
        h.append("</table>");
    }

    /** Every model of the run and the baselines on the same holdout, with the verdict. */
    private static void board(StringBuilder h, HoldoutBoard b) {
        h.append("<h2>Every model and the baselines on the same holdout</h2><p>")
                .append(esc(ResearchJobs.iso(b.fromTs())))
                .append(" → ")
                .append(esc(ResearchJobs.iso(b.toTs())))
                .append(", ")
                .append(f("%,d", b.bars()))
                .append(" bars; no model was selected on these numbers.")
                .append(
                        b.decidedOn().isEmpty()
                                ? ""
                                : " Promotion was decided on " + esc(b.decidedOn()) + ".")
                .append("</p>")
                .append("<table><tr><th class=\"l\">model</th><th>version</th>")
                .append("<th>walk-forward log loss</th><th>log loss</th><th>AUC</th>")
                .append("<th>accuracy</th><th>hit rate</th><th>long/flat log return</th>")
                .append("<th>beats prior</th><th>beats majority</th><th>beats buy&amp;hold</th>")
                .append("<th class=\"l\">note</th></tr>");
        for (HoldoutBoard.Entry e : b.entries()) {
            h.append(e.beatsAllBaselines() ? "<tr class=\"sel\">" : "<tr>")
                    .append("<td class=\"l\">")
                    .append(esc(e.model()))
                    .append("</td><td>")
                    .append(esc(e.version()))
                    .append("</td>")
                    .append(td(e.cvLogLoss(), 5))
                    .append(td(e.metrics().logLoss(), 5))
                    .append(td(e.metrics().auc(), 4))
                    .append(td(e.metrics().accuracy(), 4))
                    .append(td(e.trading().hitRate(), 4))
                    .append(signed(e.trading().strategyLogReturn()))
                    .append(yesNo(e.beatsPrior()))
                    .append(yesNo(e.beatsMajority()))
                    .append(yesNo(e.beatsBuyHold()))
                    .append("<td class=\"l\">")
                    .append(esc(e.note()))
                    .append("</td></tr>");
        }
        String dash = "<td>–</td>";
        h.append("<tr class=\"base\"><td class=\"l\">baseline: prior P(UP) = ")
                .append(f("%.3f", b.priorUpRate()))
                .append("</td>")
                .append(dash)
                .append(dash)
                .append(td(b.prior().logLoss(), 5))
                .append(td(b.prior().auc(), 4))
                .append(dash.repeat(3))
                .append("<td colspan=\"4\"></td></tr>");
        h.append("<tr class=\"base\"><td class=\"l\">baseline: always-UP = buy&amp;hold</td>")
                .append(dash.repeat(4))
                .append(td(b.alwaysUpAccuracy(), 4))
                .append(td(b.buyHold().alwaysUpHitRate(), 4))
                .append(signed(b.buyHold().buyHoldLogReturn()))
                .append("<td colspan=\"4\"></td></tr>");
        h.append("<tr class=\"base\"><td class=\"l\">baseline: majority class</td>")
                .append(dash.repeat(4))
                .append(td(b.majorityAccuracy(), 4))
                .append(dash.repeat(2))
                .append("<td colspan=\"4\"></td></tr></table>");
        List<HoldoutBoard.Entry> w = b.winners();
        h.append("<p class=\"verdict\"><b>Verdict:</b> ")
                .append(
                        w.isEmpty()
                                ? esc(
                                        f(
                                                "no model beats all baselines on this holdout (log"
                                                        + " loss below the prior, accuracy above"
                                                        + " the majority class, long/flat return"
                                                        + " above buy-and-hold after %.1f bps"
                                                        + " costs).",
                                                b.costBps()))
                                : esc(
                                        String.join(
                                                        ", ",
                                                        w.stream()
                                                                .map(HoldoutBoard.Entry::model)
                                                                .toList())
                                                + " beat"
                                                + (w.size() == 1 ? "s" : "")
                                                + " all baselines on this holdout."))
                .append("</p>");
        if (!b.skipped().isEmpty()) {
            h.append("<p>Not on the board:</p><ul>");
            for (String s : b.skipped()) h.append("<li>").append(esc(s)).append("</li>");
            h.append("</ul>");
        }
    }

    /**
     * The holdout plots: the champion's first (when this run has them), then every other model of
     * the run; each model's ROC and calibration (and importances for trees) side by side.
     */
    private static void plots(StringBuilder h, TrainResult r) {
        if (r.modelPlots().isEmpty()) return;
        h.append("<h2>Plots on the holdout</h2>");
        var champ = r.championPlots();
        if (champ.isPresent()) {
            h.append("<h3>Champion: ")
                    .append(esc(r.registeredModel()))
                    .append(" v")
                    .append(esc(champ.get().version()))
                    .append(" — ")
                    .append(esc(champ.get().label()))
                    .append("</h3>");
            figures(h, champ.get());
        } else if (r.championVersion() != null) {
            h.append("<p>The champion (v")
                    .append(esc(r.championVersion()))
                    .append(") could not be scored on this holdout; its plots are in its own")
                    .append(" run's report.</p>");
        }
        for (TrainResult.ModelPlots m : r.modelPlots()) {
            if (champ.isPresent() && m == champ.get()) continue;
            h.append("<h3>")
                    .append(esc(m.label()))
                    .append(" v")
                    .append(esc(m.version()))
                    .append("</h3>");
            figures(h, m);
        }
    }

    private static void figures(StringBuilder h, TrainResult.ModelPlots m) {
        h.append("<div>");
        for (Map.Entry<String, String> plot : m.svgs().entrySet()) {
            h.append("<figure>")
                    .append(inlineSvg(plot.getValue()))
                    .append("<figcaption><code>")
                    .append(esc(plot.getKey()))
                    .append("</code></figcaption></figure>");
        }
        h.append("</div>");
    }

    private static String yesNo(boolean b) {
        return b ? "<td class=\"yes\">yes</td>" : "<td class=\"no\">no</td>";
    }

    private static String signed(double v) {
        return "<td>" + (Double.isFinite(v) ? f("%+.4f", v) : "n/a") + "</td>";
    }

    /** An SVG document as an inline element (an XML declaration is not allowed inside HTML). */
    static String inlineSvg(String svg) {
        String s = svg.strip();
        if (s.startsWith("<?xml")) s = s.substring(s.indexOf("?>") + 2).strip();
        return s;
    }

    private static void row(
            StringBuilder h,
            String metric,
            double model,
            double baseline,
            int digits,
            String what,
            boolean better) {
        h.append("<tr><td class=\"l\">")
                .append(esc(metric))
                .append("</td>")
                .append(td(model, digits))
                .append(td(baseline, digits))
                .append("<td class=\"l\">")
                .append(esc(what))
                .append("</td><td class=\"")
                .append(better ? "yes\">yes" : "no\">no")
                .append("</td></tr>");
    }

    private static String td(double v, int digits) {
        return "<td>" + (Double.isFinite(v) ? f("%." + digits + "f", v) : "n/a") + "</td>";
    }

    private static String f(String fmt, Object... args) {
        return String.format(Locale.ROOT, fmt, args);
    }
}
