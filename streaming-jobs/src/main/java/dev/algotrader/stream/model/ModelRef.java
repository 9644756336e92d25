package dev.algotrader.stream.model;

import java.io.Serializable;

/**
 * A registered model version: what the registry alias {@code champion} points at. {@code location}
 * is whatever the {@link ChampionSource} needs to load it (an artifact folder, a URI).
 */
public record ModelRef(String name, String version, String location) implements Serializable {

    /** {@code name v<version>}, for events and logs. */
    public String label() {
        return name + " v" + version;
    }
}
