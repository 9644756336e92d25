package dev.algotrader.stream.bars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.fixtures.SyntheticBars;
import dev.algotrader.schema.Bar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BarFilesTest {

    @TempDir Path tmp;

    @Test
    void jsonlRoundTripsAndCsvWithAnyColumnOrderReads() throws Exception {
        List<Bar> bars = SyntheticBars.generate("BTC/USD", "1m", 50, 3);
        BarFiles.writeJsonl(tmp.resolve("a/bars.jsonl"), bars);
        assertThat(BarFiles.read(tmp.resolve("a")).bars()).isEqualTo(bars);

        Bar b = bars.get(0);
        Files.writeString(
                tmp.resolve("b.csv"),
                "ts,symbol,interval,open,high,low,close,volume,gap_before\n"
                        + b.ts()
                        + ",BTC/USD,1m,"
                        + b.open()
                        + ","
                        + b.high()
                        + ","
                        + b.low()
                        + ","
                        + b.close()
                        + ","
                        + b.volume()
                        + ",false\n");
        assertThat(BarFiles.read(tmp.resolve("b.csv")).bars()).containsExactly(b);
    }

    @Test
    void badLinesAreReportedWithTheirLineNumberNotDropped() throws Exception {
        Path f = tmp.resolve("bars.jsonl");
        Files.writeString(
                f,
                "{\"symbol\":\"BTC/USD\",\"interval\":\"1m\",\"ts\":0,\"open\":1,\"high\":1,\"low\":1,"
                        + "\"close\":1,\"volume\":1}\n{\"symbol\":\"BTC/USD\"}\nnot json\n");
        BarFiles.Read r = BarFiles.read(f);
        assertThat(r.bars()).hasSize(1);
        assertThat(r.rejectedLines())
                .hasSize(2)
                .anySatisfy(l -> assertThat(l).startsWith("bars.jsonl:2: missing interval"))
                .anySatisfy(l -> assertThat(l).startsWith("bars.jsonl:3:"));
    }

    @Test
    void missingInputSaysWhatToDo() {
        assertThatThrownBy(() -> BarFiles.read(tmp.resolve("nope")))
                .hasMessageContaining("export silver/bars first");
    }
}
