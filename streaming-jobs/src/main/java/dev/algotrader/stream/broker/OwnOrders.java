package dev.algotrader.stream.broker;

import dev.algotrader.core.trading.ClientOrderIds;
import dev.algotrader.core.venue.broker.Broker;
import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises this trader's own orders at a broker by their client order id alone: an id is ours
 * when it re-derives exactly ({@link ClientOrderIds#of} with this trader's strategy, the symbol,
 * the decision time and kind read from the id, and one of the model versions it may have traded
 * with), or is the n-th replacement {@code <id>-r<n>} ({@link Broker#replacementId}) of such an id.
 * After a crash the trader adopts these orders (a rerun from the last cursor re-derives them and
 * finds them by look-up) instead of refusing them as foreign.
 */
public final class OwnOrders implements Serializable {

    /** {@code ...-<decision time base36>-<kind>-<8 hex>} with an optional {@code -r<n>}. */
    private static final Pattern TAIL =
            Pattern.compile("-([0-9a-z]+)-([a-z]{1,2})-([0-9a-f]{8})(?:-r(\\d+))?$");

    /** What an id says about the order it names. */
    public record Own(long decisionTs, String kind, int replacement) {}

    private final String strategy;
    private final Set<String> modelVersions;

    /**
     * @param strategy the kernel's strategy name (as the kernel passes it to {@link
     *     ClientOrderIds#of})
     * @param modelVersions the model versions the trader may have decided with ({@code ""} for none
     *     is always tried)
     */
    public OwnOrders(String strategy, List<String> modelVersions) {
        this.strategy = strategy;
        this.modelVersions = new LinkedHashSet<>();
        this.modelVersions.add("");
        for (String v : modelVersions) if (v != null) this.modelVersions.add(v);
    }

    /** The decision time and kind of {@code clientOrderId} when this trader derives it. */
    public Optional<Own> derive(String clientOrderId, String symbol) {
        Matcher m = TAIL.matcher(clientOrderId);
        if (!m.find()) return Optional.empty();
        long ts;
        try {
            ts = Long.parseLong(m.group(1), 36);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String kind = m.group(2);
        int n = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
        for (String v : modelVersions) {
            String base = ClientOrderIds.of(strategy, symbol, ts, v, kind);
            if (Broker.replacementId(base, n).equals(clientOrderId)) {
                return Optional.of(new Own(ts, kind, n));
            }
        }
        return Optional.empty();
    }
}
