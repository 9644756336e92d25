package dev.algotrader.stream.model;

import dev.algotrader.core.scoring.Scorer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Reads a portable scorer artifact (the Researcher's {@code model/portable.json}, format {@code
 * algotrader.tree-ensemble/1}) through {@code TreeEnsembleScorer.fromJson(json, version)} in
 * trading-core.
 */
final class PortableScorers {

    private static final String TREE_SCORER = "dev.algotrader.core.scoring.TreeEnsembleScorer";

    private PortableScorers() {}

    static Scorer read(String json, String version) throws Exception {
        // looked up reflectively so the trader builds before the Researcher's scorer is merged
        Method m;
        try {
            m = Class.forName(TREE_SCORER).getMethod("fromJson", String.class, String.class);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    "this build has no portable tree scorer (" + TREE_SCORER + ")");
        }
        try {
            return (Scorer) m.invoke(null, json, version);
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof Exception ex) throw ex;
            throw e;
        }
    }
}
