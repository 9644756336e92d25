package dev.algotrader.stream.bars;

import dev.algotrader.schema.Bar;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Slows a replay down to {@code speed} times real time by event time (speed 60: one minute of bars
 * per second), measured from the first bar this instance sees. Runs with parallelism 1 right after
 * the parallelism-1 replay source, so the order of the bars is kept.
 *
 * <p>It never blocks the task thread: each bar is released by a timer at its due time through
 * Flink's async I/O operator (ordered), so checkpoint barriers, the stop-with-savepoint of {@code
 * paper-run} and timers are handled at once however long the wait for the next bar is. (A {@code
 * Thread.sleep} in a map function holds the task's mailbox thread, and with it every checkpoint,
 * for as long as it sleeps.) Bars waiting for their time are part of the operator's checkpointed
 * state and are re-timed after a restore.
 */
public final class ReplayPacer extends RichAsyncFunction<Bar, Bar> {

    /** Bars that may wait in the pacer at once (and so in its checkpoint). */
    static final int CAPACITY = 256;

    private final double speed;
    private transient boolean started;
    private transient long firstEventTs;
    private transient long firstWallNanos;
    private transient ScheduledExecutorService timer;

    public ReplayPacer(double speed) {
        if (!(speed > 0)) throw new IllegalArgumentException("replay speed must be > 0");
        this.speed = speed;
    }

    /** {@code bars} paced at {@code speed}; operator named and with uid {@code replay-pacer}. */
    public static SingleOutputStreamOperator<Bar> pace(DataStream<Bar> bars, double speed) {
        return pace(bars, speed, "replay-pacer");
    }

    /** As above with the operator uid {@code uid}. */
    public static SingleOutputStreamOperator<Bar> pace(
            DataStream<Bar> bars, double speed, String uid) {
        // no timeout: a bar waits as long as its event time says (hours at speed 1 over a gap)
        return AsyncDataStream.orderedWait(
                        bars, new ReplayPacer(speed), 0, TimeUnit.MILLISECONDS, CAPACITY)
                .setParallelism(1)
                .name("replay-pacer")
                .uid(uid);
    }

    @Override
    public void open(OpenContext ctx) {
        started = false;
        timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "replay-pacer");
                            t.setDaemon(true);
                            return t;
                        });
    }

    @Override
    public void close() {
        if (timer != null) timer.shutdownNow();
    }

    /** Nanoseconds from the first bar's wall time at which {@code ts} is due. */
    long delayNanos(long ts, long nowNanos) {
        if (!started) {
            started = true;
            firstEventTs = ts;
            firstWallNanos = nowNanos;
            return 0;
        }
        long due = firstWallNanos + (long) ((ts - firstEventTs) * 1e6 / speed);
        return Math.max(0, due - nowNanos);
    }

    @Override
    public void asyncInvoke(Bar bar, ResultFuture<Bar> out) {
        long wait = delayNanos(bar.ts(), System.nanoTime());
        if (wait == 0) {
            out.complete(List.of(bar));
        } else {
            timer.schedule(() -> out.complete(List.of(bar)), wait, TimeUnit.NANOSECONDS);
        }
    }
}
