package dev.algotrader.core.report;

import java.util.Locale;

/** What the project's HTML reports (backtest, train, sweep) share. */
public final class Html {

    private Html() {}

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
