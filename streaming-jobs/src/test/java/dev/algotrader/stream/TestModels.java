package dev.algotrader.stream;

import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import dev.algotrader.stream.model.ChampionSource;
import dev.algotrader.stream.model.ModelRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A tiny registry for tests: the alias is a file holding the champion version; versions "1" and "2"
 * are deterministic logistic scorers on two features (different weights), any version starting with
 * "broken" fails the gate (wrong feature set).
 */
public final class TestModels {

    private TestModels() {}

    /** Logistic score of {@code rsi_14} and {@code macd_hist}. */
    public record Logistic(String version, double wRsi, double wMacd, FeatureSetSpec fs)
            implements Scorer {
        @Override
        public String modelName() {
            return "test-model";
        }

        @Override
        public String modelVersion() {
            return version;
        }

        @Override
        public FeatureSetSpec featureSet() {
            return fs;
        }

        @Override
        public double probabilityUp(List<FeatureRow> window) {
            double[] v = window.get(window.size() - 1).values();
            double z = wRsi * (v[3] - 50) / 10 + wMacd * v[6];
            return 1 / (1 + Math.exp(-z));
        }
    }

    public static Scorer scorer(String version) {
        if (version.startsWith("broken")) {
            return new Logistic(version, 1, 1, new FeatureSetSpec("core", 99, List.of("x")));
        }
        return version.equals("1")
                ? new Logistic("1", -1.0, 0.0, FeatureSetSpec.DEFAULT)
                : new Logistic(version, 1.0, 0.5, FeatureSetSpec.DEFAULT);
    }

    /** The alias file's registry. */
    public record FileRegistry(String aliasFile) implements ChampionSource {
        @Override
        public Optional<ModelRef> champion() throws Exception {
            Path p = Path.of(aliasFile);
            if (!Files.exists(p)) return Optional.empty();
            String v = Files.readString(p).trim();
            return Optional.of(new ModelRef("test-model", v, "mem:" + v));
        }

        @Override
        public Scorer load(ModelRef ref) {
            return scorer(ref.version());
        }

        /** Promotes {@code version} (what the Researcher's registry does to the alias). */
        public void promote(String version) throws Exception {
            Path p = Path.of(aliasFile);
            Path tmp = p.resolveSibling("alias.tmp");
            Files.writeString(tmp, version);
            Files.move(tmp, p, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
