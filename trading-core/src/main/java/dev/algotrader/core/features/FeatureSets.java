package dev.algotrader.core.features;

import dev.algotrader.schema.FeatureSetSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Registry of the feature sets the engine knows, by id ({@code name_vN}): each is its spec (the
 * column names every module shares) and its ordered list of {@link FeatureUnit}s. Adding a set is
 * one entry here; the units' names must equal the spec's columns (checked when registered).
 */
public final class FeatureSets {

    private static final Map<String, FeatureSetSpec> KNOWN = new LinkedHashMap<>();
    private static final Map<String, Supplier<List<FeatureUnit>>> UNITS = new HashMap<>();
    private static final Map<String, Supplier<BarWindow>> WINDOWS = new HashMap<>();

    static {
        register(FeatureSetSpec.DEFAULT, CoreV1::units, CoreV1::window);
    }

    private static void register(
            FeatureSetSpec spec, Supplier<List<FeatureUnit>> units, Supplier<BarWindow> window) {
        List<String> names = new ArrayList<>();
        for (FeatureUnit u : units.get()) names.addAll(u.names());
        if (!names.equals(spec.featureNames())) {
            throw new IllegalStateException(
                    "feature set "
                            + spec.id()
                            + " declares "
                            + spec.featureNames()
                            + " but its units compute "
                            + names);
        }
        KNOWN.put(spec.id(), spec);
        UNITS.put(spec.id(), units);
        WINDOWS.put(spec.id(), window);
    }

    /** Fresh units of the feature set {@code id}, in column order. */
    static List<FeatureUnit> units(String id) {
        byId(id);
        return UNITS.get(id).get();
    }

    /** A fresh shared history of the feature set {@code id}. */
    static BarWindow window(String id) {
        byId(id);
        return WINDOWS.get(id).get();
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
