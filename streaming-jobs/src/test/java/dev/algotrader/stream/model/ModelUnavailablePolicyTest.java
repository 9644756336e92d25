package dev.algotrader.stream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelUnavailablePolicyTest {

    @Test
    void eachPolicyDecidesAtStart() {
        var refuse = ModelUnavailablePolicy.parse("refuse").atStart("down", List.of());
        assertThat(refuse.trade()).isFalse();
        assertThat(refuse.message()).contains("not trading").contains("model-free");
        assertThat(
                        ModelUnavailablePolicy.parse("model-free")
                                .atStart("down", List.of("m@3"))
                                .trade())
                .isTrue();
        var keepNone =
                ModelUnavailablePolicy.parse("keep-current").atStart("down", List.of("", ""));
        assertThat(keepNone.trade()).isTrue();
        var keepModel =
                ModelUnavailablePolicy.parse("Keep-Current").atStart("down", List.of("m@3", ""));
        assertThat(keepModel.trade()).isFalse();
        assertThat(keepModel.message()).contains("last used m@3");
        assertThatThrownBy(() -> ModelUnavailablePolicy.parse("ignore"))
                .hasMessageContaining("keep-current, model-free, refuse");
    }
}
