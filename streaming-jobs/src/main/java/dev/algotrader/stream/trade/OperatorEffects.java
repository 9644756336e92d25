package dev.algotrader.stream.trade;

import dev.algotrader.core.venue.broker.BrokerVenue;
import dev.algotrader.schema.Fill;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;

/**
 * Where one bar's venue results go in the trading operator: fills to the fills output, audit events
 * to the {@link TradingFunction#AUDIT} side output (the event log), broker rejections to the
 * metric.
 */
final class OperatorEffects implements BrokerVenue.Effects {

    private final KeyedBroadcastProcessFunction<?, ?, ?, ?>.ReadOnlyContext ctx;
    private final String runId;
    private final Counter rejected;

    OperatorEffects(
            KeyedBroadcastProcessFunction<?, ?, ?, ?>.ReadOnlyContext ctx,
            String runId,
            Counter rejected) {
        this.ctx = ctx;
        this.runId = runId;
        this.rejected = rejected;
    }

    @Override
    public void fill(Fill f) {
        ctx.output(TradingFunction.FILLS, f);
    }

    @Override
    public void audit(String event, Map<String, Object> details) {
        ctx.output(TradingFunction.AUDIT, new AuditEvent(event, runId, details));
    }

    @Override
    public void rejected() {
        rejected.inc();
    }
}
