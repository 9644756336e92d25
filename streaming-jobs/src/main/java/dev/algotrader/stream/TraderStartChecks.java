package dev.algotrader.stream;

import com.typesafe.config.Config;
import dev.algotrader.core.audit.Secrets;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.venue.broker.Broker;
import dev.algotrader.stream.TraderRunner.Options;
import dev.algotrader.stream.TraderRunner.TraderError;
import dev.algotrader.stream.broker.BrokerFactory;
import dev.algotrader.stream.broker.Reconciler;
import dev.algotrader.stream.model.ChampionSource;
import dev.algotrader.stream.model.ModelGate;
import dev.algotrader.stream.model.ModelRef;
import dev.algotrader.stream.model.ModelUnavailablePolicy;
import dev.algotrader.stream.trade.SymbolState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a trader run checks before its first bar: the broker reconciliation, the champion (gated,
 * with the model-unavailable policy) and the run record.
 */
final class TraderStartChecks {

    private static final Logger LOG = LoggerFactory.getLogger(TraderStartChecks.class);

    private TraderStartChecks() {}

    /**
     * Start-up reconciliation against the broker: positions and open orders must match the trader's
     * persisted book, else the run is refused (fail closed) and an event says why.
     */
    public static void reconcile(
            AppConfig cfg,
            BrokerFactory factory,
            TraderSettings s,
            Map<String, SymbolState> states,
            TraderEvents events) {
        if (factory.isPaper()) return; // the paper book is the persisted state itself
        Map<String, Double> expected = new HashMap<>();
        Set<String> known = new HashSet<>();
        states.forEach(
                (sym, st) -> {
                    expected.put(sym, st.kernel().portfolio().quantity());
                    known.addAll(st.openClientOrderIds());
                });
        double tol = cfg.area("trader").getDouble("broker.reconcile-tolerance");
        Reconciler.Result r;
        try (Broker b = factory.create()) {
            r =
                    Reconciler.check(
                            expected,
                            known,
                            new HashSet<>(s.symbols()),
                            b.positions(),
                            b.openOrders(),
                            tol,
                            CrashAdoption.of(cfg, s, states, b));
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("symbols", String.join(",", s.symbols()));
        d.put("differences", String.join("; ", r.differences()));
        if (!r.adopted().isEmpty()) {
            d.put("adopted", String.join(",", r.adopted()));
            LOG.info("adopting {} open order(s) of an interrupted run", r.adopted().size());
        }
        events.append(r.ok() ? "trader.reconcile.ok" : "trader.reconcile.failed", s.runId(), d);
        if (!r.ok()) {
            throw new TraderError(
                    "broker and trader disagree, not trading: "
                            + String.join("; ", r.differences())
                            + " (fix the account or the state in "
                            + cfg.path("algotrader.trader.state-dir")
                            + ")");
        }
    }

    /**
     * The champion at start, gated; when the registry cannot be read, the {@link
     * ModelUnavailablePolicy} decides (a {@code model.unavailable} event either way) and {@code
     * unavailable[0]} gets the line for the console.
     */
    static ModelRef initialChampion(
            AppConfig cfg,
            Options o,
            TraderSettings s,
            TraderEvents events,
            Map<String, SymbolState> states,
            String[] unavailable) {
        ChampionSource src = TraderConnections.championSource(cfg, o);
        Optional<ModelRef> ref;
        try {
            ref = src.champion();
        } catch (Exception e) {
            Config c = cfg.area("trader");
            ModelUnavailablePolicy policy;
            try {
                policy = ModelUnavailablePolicy.parse(c.getString(ModelUnavailablePolicy.KEY));
            } catch (IllegalArgumentException bad) {
                throw new TraderError(bad.getMessage());
            }
            String problem = Secrets.process().redact(String.valueOf(e.getMessage()));
            List<String> lastUsed = new ArrayList<>();
            if (states != null) states.values().forEach(st -> lastUsed.add(st.modelKey()));
            ModelUnavailablePolicy.Decision d = policy.atStart(problem, lastUsed);
            LOG.warn("{}", d.message(), e);
            Map<String, Object> det = new LinkedHashMap<>();
            det.put("registry", c.getString("champion.registry"));
            det.put("model", c.getString("champion.model-name"));
            det.put("alias", c.getString("champion.alias"));
            det.put("error", problem);
            det.put("policy", policy.id());
            det.put("action", d.trade() ? "trade" : "refuse");
            events.append("model.unavailable", s.runId(), det);
            if (!d.trade()) throw new TraderError(d.message());
            unavailable[0] = d.message();
            return null;
        }
        if (ref.isEmpty()) return null;
        String reason;
        try {
            ModelGate.Verdict v =
                    ModelGate.check(src.load(ref.get()), s.featureSet(), s.smokeRows());
            reason = v.accepted() ? null : v.reason();
        } catch (Exception e) {
            reason = "cannot load: " + e;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model", ref.get().name());
        d.put("version", ref.get().version());
        d.put("previous", "none");
        if (reason != null) d.put("reason", reason);
        events.append(reason == null ? "model.accepted" : "model.refused", s.runId(), d);
        return reason == null ? ref.get() : null;
    }

    /** {@link RunRecord} of a local run: strategy and the model it starts with. */
    static RunRecord startRecord(Path stateDir, TraderSettings s, String mode, Object broker) {
        ModelRef m = s.initialChampion();
        String strategy = s.kernel().strategyFactory().get().name();
        // only the model strategy trades on the scores; the baselines merely log them
        String model =
                m == null
                        ? "none"
                        : strategy.equals("model") ? m.label() : "none, scores " + m.label();
        return RunRecord.start(
                stateDir, s.runId(), mode, String.valueOf(broker), strategy, model, Instant.now());
    }
}
