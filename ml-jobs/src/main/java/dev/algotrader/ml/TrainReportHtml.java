package dev.algotrader.ml;

import static dev.algotrader.core.report.Html.esc;

import dev.algotrader.ml.ResearchJobs.Candidate;
import dev.algotrader.ml.ResearchJobs.HoldoutReport;
import dev.algotrader.ml.ResearchJobs.TrainResult;
import dev.algotrader.ml.dl.ForecasterJob;
import dev.algotrader.ml.eval.BinaryMetrics;
import dev.algotrader.ml.eval.TradingView;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML report of a train/auto-train run: one self-contained page (no scripts, no external
 * files) with the verdict first, the walk-forward leaderboard, the holdout metrics next to their
 * baselines, the trading view, the registry outcome, the auto-train board of every model, and the
 * run's SVG plots inline. The same facts as the terminal output ({@link Reports}), for people who
 * would rather look than read.
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
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(title))
                .append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:24px;color:#222;")
                .append("max-width:1100px}table{border-collapse:collapse;margin:8px 0 20px}")
                .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right;")
                .append("font-size:13px}th{background:#f3f3f3}td.l,th.l{text-align:left}")
                .append(".yes{color:#070}.no{color:#b00}.sel{background:#fff8dc}")
                .append(".verdict{padding:10px 14px;border-left:4px solid #888;background:#f6f6f6}")
                .append("svg{background:#fafafa;border:1px solid #ddd;margin:4px}")
                .append("pre{font-size:12px;background:#f6f6f6;padding:8px;overflow-x:auto}")
                .append("</style></head><body>");
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
        if (!r.sequenceModels().isEmpty()) {
            h.append("<h2>Sequence models and ensemble</h2><pre>")
                    .append(esc(ForecasterJob.render(r.sequenceModels())))
                    .append("</pre>");
        }
        if (r.board() != null && r.board().entries().size() > 1) {
            h.append("<h2>Every model and the baselines on the same holdout</h2><pre>")
                    .append(esc(r.board().render()))
                    .append("</pre>");
        }
        if (r.champion() != null) {
            h.append("<p>@champion is now <code>").append(esc(r.champion())).append("</code></p>");
        }
        if (!r.plots().isEmpty()) {
            h.append("<h2>Plots (holdout, selected model)</h2><div>");
            for (Map.Entry<String, String> plot : r.plots().entrySet()) {
                h.append("<figure style=\"display:inline-block;margin:0\">")
                        .append(inlineSvg(plot.getValue()))
                        .append("<figcaption><code>")
                        .append(esc(plot.getKey()))
                        .append("</code></figcaption></figure>");
            }
            h.append("</div>");
        }
        h.append("</body></html>\n");
        return h.toString();
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
