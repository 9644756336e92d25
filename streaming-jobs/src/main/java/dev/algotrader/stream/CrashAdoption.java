package dev.algotrader.stream;

import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.venue.broker.Broker;
import dev.algotrader.core.venue.broker.BrokerOrder;
import dev.algotrader.schema.BarInterval;
import dev.algotrader.stream.broker.OwnOrders;
import dev.algotrader.stream.broker.Reconciler;
import dev.algotrader.stream.model.ModelRef;
import dev.algotrader.stream.trade.SymbolState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the start-up reconciliation may adopt after a crash ({@link Reconciler.Adoption}): this
 * trader's strategy and the model versions it may have decided with (from the state files and the
 * champion alias), the decision time after which the rerun replays each symbol (its cursor bar's
 * close), and the broker's orders submitted since the last finished run wrote its state.
 */
final class CrashAdoption {

    private static final Logger LOG = LoggerFactory.getLogger(CrashAdoption.class);

    private CrashAdoption() {}

    static Reconciler.Adoption of(
            AppConfig cfg, TraderSettings s, Map<String, SymbolState> states, Broker broker) {
        long interval = BarInterval.parse(s.interval()).millis();
        Map<String, Long> replayAfter = new HashMap<>();
        List<String> versions = new ArrayList<>();
        states.forEach(
                (sym, st) -> {
                    replayAfter.put(sym, st.lastBarTs() + interval);
                    String key = st.modelKey();
                    if (key != null && key.contains("@")) {
                        versions.add(key.substring(key.lastIndexOf('@') + 1));
                    }
                });
        try {
            Optional<ModelRef> champion = TraderRunner.championSource(cfg).champion();
            champion.ifPresent(c -> versions.add(c.version()));
        } catch (Exception e) {
            LOG.warn("cannot read the champion alias for adoption: {}", e.toString());
        }
        String strategy = s.kernel().strategyFactory().get().name();
        Instant after = lastStateWrite(cfg.path("algotrader.trader.state-dir"));
        return new Reconciler.Adoption(
                new OwnOrders(strategy, versions),
                replayAfter,
                broker.recentOrders(after),
                unbookedFills(states, broker));
    }

    /**
     * Per symbol, what the broker filled on the orders the state tracks beyond what the state has
     * booked (the chain of replacements included): the resumed run books it at its first bar.
     */
    static Map<String, Double> unbookedFills(Map<String, SymbolState> states, Broker broker) {
        Map<String, Double> out = new HashMap<>();
        for (SymbolState st : states.values()) {
            for (Map.Entry<String, SymbolState.BrokerTrack> e : st.brokerTracks().entrySet()) {
                SymbolState.BrokerTrack t = e.getValue();
                String atBroker = Broker.replacementId(e.getKey(), t.amendments());
                Optional<BrokerOrder> o = broker.findByClientOrderId(atBroker);
                if (o.isEmpty()) continue;
                double filled = o.get().filledQuantity();
                double left =
                        t.filledOnReplaced() + (Double.isNaN(filled) ? 0 : filled) - t.booked();
                if (Math.abs(left) > 1e-12) {
                    out.merge(st.symbol(), o.get().side().sign() * left, Double::sum);
                }
            }
        }
        return out;
    }

    /** When the last finished run wrote its state (minus a minute of clock skew), or null. */
    private static Instant lastStateWrite(Path stateDir) {
        if (!Files.isDirectory(stateDir)) return null;
        try (var files = Files.list(stateDir)) {
            return files.filter(p -> p.toString().endsWith(".state"))
                    .map(CrashAdoption::modified)
                    .max(Instant::compareTo)
                    .map(t -> t.minus(Duration.ofMinutes(1)))
                    .orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + stateDir, e);
        }
    }

    private static Instant modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
