package dev.algotrader.core.report;

import java.util.Locale;

/** What the project's HTML reports (backtest, train, sweep) share. */
public final class Html {

    /** The look every report shares: page, tables, header cells. */
    private static final String BASE_CSS =
            "body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}"
                    + "table{border-collapse:collapse;margin:8px 0 20px}"
                    + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right;font-size:13px}"
                    + "th{background:#f3f3f3}";

    private Html() {}

    /**
     * The start of a report page up to the opening {@code <body>}: the title (already HTML text)
     * and the shared style followed by the report's own {@code css}.
     */
    public static String pageStart(String titleHtml, String css) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                + titleHtml
                + "</title><style>"
                + BASE_CSS
                + css
                + "</style></head><body>";
    }

    /** {@code s} as HTML text or attribute value; null is empty. */
    public static String esc(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    /** A fraction as a percentage with two decimals; "n/a" when not finite. */
    static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f%%", v * 100) : "n/a";
    }

    /** A number with thousands separators and {@code digits} decimals; "n/a" when not finite. */
    static String fmt(double v, int digits) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%,." + digits + "f", v) : "n/a";
    }
}
