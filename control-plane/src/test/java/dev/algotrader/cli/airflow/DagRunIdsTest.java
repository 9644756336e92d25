package dev.algotrader.cli.airflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.cli.UserError;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DagRunIdsTest {

    static final Instant T = Instant.parse("2026-12-02T16:50:42Z");

    @Test
    void sameDagConfAndMinuteGiveTheSameIdWhateverTheKeyOrder() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("symbols", List.of("BTC/USD"));
        a.put("env", "paper");
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("env", "paper");
        b.put("symbols", List.of("BTC/USD"));
        String id = DagRunIds.of("market_data_daily", a, null, T);
        assertThat(id).matches("algo-trader__20261202T1650Z__[0-9a-f]{12}");
        assertThat(DagRunIds.of("market_data_daily", b, null, T.plusSeconds(17))).isEqualTo(id);
    }

    @Test
    void confDagKeyOrMinuteMakeDistinctRuns() {
        Map<String, Object> c = Map.of("symbols", List.of("BTC/USD"));
        String id = DagRunIds.of("market_data_daily", c, null, T);
        assertThat(DagRunIds.of("market_data_daily", Map.of(), null, T)).isNotEqualTo(id);
        assertThat(DagRunIds.of("research_weekly", c, null, T)).isNotEqualTo(id);
        assertThat(DagRunIds.of("market_data_daily", c, null, T.plusSeconds(60))).isNotEqualTo(id);
        String keyed = DagRunIds.of("market_data_daily", c, "backfill-2026-12-01", T);
        assertThat(keyed).startsWith("algo-trader__backfill-2026-12-01__");
        // a caller-supplied key does not depend on the time
        assertThat(DagRunIds.of("market_data_daily", c, "backfill-2026-12-01", T.plusSeconds(3600)))
                .isEqualTo(keyed);
    }

    @Test
    void aKeyAirflowWouldRefuseIsAUserError() {
        assertThatThrownBy(() -> DagRunIds.of("d", Map.of(), "no spaces/please", T))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("--key 'no spaces/please'");
    }
}
