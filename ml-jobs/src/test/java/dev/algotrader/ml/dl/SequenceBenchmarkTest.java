package dev.algotrader.ml.dl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.algotrader.core.config.AppConfig;
import org.junit.jupiter.api.Test;

class SequenceBenchmarkTest {

    @Test
    void reportsEveryFigureAsARatioToBatchInferenceOfTheSameRun() {
        ForecasterConfig cfg =
                ForecasterConfig.from(
                        AppConfig.withOverrides(
                                "algotrader.forecaster { window = 4, hidden-size = 4 }"));
        var f =
                SequenceBenchmark.run(
                        SequenceArchitecture.LSTM_NET,
                        new SequenceBenchmark.Settings(300, 1, 20, cfg));
        assertThat(f.trainWindows()).isPositive();
        assertThat(f.secondsPerEpoch()).isPositive();
        assertThat(f.batchRowsPerSecond()).isPositive();
        assertThat(f.perBarRowsPerSecond()).isPositive();
        assertThat(f.latencyP99Micros()).isGreaterThanOrEqualTo(f.latencyP50Micros());
        assertThat(f.inferencePassSeconds())
                .isCloseTo(f.trainWindows() / f.batchRowsPerSecond(), within(1e-12));
        String train = f.lines().get(0), infer = f.lines().get(1);
        assertThat(train)
                .startsWith("lstm train: " + f.trainWindows() + " windows of 4 rows")
                .contains(
                        String.format(
                                java.util.Locale.ROOT,
                                "= %.1fx one batch-inference pass",
                                f.secondsPerEpoch() / f.inferencePassSeconds()));
        assertThat(infer)
                .contains("(baseline")
                .contains(
                        String.format(
                                java.util.Locale.ROOT,
                                "= %.3fx of batch",
                                f.perBarRowsPerSecond() / f.batchRowsPerSecond()));
    }
}
