package dev.algotrader.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** Open trade bars: stored open at the end of a file, resumed from a seed by the next file. */
class SequenceStageTest {

    private static Row trade(String file, long line, long ts, double price, double amount) {
        return Records.ok(
                "s", file, line, "raw", "BTC/USD", "1m", ts, price, price, price, price, amount,
                true);
    }

    private static Row seed(
            String file, long ts, double o, double h, double l, double c, double v) {
        return RowFactory.create(
                "s", file, -1L, null, "BTC/USD", "1m", ts, o, h, l, c, v, true, null, 0L, false);
    }

    private static List<Row> run(Set<String> endsClosed, Row... rows) {
        List<Row> out = new ArrayList<>();
        Iterator<Row> it = new SequenceStage(endsClosed).call(List.of(rows).iterator());
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void theMinuteAFileEndsInIsOpenUnlessTheSourceEndsClosed() {
        Row[] in = {trade("a", 1, 0, 10, 1), trade("a", 2, 61_000, 11, 2)};
        List<Row> open = run(Set.of(), in);
        assertThat(open)
                .extracting(r -> r.getBoolean(Records.COMPLETE))
                .containsExactly(true, false);
        List<Row> closed = run(Set.of("s"), in);
        assertThat(closed)
                .extracting(r -> r.getBoolean(Records.COMPLETE))
                .containsExactly(true, true);
    }

    @Test
    void aSeedIsResumedByTradesOfItsMinuteAndClosedByLaterOnes() {
        // first part: 10 (1.0), 12 (0.5); second part: 9 (0.25) in the same minute, then 11
        List<Row> whole =
                run(
                        Set.of(),
                        trade("a", 1, 60_000, 10, 1.0),
                        trade("a", 2, 61_000, 12, 0.5),
                        trade("a", 3, 62_000, 9, 0.25),
                        trade("a", 4, 125_000, 11, 1));
        List<Row> resumed =
                run(
                        Set.of(),
                        seed("a", 60_000, 10, 12, 10, 12, 1.5),
                        trade("b", 1, 62_000, 9, 0.25),
                        trade("b", 2, 125_000, 11, 1));
        assertThat(resumed).hasSize(2);
        for (int i = 0; i < 2; i++) {
            for (int c :
                    new int[] {
                        Records.TS,
                        Records.OPEN,
                        Records.HIGH,
                        Records.LOW,
                        Records.CLOSE,
                        Records.VOLUME,
                        Records.COMPLETE
                    }) {
                assertThat(resumed.get(i).get(c))
                        .as("bar %d col %d", i, c)
                        .isEqualTo(whole.get(i).get(c));
            }
        }
        List<Row> closedOnly =
                run(
                        Set.of(),
                        seed("a", 60_000, 10, 12, 10, 12, 1.5),
                        trade("b", 1, 125_000, 11, 1));
        assertThat(closedOnly.get(0).getBoolean(Records.COMPLETE)).isTrue();
        assertThat(closedOnly.get(0).getDouble(Records.VOLUME)).isEqualTo(1.5);
        // a rerun of older data drops the seed
        List<Row> rerun =
                run(Set.of(), seed("a", 60_000, 10, 12, 10, 12, 1.5), trade("a", 1, 0, 11, 1));
        assertThat(rerun).hasSize(1);
        assertThat(rerun.get(0).getLong(Records.TS)).isZero();
        // a rerun of a file that lies inside the open minute does not add it twice
        List<Row> sameFile =
                run(
                        Set.of(),
                        seed("a", 60_000, 10, 12, 10, 12, 1.5),
                        trade("a", 1, 61_000, 10, 1.5));
        assertThat(sameFile).hasSize(1);
        assertThat(sameFile.get(0).getDouble(Records.VOLUME)).isEqualTo(1.5);
        assertThat(sameFile.get(0).getBoolean(Records.COMPLETE)).isFalse();
    }
}
