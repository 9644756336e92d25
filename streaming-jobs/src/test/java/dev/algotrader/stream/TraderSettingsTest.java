package dev.algotrader.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.stream.model.ModelRef;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each wither of {@link TraderSettings} changes its own field and keeps every other one. */
class TraderSettingsTest {

    @TempDir Path tmp;

    private TraderSettings bound() {
        return TraderRunner.settings(FakeAlpaca.traderConfig(tmp), false);
    }

    @Test
    void eachWitherChangesOnlyItsField() {
        TraderSettings s = bound();
        ModelRef champion = new ModelRef("m", "3", "mem:3");

        TraderSettings c = s.withInitialChampion(champion);
        assertThat(c.initialChampion()).isEqualTo(champion);
        assertThat(c.withInitialChampion(null)).isEqualTo(s);

        TraderSettings t = s.withTradeFrom(1_700_000_000_000L);
        assertThat(t.tradeFromMs()).isEqualTo(1_700_000_000_000L);
        assertThat(t.warmOnly(1_699_999_999_999L)).isTrue();
        assertThat(t.withTradeFrom(TraderSettings.TRADE_ALL)).isEqualTo(s);

        TraderSettings l = s.withLowLatency(true);
        assertThat(l.lowLatency()).isTrue();
        assertThat(l.withLowLatency(false)).isEqualTo(s);

        TraderSettings live = s.withLiveFeed();
        assertThat(live.replayClock()).isFalse();
        assertThat(live.lowLatency()).isTrue();
        assertThat(live.withLowLatency(s.lowLatency()).runId()).isEqualTo(s.runId());
        assertThat(live.kernel()).isEqualTo(s.kernel());

        TraderSettings k = s.withKernel(s.kernel().forSymbol("ETH/USD", 5.0));
        assertThat(k.kernel().symbol()).isEqualTo("ETH/USD");
        assertThat(k.withKernel(s.kernel())).isEqualTo(s);

        TraderSettings r = s.withResume(Map.of());
        assertThat(r).isEqualTo(s);
        assertThat(r.runId()).isEqualTo(s.runId());
        assertThat(r.symbols()).isEqualTo(s.symbols());
        assertThat(r.eventsFile()).isEqualTo(s.eventsFile());
        assertThat(r.amendRetryBars()).isEqualTo(s.amendRetryBars());
    }

    @Test
    void aCopyIsCheckedLikeTheBoundSettings() {
        assertThatThrownBy(() -> bound().withResume(null)).isInstanceOf(NullPointerException.class);
    }
}
