package dev.algotrader.ml.model;

import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * A model family and its hyperparameters (MLlib param names: numTrees, maxDepth, maxIter, stepSize,
 * subsamplingRate, minInstancesPerNode, maxBins, featureSubsetStrategy).
 */
public record ModelSpec(ModelKind kind, Map<String, String> params) {

    public ModelSpec {
        params = Map.copyOf(new TreeMap<>(params));
    }

    /** The defaults of {@code train}. */
    public static ModelSpec defaults(ModelKind kind) {
        return switch (kind) {
            case RF ->
                    new ModelSpec(
                            kind,
                            Map.of(
                                    "numTrees", "50",
                                    "maxDepth", "6",
                                    "minInstancesPerNode", "20",
                                    "subsamplingRate", "1.0",
                                    "featureSubsetStrategy", "sqrt",
                                    "maxBins", "32"));
            case GBT ->
                    new ModelSpec(
                            kind,
                            Map.of(
                                    "maxIter", "40",
                                    "maxDepth", "3",
                                    "stepSize", "0.1",
                                    "subsamplingRate", "0.8",
                                    "minInstancesPerNode", "20",
                                    "maxBins", "32"));
        };
    }

    /** These params over the defaults; unknown names are an error. */
    public ModelSpec with(Map<String, String> overrides) {
        Map<String, String> p = new TreeMap<>(params);
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (!defaults(kind).params().containsKey(e.getKey())) {
                throw new IllegalArgumentException(
                        "unknown "
                                + kind.id()
                                + " parameter '"
                                + e.getKey()
                                + "': known are "
                                + defaults(kind).params().keySet());
            }
            p.put(e.getKey(), e.getValue());
        }
        return new ModelSpec(kind, p);
    }

    public int intParam(String name) {
        return Integer.parseInt(params.get(name));
    }

    public double doubleParam(String name) {
        return Double.parseDouble(params.get(name));
    }

    /** {@code gbt(maxDepth=3, maxIter=40, …)}. */
    public String label() {
        StringJoiner j = new StringJoiner(", ", kind.id() + "(", ")");
        params.forEach((k, v) -> j.add(k + "=" + v));
        return j.toString();
    }

    /** Short label with the searched params only. */
    public String shortLabel() {
        StringJoiner j = new StringJoiner(" ", kind.id() + " ", "");
        for (String k :
                kind == ModelKind.RF
                        ? new String[] {"numTrees", "maxDepth", "minInstancesPerNode"}
                        : new String[] {"maxIter", "maxDepth", "stepSize"}) {
            j.add(abbrev(k) + "=" + params.get(k));
        }
        return j.toString();
    }

    private static String abbrev(String k) {
        return switch (k) {
            case "numTrees" -> "trees";
            case "maxDepth" -> "depth";
            case "minInstancesPerNode" -> "minInst";
            case "maxIter" -> "iter";
            case "stepSize" -> "step";
            default -> k;
        };
    }
}
