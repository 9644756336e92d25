package dev.algotrader.core.report;

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
}
