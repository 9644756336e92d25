package dev.algotrader.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * Start-up spans for profiling a command: with {@code -Dalgotrader.debug.timing=true} (e.g. through
 * {@code ALGOTRADER_JAVA_OPTS}) {@link #mark} prints the milliseconds since the JVM started and
 * since the previous mark, and the process's CPU milliseconds so far, to stderr; without it, it
 * does nothing.
 */
public final class Timing {

    private static final boolean ON = Boolean.getBoolean("algotrader.debug.timing");
    private static final long START =
            ProcessHandle.current()
                    .info()
                    .startInstant()
                    .map(Instant::toEpochMilli)
                    .orElse(System.currentTimeMillis());
    private static long last = START;

    private Timing() {}

    /** True when the spans are printed. */
    public static boolean on() {
        return ON;
    }

    /** Prints {@code what} with the time since the JVM started and since the last mark. */
    public static synchronized void mark(String what) {
        if (!ON) return;
        long now = System.currentTimeMillis();
        PrintStream err = System.err;
        err.printf(
                "[timing] %6d ms (+%5d) cpu %6d ms %s [%s]%n",
                now - START,
                now - last,
                processCpuMillis(),
                what,
                Thread.currentThread().getName());
        last = now;
    }

    /**
     * CPU time of the process so far (all threads: JIT, GC and the work); on a loaded machine the
     * wall times of the marks grow with the load, this does not.
     */
    private static long processCpuMillis() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1_000_000L;
        }
        return -1;
    }

    /** Runs {@code work} and marks its end with its own duration. */
    public static <T> T span(String what, java.util.function.Supplier<T> work) {
        if (!ON) return work.get();
        long t0 = System.nanoTime();
        T out = work.get();
        mark(what + " took " + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms");
        return out;
    }
}
