package dev.algotrader.stream.model;

import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.core.scoring.TreeEnsembleScorer;

/**
 * Reads a portable scorer artifact (the Researcher's {@code model/portable.json}, format {@code
 * algotrader.tree-ensemble/1}) through {@link TreeEnsembleScorer#fromJson(String, String)} in
 * trading-core.
 */
final class PortableScorers {

    private PortableScorers() {}

    static Scorer read(String json, String version) throws Exception {
        return TreeEnsembleScorer.fromJson(json, version);
    }
}
