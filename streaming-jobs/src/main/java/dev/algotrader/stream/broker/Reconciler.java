package dev.algotrader.stream.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Start-up reconciliation: compares what the trader believes it holds (its persisted book) with
 * what the broker reports. Trading starts only when every traded symbol's quantity agrees within
 * the tolerance and no open order of a traded symbol is unknown to the trader (fail closed).
 */
public final class Reconciler {

    /** The verdict and, when it fails, one line per disagreement. */
    public record Result(boolean ok, List<String> differences) {}

    private Reconciler() {}

    /**
     * @param expected symbol → quantity from the trader's book (absent = flat)
     * @param knownClientOrderIds client order ids the trader has sent and may still be open
     * @param symbols the symbols this trader trades (others at the broker are ignored)
     * @param tolerance absolute quantity difference accepted (rounding at the broker)
     */
    public static Result check(
            Map<String, Double> expected,
            Set<String> knownClientOrderIds,
            Set<String> symbols,
            List<BrokerPosition> brokerPositions,
            List<BrokerOrder> brokerOpenOrders,
            double tolerance) {
        List<String> diffs = new ArrayList<>();
        Set<String> all = new TreeSet<>(symbols);
        for (String s : all) {
            double want = expected.getOrDefault(s, 0.0);
            double have = 0;
            for (BrokerPosition p : brokerPositions) {
                if (key(p.symbol()).equals(key(s))) have += p.quantity();
            }
            if (Math.abs(want - have) > tolerance) {
                diffs.add(
                        s
                                + ": trader book holds "
                                + want
                                + ", broker holds "
                                + have
                                + " (tolerance "
                                + tolerance
                                + ")");
            }
        }
        for (BrokerOrder o : brokerOpenOrders) {
            boolean traded = all.stream().anyMatch(s -> key(s).equals(key(o.symbol())));
            if (traded && !knownClientOrderIds.contains(o.clientOrderId())) {
                diffs.add(
                        o.symbol()
                                + ": open order "
                                + o.clientOrderId()
                                + " ("
                                + o.status()
                                + ") was not sent by this trader");
            }
        }
        return new Result(diffs.isEmpty(), List.copyOf(diffs));
    }

    private static String key(String symbol) {
        return symbol.replace("/", "").toUpperCase(java.util.Locale.ROOT);
    }
}
