package dev.algotrader.stream.bars;

import dev.algotrader.schema.Bar;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time of a bar is its close time (when it is known). The watermark is the largest close time
 * seen minus the allowed out-of-orderness minus 1 ms, emitted on every bar rather than
 * periodically, so a bar is released to the kernel as soon as it arrives (bars come once a minute:
 * the per-bar watermark costs nothing and saves up to a watermark interval of latency).
 */
public final class BarWatermarks {

    private BarWatermarks() {}

    /**
     * The trader's watermark strategy for bars out of order by at most {@code maxOutOfOrder}.
     * {@code perBar}: emit on every bar (live: lowest latency); otherwise only at the periodic
     * watermark interval (replays: a watermark per bar would cost more than the bar itself).
     */
    public static WatermarkStrategy<Bar> strategy(Duration maxOutOfOrder, boolean perBar) {
        long ooo = maxOutOfOrder.toMillis();
        return WatermarkStrategy.<Bar>forGenerator(
                        ctx ->
                                new WatermarkGenerator<>() {
                                    private long max = Long.MIN_VALUE + ooo + 1;

                                    @Override
                                    public void onEvent(Bar bar, long ts, WatermarkOutput out) {
                                        if (ts > max) {
                                            max = ts;
                                            if (perBar) {
                                                out.emitWatermark(new Watermark(max - ooo - 1));
                                            }
                                        }
                                    }

                                    @Override
                                    public void onPeriodicEmit(WatermarkOutput out) {
                                        if (!perBar)
                                            out.emitWatermark(new Watermark(max - ooo - 1));
                                    }
                                })
                .withTimestampAssigner((b, prev) -> b.closeTime());
    }
}
