package dev.algotrader.core.progress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where jobs report their progress: {@code Progress.step("merge silver/bars", symbols, "symbols")},
 * {@code Progress.advance(i)}, {@code Progress.line(...)}. The process-wide listener is installed
 * by whoever owns the output (the CLI, per command); the default logs each step and line at INFO. A
 * listener that throws is logged and never fails the job.
 */
public final class Progress {

    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

    /** Logs steps and lines; counters are not logged (they would flood the log). */
    public static final ProgressListener LOGGING =
            new ProgressListener() {
                @Override
                public void step(String name, long total, String unit) {
                    LOG.info("step: {}{}", name, total > 0 ? " (" + total + " " + unit + ")" : "");
                }

                @Override
                public void advance(long done) {}

                @Override
                public void rows(long rows) {}

                @Override
                public void detail(long done, long total, String what) {}

                @Override
                public void line(String text) {
                    LOG.info("{}", text);
                }

                @Override
                public void finish() {}
            };

    private static volatile ProgressListener current = LOGGING;

    private Progress() {}

    /** Handle of an installed listener; closing it restores the previous one. */
    public interface Installation extends AutoCloseable {
        @Override
        void close();
    }

    /** Installs {@code listener} until the returned handle is closed. */
    public static synchronized Installation install(ProgressListener listener) {
        ProgressListener previous = current;
        current = listener;
        return () -> {
            synchronized (Progress.class) {
                if (current == listener) current = previous;
            }
        };
    }

    /** The listener jobs report to now. */
    public static ProgressListener current() {
        return current;
    }

    /** See {@link ProgressListener#step}. */
    public static void step(String name, long total, String unit) {
        try {
            current.step(name, total, unit);
        } catch (RuntimeException e) {
            LOG.warn("progress listener failed", e);
        }
    }

    /** A step of unknown size. */
    public static void step(String name) {
        step(name, 0, "");
    }

    /** See {@link ProgressListener#advance}. */
    public static void advance(long done) {
        try {
            current.advance(done);
        } catch (RuntimeException e) {
            LOG.warn("progress listener failed", e);
        }
    }

    /** See {@link ProgressListener#rows}. */
    public static void rows(long rows) {
        try {
            current.rows(rows);
        } catch (RuntimeException e) {
            LOG.warn("progress listener failed", e);
        }
    }

    /** See {@link ProgressListener#detail}. */
    public static void detail(long done, long total, String what) {
        try {
            current.detail(done, total, what);
        } catch (RuntimeException e) {
            LOG.warn("progress listener failed", e);
        }
    }

    /** See {@link ProgressListener#line}. */
    public static void line(String text) {
        try {
            current.line(text);
        } catch (RuntimeException e) {
            LOG.warn("progress listener failed", e);
        }
    }
}
