package dev.algotrader.ml.dl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keeps DL4J's SameDiff from writing to the user's terminal while a sequence model trains: the
 * attention layer's first backward pass prints one {@code "Added differentiated op <name>"} line
 * per op with {@code System.out.println} (nd4j-api's {@code SameDiff.createGradFunction}; there is
 * no logger or switch to turn it off), which interleaves with the CLI's progress and leaderboard.
 *
 * <p>While at least one fit runs ({@link #enter()} … {@link #exit()}, counted, since Spark tasks
 * may fit concurrently in one JVM) {@code System.out} is a filter over the original stream that
 * drops exactly those lines and passes every other byte through unchanged. Log appenders hold their
 * own stream, so they are not affected.
 */
public final class SameDiffNoise {

    static final String PREFIX = "Added differentiated op ";

    private static int depth;
    private static PrintStream original;

    private SameDiffNoise() {}

    /** Starts filtering {@code System.out} (nested and concurrent calls are counted). */
    public static synchronized void enter() {
        if (depth++ == 0) {
            original = System.out;
            // the encoding the JVM gave System.out (Java 17 has no PrintStream.charset())
            Charset cs =
                    Charset.forName(
                            System.getProperty(
                                    "sun.stdout.encoding", Charset.defaultCharset().name()));
            System.setOut(new PrintStream(new LineFilter(original), true, cs));
        }
    }

    /** Stops filtering once the last {@link #enter()} is matched; restores the original stream. */
    public static synchronized void exit() {
        if (depth == 0) throw new IllegalStateException("exit() without enter()");
        if (--depth == 0) {
            System.out.flush();
            System.setOut(original);
            original = null;
        }
    }

    /** Forwards whole lines, byte for byte, except SameDiff's "Added differentiated op" lines. */
    static final class LineFilter extends OutputStream {
        private static final byte[] NOISE = PREFIX.getBytes(StandardCharsets.US_ASCII);
        private final PrintStream target;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineFilter(PrintStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') emit(true);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) write(b[i]);
        }

        /**
         * Passes a partial line on (a prompt, a progress bar) unless it may still become a noise
         * line.
         */
        @Override
        public synchronized void flush() throws IOException {
            if (line.size() > 0 && !mayBeNoise()) emit(false);
            target.flush();
        }

        private boolean mayBeNoise() {
            byte[] b = line.toByteArray();
            int n = Math.min(b.length, NOISE.length);
            return Arrays.equals(b, 0, n, NOISE, 0, n);
        }

        private void emit(boolean complete) {
            boolean noise = complete && line.size() >= NOISE.length && mayBeNoise();
            if (!noise) target.write(line.toByteArray(), 0, line.size());
            line.reset();
        }
    }
}
