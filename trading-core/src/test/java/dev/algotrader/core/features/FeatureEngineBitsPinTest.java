package dev.algotrader.core.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.BarInterval;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins core_v1 bit for bit: the SHA-256 of every output bit (warm flag and the raw IEEE-754 bits of
 * every value, NaNs included) of the engine over the real sample bars, and of the engine's snapshot
 * after each series. Pinned before the engine was split into feature units; any change to a value,
 * a warm-up or the snapshot format changes a hash.
 */
class FeatureEngineBitsPinTest {

    static String sha(List<Bar> bars) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        FeatureEngine e =
                FeatureEngine.create(
                        FeatureSetSpec.DEFAULT, bars.get(0).symbol(), bars.get(0).interval());
        ByteBuffer buf = ByteBuffer.allocate(8 * 32);
        for (Bar b : bars) {
            FeatureRow r = e.update(b);
            buf.clear();
            buf.putLong(r.ts());
            buf.put((byte) (r.warm() ? 1 : 0));
            for (double v : r.values()) buf.putLong(Double.doubleToRawLongBits(v));
            md.update(buf.array(), 0, buf.position());
        }
        md.update(e.snapshot());
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void btcMinuteBars() throws Exception {
        assertThat(sha(SampleData.btcMinuteBars()))
                .isEqualTo("1b92ce2c268278b050938758f12b765ce68c84f60b995ebc9549f0ca6c80c50e");
    }

    @Test
    void btcFiveMinuteBars() throws Exception {
        assertThat(sha(SampleData.btcBars(BarInterval.parse("5m"))))
                .isEqualTo("ca78b987881e9971a7f427f9017e063a4dcf6fcbe2627a6413eb57026a3e9c7a");
    }
}
