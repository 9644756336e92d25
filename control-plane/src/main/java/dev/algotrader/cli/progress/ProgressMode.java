package dev.algotrader.cli.progress;

import java.util.Locale;
import java.util.Map;

/** How progress is shown: a bar redrawn in place, periodic plain lines, or nothing. */
public enum ProgressMode {
    /** A bar on stderr redrawn in place (a terminal). */
    BAR,
    /** One line per step and a status line every few seconds (logs, CI, Airflow). */
    LINES,
    /** Nothing but the result lines. */
    OFF;

    /**
     * {@code ALGOTRADER_PROGRESS} (bar|lines|off) if set; else, when the CLI writes to the
     * process's own stdout/stderr ({@code ownStreams}), the launcher's {@code
     * -Dalgotrader.stderr-tty} (true when stderr is a terminal) or, without it, bar when the JVM
     * has a console and lines otherwise; else (the CLI run in-process with other streams, as tests
     * do) off.
     */
    public static ProgressMode detect(
            Map<String, String> env, boolean ownStreams, boolean hasConsole) {
        String forced = env.get("ALGOTRADER_PROGRESS");
        if (forced != null && !forced.isBlank()) return parse(forced);
        if (!ownStreams) return OFF;
        String tty = System.getProperty("algotrader.stderr-tty");
        if (tty != null) return Boolean.parseBoolean(tty) ? BAR : LINES;
        return hasConsole ? BAR : LINES;
    }

    static ProgressMode parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "bar" -> BAR;
            case "lines" -> LINES;
            case "off", "none", "false" -> OFF;
            default ->
                    throw new IllegalArgumentException(
                            "ALGOTRADER_PROGRESS must be bar, lines or off, not '" + s + "'");
        };
    }
}
