package dev.algotrader.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.fixtures.SampleData;
import dev.algotrader.fixtures.SeededCases;
import dev.algotrader.fixtures.SyntheticBars;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** No lookahead, incremental == full, warm-up, snapshot size and input errors. */
class FeatureEnginePropertiesTest {

    static final FeatureSetSpec SPEC = FeatureSetSpec.DEFAULT;
    static List<Bar> bars;
    static List<FeatureRow> full;

    @BeforeAll
    static void load() {
        bars = SampleData.btcMinuteBars();
        full = FeatureEngine.computeAll(SPEC, bars);
    }

    @Test
    void noLookaheadCuttingAndRewritingTheFutureNeverChangesEarlierRows() {
        SeededCases.forAll(
                20261125L,
                40,
                rnd -> {
                    int cut = rnd.nextInt(1, bars.size());
                    // 1) cut: the prefix alone gives the same rows
                    List<FeatureRow> prefix = FeatureEngine.computeAll(SPEC, bars.subList(0, cut));
                    assertThat(prefix).isEqualTo(full.subList(0, cut));
                    // 2) rewrite every bar from the cut on (other prices and volumes)
                    List<Bar> changed = new ArrayList<>(bars.subList(0, cut));
                    for (Bar b : bars.subList(cut, bars.size())) changed.add(perturb(b, rnd));
                    List<FeatureRow> other = FeatureEngine.computeAll(SPEC, changed);
                    assertThat(other.subList(0, cut)).isEqualTo(full.subList(0, cut));
                    // and the rewrite is visible at the cut itself (the test can detect a change)
                    assertThat(other.get(cut)).isNotEqualTo(full.get(cut));
                });
    }

    @Test
    void snapshotRestoreAtRandomPointsGivesExactlyTheRowsOfOnePass() {
        SeededCases.forAll(
                7L,
                25,
                rnd -> {
                    int[] points = rnd.ints(rnd.nextInt(1, 6), 0, bars.size()).sorted().toArray();
                    FeatureEngine e = FeatureEngine.create(SPEC, "BTC/USD", "1m");
                    List<FeatureRow> rows = new ArrayList<>();
                    int p = 0;
                    for (int i = 0; i < bars.size(); i++) {
                        while (p < points.length && points[p] == i) {
                            byte[] snap = e.snapshot();
                            e = FeatureEngine.restore(snap);
                            assertThat(e.snapshot()).isEqualTo(snap);
                            p++;
                        }
                        rows.add(e.update(bars.get(i)));
                    }
                    assertThat(rows).isEqualTo(full); // FeatureRow.equals: bit for bit
                });
    }

    @Test
    void javaSerializationRoundTripAlsoContinuesIdentically() throws Exception {
        FeatureEngine e = FeatureEngine.create(SPEC, "BTC/USD", "1m");
        for (int i = 0; i < 3000; i++) e.update(bars.get(i));
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bos)) {
            out.writeObject(e);
        }
        FeatureEngine copy;
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bos.toByteArray()))) {
            copy = (FeatureEngine) in.readObject();
        }
        for (int i = 3000; i < bars.size(); i++) {
            assertThat(copy.update(bars.get(i))).isEqualTo(full.get(i));
        }
    }

    @Test
    void warmUpRowsAreNotWarmAndWarmRowsHaveNoNaN() {
        FeatureEngine e = FeatureEngine.create(SPEC, "BTC/USD", "1m");
        int warmup = e.warmupBars();
        Map<String, Integer> perFeature = FeatureEngine.warmups(SPEC);
        assertThat(perFeature.keySet()).containsExactlyElementsOf(SPEC.featureNames());
        assertThat(warmup).isEqualTo(perFeature.values().stream().max(Integer::compare).get());
        assertThat(warmup).isEqualTo(49);
        for (int i = 0; i < full.size(); i++) {
            FeatureRow r = full.get(i);
            assertThat(r.warm()).as("row " + i).isEqualTo(i >= warmup);
            assertThat(r.featureSetId()).isEqualTo("core_v1");
            assertThat(r.values()).hasSize(20);
            for (int f = 0; f < 20; f++) {
                String name = SPEC.featureNames().get(f);
                boolean valid = i >= perFeature.get(name);
                assertThat(Double.isNaN(r.values()[f]))
                        .as(name + " NaN at row " + i + " (warm-up " + perFeature.get(name) + ")")
                        .isEqualTo(!valid);
                if (valid) assertThat(Double.isFinite(r.values()[f])).isTrue();
            }
        }
    }

    @Test
    void flatMarketHasGuardedValuesNotNaN() {
        List<Bar> flat = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            flat.add(new Bar("FLAT", "1m", i * 60_000L, 100, 100, 100, 100, i < 60 ? 5 : 0));
        }
        List<FeatureRow> rows = FeatureEngine.computeAll(SPEC, flat);
        List<String> names = SPEC.featureNames();
        for (int i = 49; i < rows.size(); i++) {
            FeatureRow r = rows.get(i);
            assertThat(r.warm()).isTrue();
            for (double v : r.values()) assertThat(v).isFinite();
            assertThat(r.values()[names.indexOf("bb_pct_b")]).isEqualTo(0.5);
            assertThat(r.values()[names.indexOf("bb_width")]).isZero();
            double z = r.values()[names.indexOf("volume_z_24")];
            if (i < 60 || i >= 60 + 23) assertThat(z).as("flat volume window " + i).isZero();
            else assertThat(z).as("volume window with a step " + i).isNotZero();
            assertThat(r.values()[names.indexOf("rsi_14")]).isZero(); // TA-Lib's convention
            assertThat(r.values()[names.indexOf("volatility_24")]).isZero();
            assertThat(r.values()[names.indexOf("atr_14_rel")]).isZero();
        }
    }

    @Test
    void snapshotIsSmallAndDoesNotGrowWithHistory() {
        FeatureEngine e = FeatureEngine.create(SPEC, "BTC/USD", "1m");
        int empty = e.snapshot().length;
        for (Bar b : bars) e.update(b);
        int after = e.snapshot().length;
        assertThat(after).isEqualTo(empty).isLessThan(8 * 1024);
        assertThat(e.lastTs()).isEqualTo(bars.get(bars.size() - 1).ts());
        assertThat(e.barsSeen()).isEqualTo(bars.size());
        assertThat(FeatureEngine.create(SPEC, "X", "1m").lastTs()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void syntheticBarsSatisfyTheSameInvariants() {
        SeededCases.forAll(
                99L,
                10,
                rnd -> {
                    List<Bar> syn = SyntheticBars.generate("SYN", "5m", 600, rnd.nextLong());
                    List<FeatureRow> all = FeatureEngine.computeAll(SPEC, syn);
                    int cut = rnd.nextInt(1, syn.size());
                    FeatureEngine e = FeatureEngine.create(SPEC, "SYN", "5m");
                    for (Bar b : syn.subList(0, cut)) e.update(b);
                    FeatureEngine r = FeatureEngine.restore(e.snapshot());
                    for (int i = cut; i < syn.size(); i++) {
                        assertThat(r.update(syn.get(i))).isEqualTo(all.get(i));
                    }
                    for (FeatureRow row : all.subList(49, all.size())) {
                        assertThat(Arrays.stream(row.values()).allMatch(Double::isFinite)).isTrue();
                    }
                });
    }

    @Test
    void badInputIsRejectedWithAClearMessageAndLeavesStateUnchanged() {
        FeatureEngine e = FeatureEngine.create(SPEC, "BTC/USD", "1m");
        for (int i = 0; i < 100; i++) e.update(bars.get(i));
        byte[] before = e.snapshot();
        Bar last = bars.get(99);
        assertThatThrownBy(() -> e.update(last))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strictly increasing ts");
        assertThatThrownBy(() -> e.update(bars.get(50)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strictly increasing ts");
        Bar eth = new Bar("ETH/USD", "1m", last.ts() + 60_000, 1, 1, 1, 1, 1);
        assertThatThrownBy(() -> e.update(eth))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partition bars by symbol");
        Bar fiveMin = new Bar("BTC/USD", "5m", last.ts() + 60_000, 1, 1, 1, 1, 1);
        assertThatThrownBy(() -> e.update(fiveMin)).hasMessageContaining("interval");
        Bar negative = new Bar("BTC/USD", "1m", last.ts() + 60_000, 1, 1, 1, -1, 1);
        assertThatThrownBy(() -> e.update(negative)).hasMessageContaining("invalid bar");
        assertThat(e.snapshot()).isEqualTo(before);
        assertThat(e.update(bars.get(100))).isEqualTo(full.get(100));
    }

    @Test
    void unknownFeatureSetsAndCorruptSnapshotsAreClearErrors() {
        assertThat(FeatureSets.byId("core_v1")).isSameAs(FeatureSetSpec.DEFAULT);
        assertThatThrownBy(() -> FeatureSets.byId("core_v2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown feature set 'core_v2'")
                .hasMessageContaining("core_v1");
        FeatureSetSpec renamed = new FeatureSetSpec("core", 1, List.of("log_ret_1"));
        assertThatThrownBy(() -> FeatureEngine.create(renamed, "BTC/USD", "1m"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown feature set");
        FeatureSetSpec other = new FeatureSetSpec("fancy", 3, SPEC.featureNames());
        assertThatThrownBy(() -> FeatureEngine.computeAll(other, bars))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FeatureEngine.restore(new byte[] {1, 2, 3, 4, 5, 6, 7}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a feature engine snapshot");
        byte[] snap = FeatureEngine.create(SPEC, "BTC/USD", "1m").snapshot();
        assertThatThrownBy(() -> FeatureEngine.restore(Arrays.copyOf(snap, snap.length - 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
        byte[] future = snap.clone();
        future[5] = 9; // version 9
        assertThatThrownBy(() -> FeatureEngine.restore(future))
                .hasMessageContaining("version 9 is not supported");
    }

    private static Bar perturb(Bar b, SplittableRandom rnd) {
        double f = 1 + (rnd.nextDouble() - 0.5) * 0.02;
        double o = b.open() * f, h = b.high() * f * 1.001, l = b.low() * f * 0.999;
        double c = b.close() * f;
        return new Bar(b.symbol(), b.interval(), b.ts(), o, h, l, c, b.volume() * 2 + 1);
    }
}
