package dev.algotrader.batch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyntheticBarsTest {

    @Test
    void runtimeCopyGivesTheFixtureBars() {
        assertThat(SyntheticBars.generateMany(3, 500, "1m", 9))
                .isEqualTo(dev.algotrader.fixtures.SyntheticBars.generateMany(3, 500, "1m", 9));
    }
}
