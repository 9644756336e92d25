package dev.algotrader.core.features;

import dev.algotrader.schema.FeatureSetSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Registry of the feature sets the engine knows, by id ({@code name_vN}). */
public final class FeatureSets {

    private static final Map<String, FeatureSetSpec> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put(FeatureSetSpec.DEFAULT.id(), FeatureSetSpec.DEFAULT);
    }

    private FeatureSets() {}

    /** The feature set with this id; throws a clear error for an unknown id. */
    public static FeatureSetSpec byId(String id) {
        FeatureSetSpec spec = KNOWN.get(id);
        if (spec == null) {
            throw new IllegalArgumentException(
                    "unknown feature set '" + id + "': known feature sets are " + KNOWN.keySet());
        }
        return spec;
    }

    /** Ids of all known feature sets. */
    public static List<String> ids() {
        return List.copyOf(KNOWN.keySet());
    }

    /** True if the engine can compute exactly this spec (same id and same columns). */
    public static boolean isKnown(FeatureSetSpec spec) {
        return spec != null && spec.equals(KNOWN.get(spec.id()));
    }
}
