package dev.algotrader.schema;

import java.io.Serializable;
import java.util.List;

/**
 * A named, versioned list of feature columns. The version travels with every model; a scorer
 * refuses rows of another feature set ({@link #id()} differs).
 */
public record FeatureSetSpec(String name, int version, List<String> featureNames)
        implements Serializable {

    public FeatureSetSpec {
        featureNames = List.copyOf(featureNames);
    }

    /** {@code name_vN}, the identifier stored with features and models. */
    public String id() {
        return name + "_v" + version;
    }

    /**
     * The default feature set of the platform (see trading-core's FeatureEngine for definitions).
     */
    public static final FeatureSetSpec DEFAULT =
            new FeatureSetSpec(
                    "core",
                    1,
                    List.of(
                            "log_ret_1",
                            "log_ret_4",
                            "log_ret_24",
                            "rsi_14",
                            "macd_line",
                            "macd_signal",
                            "macd_hist",
                            "close_sma_20",
                            "close_sma_50",
                            "close_ema_20",
                            "close_ema_50",
                            "bb_pct_b",
                            "bb_width",
                            "atr_14_rel",
                            "volatility_24",
                            "volume_z_24",
                            "hour_sin",
                            "hour_cos",
                            "dow_sin",
                            "dow_cos"));
}
