package dev.algotrader.core.trading;

import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Side;

/**
 * The default fill model. Assumptions, all conservative where the bar hides the path:
 *
 * <ul>
 *   <li>An order reaches the market at {@code eligibleAt} = decision time (close of bar t) +
 *       latency. A bar that ends at or before {@code eligibleAt} cannot fill it. If the order is
 *       live at the bar's open, the reference price is the open; if it arrives part-way through the
 *       bar, the reference is the worse of open and close for its side (we do not know the price at
 *       arrival).
 *   <li>MARKET: fills at the reference. STOP: triggers when the bar trades through the stop (high
 *       &ge; stop for a buy, low &le; stop for a sell); fills at the stop, or at the open if the
 *       bar opened beyond it (gap). LIMIT: a limit the open already satisfies fills at the open as
 *       a taker; otherwise it fills at the limit price as a maker when the bar's range reaches it.
 *   <li>Taker fills pay slippage = {@code slippageBps + impactBps × participation} basis points
 *       against the order, where participation = fill quantity / bar volume. Maker fills pay no
 *       slippage. Every fill price is clamped into the bar's [low, high]: costs can make a fill
 *       worse, never better, than the bar allowed, and never outside it.
 *   <li>At most {@code participationCap × bar volume} fills per bar; the rest stays working
 *       (partial fill).
 *   <li>A bar without volume ({@code volume = 0}: CoinGecko OHLC candles, FX-style series; silver
 *       marks them {@code volume_known = false}) says nothing about liquidity: the order fills at
 *       the modelled price with no participation cap and no impact (slippage only), capped at
 *       {@code volumeFreeNotionalCap} of notional per bar when that is &gt; 0 ({@code
 *       fill.volume-free-notional-cap}; 0 = no cap). Such fills are {@link #volumeFree(Bar)
 *       volume-free}.
 * </ul>
 */
public record BarRangeFillModel(
        double slippageBps, double impactBps, double participationCap, double volumeFreeNotionalCap)
        implements FillModel {

    /** The model with no notional cap on volume-free bars. */
    public BarRangeFillModel(double slippageBps, double impactBps, double participationCap) {
        this(slippageBps, impactBps, participationCap, 0);
    }

    /** True for a bar with no volume behind it: a fill on it has no participation cap. */
    public static boolean volumeFree(Bar bar) {
        return !(bar.volume() > 0);
    }

    public BarRangeFillModel {
        if (!(volumeFreeNotionalCap >= 0)) {
            throw new IllegalArgumentException(
                    "volume-free notional cap must be >= 0 (0 = none), got "
                            + volumeFreeNotionalCap);
        }
        if (!(slippageBps >= 0) || !(impactBps >= 0)) {
            throw new IllegalArgumentException("slippage and impact must be >= 0 basis points");
        }
        if (!(participationCap > 0 && participationCap <= 1)) {
            throw new IllegalArgumentException(
                    "participation cap must be in (0, 1], got " + participationCap);
        }
    }

    @Override
    public Execution fill(WorkingOrder wo, Bar bar, long barEnd, double maxQuantity) {
        if (!(maxQuantity > 0)) return null;
        if (wo.eligibleAt() >= barEnd) return null;
        boolean atOpen = wo.eligibleAt() <= bar.ts();
        Side side = wo.order().side();
        boolean buy = side == Side.BUY;
        double reference =
                atOpen
                        ? bar.open()
                        : buy
                                ? Math.max(bar.open(), bar.close())
                                : Math.min(bar.open(), bar.close());
        double base;
        boolean maker;
        switch (wo.order().type()) {
            case MARKET -> {
                base = reference;
                maker = false;
            }
            case STOP -> {
                double stop = wo.order().stopPrice();
                boolean gapped = atOpen && (buy ? bar.open() >= stop : bar.open() <= stop);
                if (gapped) {
                    base = bar.open();
                } else if (buy ? bar.high() >= stop : bar.low() <= stop) {
                    // arriving mid-bar we cannot tell whether the move came before us: assume
                    // the worse of the stop and the reference
                    base =
                            atOpen
                                    ? stop
                                    : buy ? Math.max(stop, reference) : Math.min(stop, reference);
                } else {
                    return null;
                }
                maker = false;
            }
            case LIMIT -> {
                double limit = wo.order().limitPrice();
                boolean marketable = atOpen && (buy ? bar.open() <= limit : bar.open() >= limit);
                if (marketable) {
                    base = bar.open();
                    maker = false;
                } else if (buy ? bar.low() <= limit : bar.high() >= limit) {
                    base = limit;
                    maker = true;
                } else {
                    return null;
                }
            }
            default -> throw new IllegalStateException("unknown order type " + wo.order().type());
        }
        boolean volumeFree = volumeFree(bar);
        double qty =
                volumeFree
                        ? volumeFreeNotionalCap > 0
                                ? Math.min(maxQuantity, volumeFreeNotionalCap / base)
                                : maxQuantity
                        : Math.min(maxQuantity, participationCap * bar.volume());
        if (!(qty > 0)) return null;
        double price = base;
        if (!maker) {
            double participation = volumeFree ? 0 : qty / bar.volume();
            double bps = slippageBps + impactBps * participation;
            price = base * (1 + side.sign() * bps / 10_000.0);
        }
        price = Math.min(bar.high(), Math.max(bar.low(), price));
        long ts = Math.max(bar.ts(), wo.eligibleAt());
        return new Execution(qty, price, base, maker, ts);
    }
}
