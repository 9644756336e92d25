package dev.algotrader.core.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.fixtures.SampleData;
import dev.algotrader.fixtures.SeededCases;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.BarInterval;
import dev.algotrader.schema.Label;
import dev.algotrader.schema.Label.Direction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabelerTest {

    static final long MIN = 60_000L;

    static Bar bar(long minute, double close) {
        return new Bar("BTC/USD", "1m", minute * MIN, close, close, close, close, 1);
    }

    @Test
    void forwardReturnIsTimeBasedAndMissingHorizonBarsGiveNoLabel() {
        // minute 4 is missing: the bar at minute 2 has no label (its horizon bar is absent)
        List<Bar> bars =
                List.of(bar(0, 100), bar(1, 101), bar(2, 99), bar(3, 101), bar(5, 103), bar(6, 90));
        List<Label> labels = new Labeler(2, 0.005, MIN).label(bars);
        assertThat(labels).extracting(Label::ts).containsExactly(0L, MIN, 3 * MIN);
        assertThat(labels.get(0).forwardLogReturn()).isEqualTo(StrictMath.log(99.0 / 100));
        assertThat(labels.get(0).direction()).isEqualTo(Direction.DOWN);
        assertThat(labels.get(1).forwardLogReturn()).isEqualTo(StrictMath.log(101.0 / 101));
        assertThat(labels.get(1).direction()).isEqualTo(Direction.FLAT);
        assertThat(labels.get(2).forwardLogReturn()).isEqualTo(StrictMath.log(103.0 / 101));
        assertThat(labels.get(2).direction()).isEqualTo(Direction.UP);
        assertThat(labels).allMatch(l -> l.horizonBars() == 2 && l.symbol().equals("BTC/USD"));
    }

    @Test
    void deadBandIsInclusive() {
        Labeler l = new Labeler(1, 0.01, MIN);
        assertThat(l.classify(0.01)).isEqualTo(Direction.FLAT);
        assertThat(l.classify(-0.01)).isEqualTo(Direction.FLAT);
        assertThat(l.classify(0.0100001)).isEqualTo(Direction.UP);
        assertThat(l.classify(-0.0100001)).isEqualTo(Direction.DOWN);
        assertThat(new Labeler(1, 0.0, MIN).classify(0.0)).isEqualTo(Direction.FLAT);
    }

    @Test
    void horizonBarsFromADuration() {
        assertThat(Labeler.horizonBars(Duration.ofHours(4), BarInterval.parse("1m")))
                .isEqualTo(240);
        assertThat(Labeler.horizonBars(Duration.ofHours(4), BarInterval.parse("5m"))).isEqualTo(48);
        assertThat(Labeler.of(Duration.ofHours(4), BarInterval.parse("1h"), 0).horizonBars())
                .isEqualTo(4);
        assertThatThrownBy(
                        () -> Labeler.horizonBars(Duration.ofMinutes(7), BarInterval.parse("5m")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> Labeler.horizonBars(Duration.ZERO, BarInterval.parse("5m")))
                .hasMessageContaining("must be positive");
    }

    @Test
    void realBtcBarsEveryLabelMatchesItsHorizonBarAndNoneIsMissing() {
        List<Bar> bars = SampleData.btcMinuteBars();
        Labeler labeler = Labeler.of(Duration.ofHours(4), BarInterval.parse("1m"), 0.002);
        List<Label> labels = labeler.label(bars);
        Map<Long, Bar> byTs = new HashMap<>();
        for (Bar b : bars) byTs.put(b.ts(), b);
        long h = 240 * MIN;
        int expected = 0;
        for (Bar b : bars) if (byTs.containsKey(b.ts() + h)) expected++;
        assertThat(labels).hasSize(expected);
        assertThat(expected).isGreaterThan(bars.size() / 2).isLessThan(bars.size() - 200);
        Set<Direction> seen = new HashSet<>();
        for (Label l : labels) {
            Bar from = byTs.get(l.ts()), to = byTs.get(l.ts() + h);
            assertThat(to).isNotNull();
            assertThat(l.forwardLogReturn()).isEqualTo(StrictMath.log(to.close() / from.close()));
            assertThat(l.direction()).isEqualTo(labeler.classify(l.forwardLogReturn()));
            seen.add(l.direction());
        }
        assertThat(seen).containsExactlyInAnyOrder(Direction.values());
        long lastTs = bars.get(bars.size() - 1).ts();
        assertThat(labels).allMatch(l -> l.ts() + h <= lastTs);
    }

    @Test
    void noLookaheadChangingOneBarChangesOnlyTheLabelsThatUseIt() {
        List<Bar> bars = SampleData.btcMinuteBars();
        Labeler labeler = new Labeler(30, 0.001, MIN);
        Map<Long, Label> full = index(labeler.label(bars));
        SeededCases.forAll(
                42L,
                30,
                rnd -> {
                    int m = rnd.nextInt(bars.size());
                    Bar b = bars.get(m);
                    double c = b.close() * (1.05 + rnd.nextDouble() * 0.05);
                    List<Bar> changed = new ArrayList<>(bars);
                    changed.set(
                            m,
                            new Bar(
                                    b.symbol(),
                                    b.interval(),
                                    b.ts(),
                                    b.open(),
                                    Math.max(b.high(), c),
                                    b.low(),
                                    c,
                                    b.volume()));
                    Map<Long, Label> other = index(labeler.label(changed));
                    assertThat(other.keySet()).isEqualTo(full.keySet());
                    for (Long t : full.keySet()) {
                        boolean uses = t == b.ts() || t + 30 * MIN == b.ts();
                        if (uses) assertThat(other.get(t)).isNotEqualTo(full.get(t));
                        else assertThat(other.get(t)).as("label at " + t).isEqualTo(full.get(t));
                    }
                    // a cut never changes a label whose horizon lies before the cut
                    int cut = rnd.nextInt(1, bars.size());
                    for (Label l : labeler.label(bars.subList(0, cut))) {
                        assertThat(l).isEqualTo(full.get(l.ts()));
                    }
                });
    }

    @Test
    void badInputIsAClearError() {
        Labeler l = new Labeler(2, 0.0, MIN);
        assertThatThrownBy(() -> l.label(List.of(bar(1, 1), bar(1, 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strictly increasing ts");
        Bar eth = new Bar("ETH/USD", "1m", 5 * MIN, 1, 1, 1, 1, 1);
        assertThatThrownBy(() -> l.label(List.of(bar(1, 1), eth)))
                .hasMessageContaining("several symbols");
        assertThatThrownBy(() -> new Labeler(0, 0, MIN)).hasMessageContaining("at least 1 bar");
        assertThatThrownBy(() -> new Labeler(1, -0.1, MIN)).hasMessageContaining("dead band");
        assertThatThrownBy(() -> new Labeler(1, Double.NaN, MIN)).hasMessageContaining("dead band");
        assertThatThrownBy(() -> new Labeler(1, 0, 0)).hasMessageContaining("interval");
        assertThat(l.label(List.of())).isEmpty();
    }

    private static Map<Long, Label> index(List<Label> labels) {
        Map<Long, Label> m = new HashMap<>();
        for (Label l : labels) m.put(l.ts(), l);
        return m;
    }
}
