package dev.algotrader.core.trading;

import dev.algotrader.core.audit.AuditEvent;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.EquityPoint;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.Position;
import dev.algotrader.schema.Signal;
import java.util.List;

/**
 * Everything one bar did to one symbol's trader, as one value: the model's signal (null when no
 * model scored the bar), the kernel's step (orders, amendments, cancellations, fills, round trips,
 * rejections, position and equity at the close) and the audit events it raised.
 */
public record TradeOutcome(Signal signal, StepResult step, List<AuditEvent> events) {

    public TradeOutcome {
        events = List.copyOf(events);
    }

    public Bar bar() {
        return step.bar();
    }

    public List<Order> orders() {
        return step.orders();
    }

    public List<Order> amended() {
        return step.amended();
    }

    public List<Order> cancelled() {
        return step.cancelled();
    }

    public List<Fill> fills() {
        return step.fills();
    }

    public Position position() {
        return step.position();
    }

    public EquityPoint equity() {
        return step.equity();
    }
}
