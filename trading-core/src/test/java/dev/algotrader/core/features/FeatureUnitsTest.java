package dev.algotrader.core.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.schema.FeatureSetSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** core_v1 as a list of feature units: names, warm-ups and state in one place per feature. */
class FeatureUnitsTest {

    @Test
    void theUnitsComputeTheSpecsColumnsInOrder() {
        List<String> names = new ArrayList<>();
        for (FeatureUnit u : FeatureSets.units(FeatureSetSpec.DEFAULT.id()))
            names.addAll(u.names());
        assertThat(names).isEqualTo(FeatureSetSpec.DEFAULT.featureNames());
    }

    @Test
    void theWarmupsAreTheDocumentedOnes() {
        assertThat(FeatureEngine.warmups(FeatureSetSpec.DEFAULT).values())
                .containsExactly(
                        1, 4, 24, 14, 33, 33, 33, 19, 49, 19, 49, 19, 19, 14, 24, 23, 0, 0, 0, 0);
        assertThat(FeatureEngine.create(FeatureSetSpec.DEFAULT, "X", "1m").warmupBars())
                .isEqualTo(49);
    }

    @Test
    void everyEngineGetsItsOwnUnitState() {
        List<FeatureUnit> a = FeatureSets.units(FeatureSetSpec.DEFAULT.id());
        List<FeatureUnit> b = FeatureSets.units(FeatureSetSpec.DEFAULT.id());
        for (int k = 0; k < a.size(); k++) assertThat(a.get(k)).isNotSameAs(b.get(k));
    }
}
