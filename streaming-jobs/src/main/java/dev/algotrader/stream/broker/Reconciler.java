package dev.algotrader.stream.broker;

import dev.algotrader.core.venue.broker.BrokerOrder;
import dev.algotrader.core.venue.broker.BrokerPosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Start-up reconciliation: compares what the trader believes it holds (its persisted book) with
 * what the broker reports. Trading starts only when every traded symbol's quantity agrees within
 * the tolerance and every open order of a traded symbol is either known to the book or adopted
 * (fail closed on anything else).
 *
 * <p>Adoption after a crash: a run killed after sending orders never wrote its state, so the book
 * lags the broker. Orders whose client ids this trader derives ({@link OwnOrders}) and whose
 * decision lies after the book's cursor are adopted: the rerun replays those bars, re-derives the
 * same ids, finds the orders by look-up (never sending them again) and books their fills. Their
 * fills so far explain the position difference. Only foreign orders (and own ones the replay would
 * not re-derive) are refused, each named.
 */
public final class Reconciler {

    /** The verdict, one line per disagreement, and the client ids adopted. */
    public record Result(boolean ok, List<String> differences, List<String> adopted) {
        public Result(boolean ok, List<String> differences) {
            this(ok, differences, List.of());
        }
    }

    /**
     * What a crashed run may have left at the broker that this trader can take over.
     *
     * @param own recognises this trader's client order ids
     * @param replayAfter per symbol, the decision time after which the rerun re-derives orders (the
     *     cursor's bar close; absent: from the beginning)
     * @param recentOrders the broker's recent orders in every status (their fills)
     * @param unbookedFills per symbol, the signed quantity the broker filled on orders the book
     *     tracks but has not booked yet (e.g. a market order sent on the last bar of the previous
     *     run, booked at the next bar)
     */
    public record Adoption(
            OwnOrders own,
            Map<String, Long> replayAfter,
            List<BrokerOrder> recentOrders,
            Map<String, Double> unbookedFills) {
        /** Nothing is adopted. */
        public static Adoption none() {
            return new Adoption(null, Map.of(), List.of(), Map.of());
        }

        Optional<OwnOrders.Own> replayed(String clientOrderId, String symbol) {
            if (own == null) return Optional.empty();
            return own.derive(clientOrderId, symbol)
                    .filter(o -> o.decisionTs() > replayAfter.getOrDefault(symbol, Long.MIN_VALUE));
        }
    }

    private Reconciler() {}

    /** As {@link #check(Map, Set, Set, List, List, double, Adoption)}, adopting nothing. */
    public static Result check(
            Map<String, Double> expected,
            Set<String> knownClientOrderIds,
            Set<String> symbols,
            List<BrokerPosition> brokerPositions,
            List<BrokerOrder> brokerOpenOrders,
            double tolerance) {
        return check(
                expected,
                knownClientOrderIds,
                symbols,
                brokerPositions,
                brokerOpenOrders,
                tolerance,
                Adoption.none());
    }

    /**
     * @param expected symbol → quantity from the trader's book (absent = flat)
     * @param knownClientOrderIds client order ids the trader has sent and may still be open
     * @param symbols the symbols this trader trades (others at the broker are ignored)
     * @param tolerance absolute quantity difference accepted (rounding at the broker)
     * @param adoption what a crashed run may have sent (its orders are adopted, its fills expected)
     */
    public static Result check(
            Map<String, Double> expected,
            Set<String> knownClientOrderIds,
            Set<String> symbols,
            List<BrokerPosition> brokerPositions,
            List<BrokerOrder> brokerOpenOrders,
            double tolerance,
            Adoption adoption) {
        List<String> diffs = new ArrayList<>();
        List<String> adopted = new ArrayList<>();
        Set<String> all = new TreeSet<>(symbols);
        Map<String, Double> adoptedFills = new HashMap<>();
        for (BrokerOrder o : adoption.recentOrders()) {
            String sym = traded(all, o.symbol());
            if (sym == null || knownClientOrderIds.contains(o.clientOrderId())) continue;
            if (adoption.replayed(o.clientOrderId(), sym).isEmpty()) continue;
            double f = Double.isNaN(o.filledQuantity()) ? 0 : o.filledQuantity();
            adoptedFills.merge(sym, o.side().sign() * f, Double::sum);
        }
        for (String s : all) {
            double book = expected.getOrDefault(s, 0.0);
            double want =
                    book
                            + adoptedFills.getOrDefault(s, 0.0)
                            + adoption.unbookedFills().getOrDefault(s, 0.0);
            double have = 0;
            for (BrokerPosition p : brokerPositions) {
                if (key(p.symbol()).equals(key(s))) have += p.quantity();
            }
            if (Math.abs(want - have) > tolerance) {
                diffs.add(
                        s
                                + ": trader book holds "
                                + book
                                + (adoptedFills.containsKey(s)
                                        ? " plus "
                                                + adoptedFills.get(s)
                                                + " filled on adopted orders"
                                        : "")
                                + (adoption.unbookedFills().containsKey(s)
                                        ? " plus "
                                                + adoption.unbookedFills().get(s)
                                                + " filled on its open orders, not booked yet"
                                        : "")
                                + ", broker holds "
                                + have
                                + " (tolerance "
                                + tolerance
                                + ")");
            }
        }
        for (BrokerOrder o : brokerOpenOrders) {
            String sym = traded(all, o.symbol());
            if (sym == null || knownClientOrderIds.contains(o.clientOrderId())) continue;
            if (adoption.replayed(o.clientOrderId(), sym).isPresent()) {
                adopted.add(o.clientOrderId());
                continue;
            }
            Optional<OwnOrders.Own> own =
                    adoption.own() == null
                            ? Optional.empty()
                            : adoption.own().derive(o.clientOrderId(), sym);
            if (own.isPresent()) {
                diffs.add(
                        sym
                                + ": open order "
                                + o.clientOrderId()
                                + " ("
                                + o.status()
                                + ") is this trader's, decided at "
                                + Instant.ofEpochMilli(own.get().decisionTs())
                                + ", before the book's cursor, but the book no longer works it:"
                                + " cancel it at the broker");
            } else {
                diffs.add(
                        sym
                                + ": open order "
                                + o.clientOrderId()
                                + " ("
                                + o.status()
                                + ") was not sent by this trader: cancel it at the broker or"
                                + " trade from another account");
            }
        }
        return new Result(diffs.isEmpty(), List.copyOf(diffs), List.copyOf(adopted));
    }

    private static String traded(Set<String> symbols, String brokerSymbol) {
        for (String s : symbols) if (key(s).equals(key(brokerSymbol))) return s;
        return null;
    }

    private static String key(String symbol) {
        return symbol.replace("/", "").toUpperCase(java.util.Locale.ROOT);
    }
}
