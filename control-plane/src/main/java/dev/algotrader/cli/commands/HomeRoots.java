package dev.algotrader.cli.commands;

import dev.algotrader.core.config.AppConfig;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resolved roots of one run, as {@code status} prints them: the home and every folder or file
 * the configuration places under it (absolute; URIs as configured, credentials removed).
 */
final class HomeRoots {

    private HomeRoots() {}

    /** Name (as in {@code status --json}) to absolute location, in the order they are printed. */
    static Map<String, String> of(AppConfig c) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(
                "home",
                c.home().dir().map(Object::toString).orElse("(not set)")
                        + " (from "
                        + c.home().origin()
                        + ")");
        m.put("data_root", c.dataRoot().toString());
        m.put("events_file", c.eventsFile().toString());
        m.put("mlflow_store", mlflowStore(c));
        m.put("reports", c.reportsDir().toString());
        m.put("trader_inbox", c.path("algotrader.trader.bars").toString());
        m.put("trader_out", c.path("algotrader.trader.out-dir").toString());
        m.put("trader_state", c.path("algotrader.trader.state-dir").toString());
        m.put("trader_control", c.path("algotrader.trader.control-file").toString());
        m.put("trader_cluster", c.path("algotrader.control.flink.deployment-file").toString());
        return m;
    }

    /** The MLflow tracking server (without user info) or the local store's folder. */
    static String mlflowStore(AppConfig c) {
        String uri = c.raw().getString("algotrader.research.mlflow.tracking-uri").trim();
        if (uri.isEmpty()) return c.path("algotrader.research.mlflow.local-dir").toString();
        try {
            URI u = URI.create(uri);
            if (u.getUserInfo() == null) return uri;
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null)
                    .toString();
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return "(tracking URI not shown: it does not parse)";
        }
    }
}
