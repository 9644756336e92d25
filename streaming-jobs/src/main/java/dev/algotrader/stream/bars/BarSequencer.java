package dev.algotrader.stream.bars;

import dev.algotrader.schema.Bar;
import dev.algotrader.schema.BarInterval;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by symbol: buffers bars until the watermark reaches their close time and releases them in
 * time order, exactly once per (symbol, ts). Late bars (behind the watermark or at/before the last
 * released bar), duplicates and invalid bars go to {@link #REJECTED} with a reason, are counted
 * (metrics {@code barsLate}, {@code barsDuplicate}, {@code barsInvalid}) and never reach the
 * kernel. State: the buffered bars (cleared as they are released) and the last released time.
 */
public final class BarSequencer extends KeyedProcessFunction<String, Bar, SequencedBar> {

    /** Side output of bars that were not processed, with the reason. */
    public static final OutputTag<BarRejection> REJECTED =
            new OutputTag<>("rejected-bars", TypeInformation.of(BarRejection.class));

    private final long intervalMillis;
    private final Map<String, Long> resumeAfter;

    private transient ValueState<Long> lastReleased;
    private transient MapState<Long, Bar> pending;
    private transient Counter late;
    private transient Counter duplicate;
    private transient Counter invalid;

    /**
     * @param interval bar interval, for the gap flag
     * @param resumeAfter per symbol, the last bar time processed by a previous run (paper-once):
     *     bars at or before it are rejected as late and the first new bar's gap flag is exact
     */
    public BarSequencer(String interval, Map<String, Long> resumeAfter) {
        this.intervalMillis = BarInterval.parse(interval).millis();
        this.resumeAfter = Map.copyOf(resumeAfter);
    }

    @Override
    public void open(OpenContext ctx) {
        lastReleased =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("last-released", Types.LONG));
        pending =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "pending", Types.LONG, TypeInformation.of(Bar.class)));
        var metrics = getRuntimeContext().getMetricGroup();
        late = metrics.counter("barsLate");
        duplicate = metrics.counter("barsDuplicate");
        invalid = metrics.counter("barsInvalid");
    }

    @Override
    public void processElement(Bar bar, Context ctx, Collector<SequencedBar> out) throws Exception {
        String bad = bar.invalidReason();
        if (bad == null && BarInterval.parse(bar.interval()).millis() != intervalMillis) {
            bad = "interval " + bar.interval() + " is not the trader's interval";
        }
        if (bad != null) {
            invalid.inc();
            ctx.output(REJECTED, new BarRejection(bar, "invalid: " + bad));
            return;
        }
        long last = last(bar.symbol());
        if (bar.ts() == last || pending.contains(bar.ts())) {
            duplicate.inc();
            ctx.output(REJECTED, new BarRejection(bar, "duplicate"));
            return;
        }
        long wm = ctx.timerService().currentWatermark();
        if (bar.ts() < last || bar.closeTime() <= wm) {
            late.inc();
            ctx.output(REJECTED, new BarRejection(bar, "late"));
            return;
        }
        pending.put(bar.ts(), bar);
        if (releaseTime(bar) <= wm) {
            // another symbol's bar of the same time already moved the watermark: release now
            release(wm, bar.symbol(), out);
        } else {
            ctx.timerService().registerEventTimeTimer(releaseTime(bar));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SequencedBar> out)
            throws Exception {
        // timers fire in time order, one per bar: only this timer's bar can be due (earlier ones
        // were released by their own timers or by an immediate release)
        Bar due = pending.get(timestamp + 1 - intervalMillis);
        if (due == null) return;
        pending.remove(due.ts());
        emit(due, ctx.getCurrentKey(), out);
    }

    /** Releases every buffered bar of {@code key} due at {@code watermark}, in time order. */
    private void release(long watermark, String key, Collector<SequencedBar> out) throws Exception {
        List<Bar> ready = new ArrayList<>();
        for (Map.Entry<Long, Bar> e : pending.entries()) {
            if (releaseTime(e.getValue()) <= watermark) ready.add(e.getValue());
        }
        ready.sort((a, b) -> Long.compare(a.ts(), b.ts()));
        for (Bar b : ready) {
            pending.remove(b.ts());
            emit(b, key, out);
        }
    }

    private void emit(Bar b, String key, Collector<SequencedBar> out) throws Exception {
        long last = last(key);
        boolean gap = last != Long.MIN_VALUE && b.ts() - last > intervalMillis;
        out.collect(new SequencedBar(b, gap));
        lastReleased.update(b.ts());
    }

    /**
     * A bar is released once the watermark reaches its close time minus 1 ms: with in-order input
     * and {@link BarWatermarks} that is as soon as the bar itself arrived, so no bar waits for the
     * next one.
     */
    static long releaseTime(Bar bar) {
        return bar.closeTime() - 1;
    }

    private long last(String symbol) throws Exception {
        Long l = lastReleased.value();
        if (l != null) return l;
        return resumeAfter.getOrDefault(symbol, Long.MIN_VALUE);
    }
}
