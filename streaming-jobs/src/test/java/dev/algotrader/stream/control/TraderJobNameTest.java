package dev.algotrader.stream.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraderJobNameTest {

    @Test
    void theJobNameCarriesTheRunIdAndOnlyTraderJobsMatch() {
        String n = TraderJobName.of("paper-run", "paper");
        assertThat(n).isEqualTo("algo-trader paper-run [run-id paper]");
        assertThat(TraderJobName.runId(n)).contains("paper");
        assertThat(TraderJobName.runId(TraderJobName.of("paper-once", "live [eu]")))
                .contains("live [eu]");
        assertThat(TraderJobName.runId("algo-trader paper-run")).isEmpty();
        assertThat(TraderJobName.runId("wordcount [run-id paper]")).isEmpty();
        assertThat(TraderJobName.runId(null)).isEmpty();
    }
}
