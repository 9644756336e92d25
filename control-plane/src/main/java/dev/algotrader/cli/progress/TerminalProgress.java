package dev.algotrader.cli.progress;

import dev.algotrader.core.progress.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Renders one job's progress. {@link ProgressMode#BAR}: {@code ingest | step 2 merge silver/bars
 * [=====> ] 3/8 symbols | 9,399 rows | 0:12 | ETA 0:20} on stderr (the terminal), redrawn in place
 * and cleared before a result line or the end. {@link ProgressMode#LINES}: on stdout, in order with
 * the result lines, a line when a step starts and a status line every 15 s while it runs (so a log
 * or an Airflow task shows where a job is; stderr keeps only errors). Result lines ({@link #line})
 * go to stdout in every mode, at once.
 */
public final class TerminalProgress implements ProgressListener, AutoCloseable {

    /** Status lines of {@link ProgressMode#LINES}: at most one per this many seconds. */
    public static final long DEFAULT_LINE_INTERVAL_SECONDS = 15;

    private static final long BAR_REDRAW_MILLIS = 200;

    private final String job;
    private final PrintStream out;
    private final PrintStream err;
    private final ProgressMode mode;
    private final LongSupplier nanos;
    private final int width;
    private final long lineIntervalNanos;
    private final long jobStart;
    private ScheduledExecutorService ticker;

    private int stepIndex;
    private String stepName;
    private long stepStart;
    private long total;
    private String unit = "";
    private long done;
    private long rows = -1;
    private long detailDone;
    private long detailTotal;
    private String detailWhat = "";
    private long detailStart;
    private long lastStatusLine;
    private boolean barShown;
    private boolean finished;

    /**
     * @param job the job's name, shown in front of every progress line
     * @param nanos monotonic clock (tests pass a fake one)
     * @param width terminal columns for the bar
     * @param lineIntervalNanos {@link ProgressMode#LINES}: time between status lines
     */
    public TerminalProgress(
            String job,
            PrintStream out,
            PrintStream err,
            ProgressMode mode,
            LongSupplier nanos,
            int width,
            long lineIntervalNanos) {
        this.job = job;
        this.out = out;
        this.err = err;
        this.mode = mode;
        this.nanos = nanos;
        this.width = Math.max(40, width);
        this.lineIntervalNanos = lineIntervalNanos;
        this.jobStart = nanos.getAsLong();
    }

    /** A renderer on the real clock that redraws (bar) or reports (lines) from a daemon thread. */
    public static TerminalProgress start(
            String job, PrintStream out, PrintStream err, ProgressMode mode, int width) {
        TerminalProgress p =
                new TerminalProgress(
                        job,
                        out,
                        err,
                        mode,
                        System::nanoTime,
                        width,
                        TimeUnit.SECONDS.toNanos(DEFAULT_LINE_INTERVAL_SECONDS));
        if (mode != ProgressMode.OFF) {
            p.ticker =
                    Executors.newSingleThreadScheduledExecutor(
                            r -> {
                                Thread t = new Thread(r, "progress-" + job);
                                t.setDaemon(true);
                                return t;
                            });
            long every =
                    mode == ProgressMode.BAR
                            ? BAR_REDRAW_MILLIS
                            : Math.min(1000, TimeUnit.NANOSECONDS.toMillis(p.lineIntervalNanos));
            p.ticker.scheduleAtFixedRate(p::tick, every, every, TimeUnit.MILLISECONDS);
        }
        return p;
    }

    /** Terminal width from {@code COLUMNS}, else 100. */
    public static int columns(java.util.Map<String, String> env) {
        try {
            return Integer.parseInt(env.getOrDefault("COLUMNS", "100").trim());
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    @Override
    public synchronized void step(String name, long total, String unit) {
        if (finished) return;
        stepIndex++;
        stepName = name;
        this.total = Math.max(0, total);
        this.unit = unit == null ? "" : unit;
        done = 0;
        rows = -1;
        detailDone = 0;
        detailTotal = 0;
        detailWhat = "";
        stepStart = nanos.getAsLong();
        lastStatusLine = stepStart;
        switch (mode) {
            case BAR -> drawBar();
            case LINES ->
                    printStatus(
                            "["
                                    + job
                                    + "] step "
                                    + stepIndex
                                    + ": "
                                    + name
                                    + (this.total > 0
                                            ? " (" + this.total + " " + this.unit + ")"
                                            : "")
                                    + " at "
                                    + clock(stepStart - jobStart));
            case OFF -> {}
        }
    }

    @Override
    public synchronized void advance(long done) {
        this.done = Math.max(0, done);
    }

    @Override
    public synchronized void rows(long rows) {
        this.rows = rows;
    }

    @Override
    public synchronized void detail(long done, long total, String what) {
        // a new Spark job (or epoch run): its own ETA starts now
        if (done == 0 || total != detailTotal) detailStart = nanos.getAsLong();
        detailDone = done;
        detailTotal = total;
        detailWhat = what == null ? "" : what;
    }

    @Override
    public synchronized void line(String text) {
        clearBar();
        out.println(text);
        out.flush();
        if (mode == ProgressMode.BAR && stepName != null && !finished) drawBar();
    }

    /** Redraws the bar, or prints a status line when one is due. */
    public synchronized void tick() {
        if (finished || stepName == null) return;
        if (mode == ProgressMode.BAR) {
            drawBar();
        } else if (mode == ProgressMode.LINES) {
            long now = nanos.getAsLong();
            if (now - lastStatusLine >= lineIntervalNanos) {
                lastStatusLine = now;
                printStatus("[" + job + "] " + status(now));
            }
        }
    }

    @Override
    public synchronized void finish() {
        if (finished) return;
        finished = true;
        clearBar();
        if (mode == ProgressMode.LINES && stepIndex > 0) {
            printStatus("[" + job + "] finished in " + clock(nanos.getAsLong() - jobStart));
        }
        if (ticker != null) ticker.shutdownNow();
    }

    @Override
    public void close() {
        finish();
    }

    /** The bar line for time {@code now} (without the leading carriage return). */
    synchronized String barLine(long now) {
        String fractionText = counts();
        double f = fraction();
        String eta = eta(now, f);
        String tail =
                (fractionText.isEmpty() ? "" : " " + fractionText)
                        + (rows >= 0 ? " | " + String.format(Locale.ROOT, "%,d rows", rows) : "")
                        + " | "
                        + clock(now - stepStart)
                        + (eta.isEmpty() ? "" : " | ETA " + eta);
        String head = job + " | step " + stepIndex + " " + stepName + " ";
        int barWidth = Math.max(10, Math.min(30, width - head.length() - tail.length() - 3));
        String bar = "[" + bar(f, barWidth, now) + "]";
        String line = head + bar + tail;
        if (line.length() >= width) {
            // shorten the step name first, keep the numbers
            int cut = line.length() - width + 2;
            String name =
                    stepName.length() > cut + 3
                            ? stepName.substring(0, stepName.length() - cut - 1) + "~"
                            : "";
            line = job + " | step " + stepIndex + " " + name + " " + bar + tail;
            if (line.length() >= width) line = line.substring(0, width - 1);
        }
        return line;
    }

    /** The status line of {@link ProgressMode#LINES} for time {@code now}. */
    synchronized String status(long now) {
        double f = fraction();
        String counts = counts();
        String eta = eta(now, f);
        StringBuilder s = new StringBuilder(stepName);
        if (!counts.isEmpty()) s.append(": ").append(counts);
        if (f >= 0) s.append(String.format(Locale.ROOT, " (%.0f%%)", 100 * f));
        if (rows >= 0) s.append(String.format(Locale.ROOT, ", %,d rows", rows));
        s.append(", ").append(clock(now - stepStart)).append(" elapsed");
        if (!eta.isEmpty()) s.append(", ETA ").append(eta);
        return s.toString();
    }

    private String counts() {
        if (total > 0) {
            String c = done + "/" + total + (unit.isEmpty() ? "" : " " + unit);
            if (detailTotal > 0)
                c += " (" + detailDone + "/" + detailTotal + " " + detailWhat + ")";
            return c;
        }
        if (detailTotal > 0) return detailDone + "/" + detailTotal + " " + detailWhat;
        return "";
    }

    /** Fraction of the step done, -1 when unknown. */
    private double fraction() {
        // counted units alone: a unit (a candidate, a fold) spans many Spark jobs, so the running
        // job's tasks are shown but say nothing about how much of the unit is left
        if (total > 0) return (double) Math.min(done, total) / total;
        if (detailTotal > 0) return (double) Math.min(detailDone, detailTotal) / detailTotal;
        return -1;
    }

    private String eta(long now, double f) {
        // unknown, or done (a step of several Spark jobs goes on after one job's last task)
        if (f <= 0 || f >= 1) return "";
        // counted units: since the step started; only the running Spark job: since it started
        long elapsed = now - (total > 0 ? stepStart : Math.max(stepStart, detailStart));
        return clock((long) (elapsed * (1 - f) / f));
    }

    private static String bar(double f, int w, long now) {
        StringBuilder b = new StringBuilder(w);
        if (f < 0) {
            // unknown size: a marker bouncing once every two seconds
            int pos = (int) ((now / 100_000_000L) % (2L * (w - 3)));
            if (pos > w - 3) pos = 2 * (w - 3) - pos;
            for (int i = 0; i < w; i++) b.append(i >= pos && i < pos + 3 ? '=' : ' ');
            return b.toString();
        }
        int full = (int) Math.floor(f * w);
        for (int i = 0; i < w; i++) b.append(i < full ? '=' : i == full ? '>' : ' ');
        return b.toString();
    }

    /** m:ss or h:mm:ss. */
    static String clock(long nanos) {
        long s = Math.max(0, TimeUnit.NANOSECONDS.toSeconds(nanos));
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private void drawBar() {
        err.print("\r" + barLine(nanos.getAsLong()) + "\u001b[K");
        err.flush();
        barShown = true;
    }

    private void clearBar() {
        if (!barShown) return;
        err.print("\r\u001b[K");
        err.flush();
        barShown = false;
    }

    /** A status line of {@link ProgressMode#LINES}: stdout, in order with the result lines. */
    private void printStatus(String s) {
        out.println(s);
        out.flush();
    }
}
