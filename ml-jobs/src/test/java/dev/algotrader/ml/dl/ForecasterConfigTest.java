package dev.algotrader.ml.dl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.core.config.AppConfig;
import org.junit.jupiter.api.Test;

class ForecasterConfigTest {

    @Test
    void bindsTheDefaultsAndRejectsBadValuesWithOneLine() {
        ForecasterConfig c = ForecasterConfig.from(AppConfig.defaults());
        assertThat(c.models()).containsExactly("lstm", "attention");
        assertThat(c.window()).isEqualTo(16);
        assertThat(c.ensembleEnabled()).isTrue();
        assertThat(
                        ForecasterConfig.from(
                                        AppConfig.withOverrides("algotrader.forecaster.window = 5"))
                                .window())
                .isEqualTo(5);
        assertThatThrownBy(
                        () ->
                                ForecasterConfig.from(
                                        AppConfig.withOverrides(
                                                "algotrader.forecaster.models = [\"gru\"]")))
                .hasMessageContaining("unknown sequence model type 'gru'");
        assertThatThrownBy(
                        () ->
                                ForecasterConfig.from(
                                        AppConfig.withOverrides(
                                                "algotrader.forecaster.attention-heads = 3")))
                .hasMessageContaining("divisible");
        assertThatThrownBy(() -> AppConfig.withOverrides("algotrader.forecaster.windw = 5"))
                .hasMessageContaining("windw");
    }
}
