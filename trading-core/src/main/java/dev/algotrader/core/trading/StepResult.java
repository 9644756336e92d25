package dev.algotrader.core.trading;

import dev.algotrader.schema.Bar;
import dev.algotrader.schema.EquityPoint;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.Position;
import java.util.List;

/**
 * What one {@link TradingKernel#onBar} call did. {@code fills} happened inside {@code bar} for
 * orders decided at earlier closes; {@code orders} were decided at this bar's close (they fill on
 * later bars or go to the live broker); {@code amended} are working stop-loss / take-profit orders
 * whose quantity and prices changed at this close because the position changed size (same client
 * order id, the new terms; a live broker replaces the order); {@code rejections} are the risk
 * rules' reasons; {@code position} and {@code equity} are marked at the bar's close ({@code ts =
 * bar.closeTime()}).
 */
public record StepResult(
        Bar bar,
        Direction decision,
        List<Fill> fills,
        List<Order> orders,
        List<Order> cancelled,
        List<Order> amended,
        List<Trade> closedTrades,
        List<String> rejections,
        Position position,
        EquityPoint equity) {}
