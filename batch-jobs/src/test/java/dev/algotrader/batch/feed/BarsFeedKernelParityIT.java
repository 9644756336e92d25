package dev.algotrader.batch.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.batch.SharedSpark;
import dev.algotrader.fixtures.TempDirs;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.lake.LakeReader;
import dev.algotrader.lake.SparkSchemas;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Table;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code bars-feed} reads its replay through Delta Kernel: the same bars, in the same order, as the
 * Spark read it ran before ({@link BarsFeed#closedBars(org.apache.spark.sql.Dataset, String,
 * List)}), so the same records are published. The table has two versions, three symbols, two
 * intervals, open bars ({@code complete = false}) and rows written before {@code complete} was set
 * (null).
 */
class BarsFeedKernelParityIT {

    private static final long T0 = Instant.parse("2024-03-01T23:50:00Z").toEpochMilli();
    private static final long MIN = 60_000L;

    private static SparkSession spark;
    private static DeltaStore store;
    private static LakeReader lake;

    @BeforeAll
    static void setUp() throws Exception {
        spark = SharedSpark.get();
        Path root = TempDirs.create("bars-feed-parity");
        store = new DeltaStore(spark, root);
        lake = new LakeReader(root);
        List<Row> v0 = new ArrayList<>();
        for (String s : List.of("BTC/USD", "ETH/USD", "SOL/USD")) {
            for (int i = 0; i < 50; i++) {
                Boolean complete = i % 7 == 0 ? null : i == 49 ? Boolean.FALSE : Boolean.TRUE;
                v0.add(bar(s, "1m", T0 + i * MIN, 100 + i, complete));
            }
            for (int i = 0; i < 12; i++) {
                v0.add(bar(s, "5m", T0 + i * 5 * MIN, 300 + i, i == 11 ? Boolean.FALSE : null));
            }
        }
        store.merge(Table.BARS, spark.createDataFrame(v0, SparkSchemas.of(Table.BARS)));
        // v1: the open bar of BTC closes, a new open one follows
        List<Row> v1 = new ArrayList<>();
        v1.add(bar("BTC/USD", "1m", T0 + 49 * MIN, 149.5, Boolean.TRUE));
        v1.add(bar("BTC/USD", "1m", T0 + 50 * MIN, 150, Boolean.FALSE));
        store.merge(Table.BARS, spark.createDataFrame(v1, SparkSchemas.of(Table.BARS)));
    }

    private static Row bar(String symbol, String interval, long ts, double px, Boolean complete) {
        Instant t = Instant.ofEpochMilli(ts);
        return RowFactory.create(
                symbol,
                interval,
                ts,
                Timestamp.from(t),
                Date.valueOf(t.atOffset(ZoneOffset.UTC).toLocalDate()),
                px,
                px + 1,
                px - 1,
                px + 0.5,
                ts % 3 == 0 ? 0.0 : 2.5,
                false,
                "test",
                complete,
                true);
    }

    private static void assertSameBars(String interval, List<String> symbols) {
        List<Bar> spark = BarsFeed.closedBars(store.read(Table.BARS), interval, symbols);
        List<Bar> kernel = BarsFeed.closedBars(lake, interval, symbols);
        assertThat(kernel).isNotEmpty().containsExactlyElementsOf(spark);
    }

    @Test
    void everySymbolOfAnInterval() {
        assertSameBars("1m", List.of());
        assertSameBars("5m", List.of());
    }

    @Test
    void chosenSymbols() {
        assertSameBars("1m", List.of("BTC/USD"));
        assertSameBars("1m", List.of("SOL/USD", "ETH/USD"));
    }

    @Test
    void openBarsAreLeftOut() {
        List<Bar> kernel = BarsFeed.closedBars(lake, "1m", List.of("BTC/USD"));
        assertThat(kernel)
                .extracting(Bar::ts)
                .contains(T0 + 49 * MIN)
                .doesNotContain(T0 + 50 * MIN);
    }
}
