package dev.algotrader.ml.dl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.features.FeatureEngine;
import dev.algotrader.core.labels.Labeler;
import dev.algotrader.core.validation.WalkForwardSplitter;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.BarInterval;
import dev.algotrader.schema.FeatureSetSpec;
import java.time.Duration;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LSTM on the real BTC/USD 1-minute sample (core_v1 features, 15-minute horizon). Slow on a
 * shared 2-core machine (minutes): run with {@code -DexcludedGroups= -Dtest=RealBtcSequenceTest}.
 */
@Tag("slow")
class RealBtcSequenceTest {

    private static final Logger LOG = LoggerFactory.getLogger(RealBtcSequenceTest.class);

    static SymbolSeries btc() {
        List<Bar> bars = SampleData.btcMinuteBars();
        var rows = FeatureEngine.computeAll(FeatureSetSpec.DEFAULT, bars);
        var labels =
                Labeler.of(Duration.ofMinutes(15), BarInterval.parse("1m"), 0.0005).label(bars);
        return SymbolSeries.of(FeatureSetSpec.DEFAULT, rows, labels);
    }

    @Test
    void trainsOnRealBarsAndScoresTheHoldoutThroughTheScorer() {
        SymbolSeries s = btc();
        assertThat(s.size()).isGreaterThan(9000);
        ForecasterConfig cfg =
                new ForecasterConfig(
                        List.of("lstm"),
                        8,
                        8,
                        2,
                        4,
                        3,
                        2,
                        256,
                        0.003,
                        1e-4,
                        0.15,
                        "float",
                        42,
                        false,
                        1.0);
        var split =
                new WalkForwardSplitter.Config(
                        2, WalkForwardSplitter.Mode.EXPANDING, 0.2, 15, 15, 2000, 0);
        SequenceTrainer.Result r =
                new SequenceTrainer(cfg, split).train(s, SequenceArchitecture.LSTM_NET);
        LOG.info(
                "real BTC lstm: folds {} holdout {}",
                r.folds().stream().map(SequenceTrainer.FoldResult::test).toList(),
                r.holdout());
        assertThat(r.holdout().n()).isGreaterThan(1000);
        assertThat(r.holdout().logLoss()).isFinite().isLessThan(1.0);
        SequenceScorer scorer = new SequenceScorer("btc-usd_1m_lstm", "1", r.model());
        int[] some = java.util.Arrays.copyOf(r.holdoutIndex(), 50);
        double[] p = ForecasterScorers.score(scorer, s, some);
        for (int i = 0; i < some.length; i++)
            assertThat(p[i]).isCloseTo(r.holdoutP()[i], Offset.offset(1e-6));
    }
}
