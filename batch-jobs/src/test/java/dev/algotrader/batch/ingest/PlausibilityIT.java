package dev.algotrader.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.batch.SharedSpark;
import dev.algotrader.batch.store.TableStatus;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.fixtures.TestClock;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plausibility rules on real 2013 Bitstamp BTC/USD minute bars: implausible bars (epoch 0, a
 * price ×100, a future time, a volume spike, a per-symbol volume cap) are quarantined with their
 * reason while their neighbours land; replacing a stored bar is counted and, beyond the tolerance,
 * needs --allow-corrections; status counts bronze bars an interrupted ingest left out of silver.
 */
class PlausibilityIT {

    @TempDir Path dir;

    private final SparkSession spark = SharedSpark.get();
    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void implausibleBarsAreQuarantinedWithTheirReasonAndTheirNeighboursLand() throws Exception {
        List<Bar> real = SampleData.btcMinuteBars().subList(0, 40);
        List<String> lines = new ArrayList<>();
        Map<String, String> bad = new HashMap<>();
        bad.put(add(lines, "0,800,800,800,800,1"), "timestamp before earliest");
        for (int i = 0; i < real.size(); i++) {
            Bar b = real.get(i);
            if (i == 20) {
                bad.put(
                        add(lines, line(b, 100, 1)),
                        "price jump: open 80585 is 4.61 log points from 802.96");
            } else if (i == 30) {
                bad.put(add(lines, line(b, 1, 50_000 / b.volume())), "volume spike");
            } else if (i == 35) {
                bad.put(
                        add(lines, line(b, 1, 2_000_000 / b.volume())),
                        "volume above cap: 2000000");
            } else {
                lines.add(line(b, 1, 1));
            }
        }
        bad.put(
                add(
                        lines,
                        Instant.parse("2026-01-01T00:10:00Z").toEpochMilli()
                                + ",800,800,800,800,1"),
                "timestamp in the future");
        Path csv = write("bars.csv", lines);
        AppConfig cfg =
                SharedSpark.config(
                        "algotrader.ingest.plausibility.symbols.\"BTC/USD\".max-volume = 1000000");

        JobSummary s = IngestJob.run(spark, cfg, request(csv, false), clock, "p1");

        DeltaStore store = new DeltaStore(spark, cfg.dataRoot());
        Map<String, String> reasonByRaw = new HashMap<>();
        for (Row r : store.read(Table.BARS_REJECTED).collectAsList()) {
            reasonByRaw.put(r.getAs("raw"), r.getAs("reason"));
        }
        assertThat(reasonByRaw).hasSize(bad.size());
        for (var e : bad.entrySet()) {
            assertThat(reasonByRaw.get(e.getKey())).as(e.getKey()).contains(e.getValue());
        }
        String jump = reasonByRaw.get(line(real.get(20), 100, 1));
        assertThat(jump)
                .as("names the value, the reference and the limit")
                .contains("the median close of its 4 neighbouring bars")
                .contains("jump-min-log-return 0.15");
        assertThat(s.rowsRejected()).isEqualTo(5);
        assertThat(s.rowsOut()).isEqualTo(37);
        assertThat(s.details().get("reasons").toString())
                .contains(
                        "price jump=1",
                        "volume spike=1",
                        "volume above cap=1",
                        "timestamp before earliest=1",
                        "timestamp in the future=1");
        // the bars after the bad ones were judged against the good bars before them
        assertThat(store.read(Table.BARS).filter("ts = " + real.get(21).ts()).count()).isOne();
        assertThat(store.read(Table.BARS).filter("ts = " + real.get(31).ts()).count()).isOne();
        assertThat(store.read(Table.BARS).filter("ts in (0, " + real.get(20).ts() + ")").count())
                .isZero();
    }

    @Test
    void replacingStoredBarsIsCountedAndACorrectionNeedsAllowCorrections() throws Exception {
        List<Bar> real = SampleData.btcMinuteBars().subList(0, 120);
        List<String> lines = new ArrayList<>();
        for (Bar b : real) lines.add(line(b, 1, 1));
        Path csv = write("real.csv", lines);
        AppConfig cfg = SharedSpark.config("");
        DeltaStore store = new DeltaStore(spark, cfg.dataRoot());

        JobSummary first = IngestJob.run(spark, cfg, request(csv, false), clock, "c1");
        assertThat(first.rowsRejected()).isZero();
        assertThat(first.details()).containsEntry("updated", 0L);

        JobSummary same = IngestJob.run(spark, cfg, request(csv, false), clock, "c2");
        assertThat(same.rowsRejected()).isZero();
        assertThat(same.details()).containsEntry("updated", 0L).containsEntry("corrections", 0L);
        assertThat(same.line()).contains("updated=0");

        // one line silently replacing a real 2013 bar with price 1.5 and volume 99,999, and one
        // that changes another bar's volume by 0.02% (within the tolerance: an update)
        Bar target = real.get(60);
        String fake = target.ts() + ",1.5,1.5,1.5,1.5,99999";
        Path bad = write("fake.csv", List.of(fake));
        Bar small = real.get(61);
        Path mixed =
                write(
                        "mixed.csv",
                        List.of(
                                fake,
                                String.format(
                                        Locale.ROOT,
                                        "%d,%s,%s,%s,%s,%s",
                                        small.ts(),
                                        small.open(),
                                        small.high(),
                                        small.low(),
                                        small.close(),
                                        small.volume() * 1.0002)));
        JobSummary refused = IngestJob.run(spark, cfg, request(mixed, false), clock, "c3");
        assertThat(refused.rowsRejected()).isOne();
        assertThat(refused.details()).containsEntry("updated", 1L).containsEntry("corrections", 0L);
        String reason =
                store.read(Table.BARS_REJECTED)
                        .filter("raw = '" + fake + "'")
                        .first()
                        .getAs("reason");
        assertThat(reason)
                .startsWith(
                        "correction beyond tolerance: would replace the stored bar BTC/USD 1m "
                                + Instant.ofEpochMilli(target.ts()))
                .contains("source file:real.csv")
                .contains("--allow-corrections");
        assertThat(closeAt(store, target.ts())).isEqualTo(target.close());

        JobSummary allowed = IngestJob.run(spark, cfg, request(bad, true), clock, "c5");
        assertThat(allowed.rowsRejected()).isZero();
        assertThat(allowed.details()).containsEntry("updated", 1L).containsEntry("corrections", 1L);
        assertThat(allowed.line()).contains("updated=1");
        assertThat(closeAt(store, target.ts())).isEqualTo(1.5);
    }

    @Test
    void statusCountsBronzeBarsThatNeverReachedSilverUntilARerunRepairsThem() throws Exception {
        List<Bar> real = SampleData.btcMinuteBars();
        List<String> early = new ArrayList<>(), late = new ArrayList<>();
        for (int i = 0; i < 100; i++) (i < 60 ? early : late).add(line(real.get(i), 1, 1));
        Path a = write("early.csv", early);
        Path b = write("late.csv", late);
        AppConfig cfg = SharedSpark.config("");
        DeltaStore store = new DeltaStore(spark, cfg.dataRoot());
        IngestJob.run(spark, cfg, request(a, false), clock, "s1");
        assertThat(TableStatus.of(store).bronzeNotInSilver()).isZero();
        assertThat(TableStatus.of(store).bronzeLine()).isNull();

        // an ingest of late.csv killed after its bronze write: its bronze rows, no silver rows
        AppConfig other = SharedSpark.config("");
        IngestJob.run(spark, other, request(b, false), clock, "s2");
        DeltaStore scratch = new DeltaStore(spark, other.dataRoot());
        store.merge(Table.BARS_RAW, scratch.read(Table.BARS_RAW));

        long t0 = System.nanoTime();
        TableStatus status = TableStatus.of(store);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(status.bronzeNotInSilver()).isEqualTo(40);
        assertThat(String.join("\n", status.lines()))
                .contains(
                        "bronze/bars_raw: 40 bar(s) never reached silver/bars (an interrupted"
                                + " ingest?): run `algo-trader ingest` again to repair");
        System.out.println("status with the bronze-not-in-silver check: " + ms + " ms");

        IngestJob.run(spark, cfg, request(b, false), clock, "s3");
        assertThat(TableStatus.of(store).bronzeNotInSilver()).isZero();
    }

    private static IngestRequest request(Path csv, boolean allowCorrections) {
        return new IngestRequest(
                        List.of(
                                SourceSpec.files(
                                        "file:" + csv.getFileName(),
                                        SourceSpec.Type.CSV_BARS,
                                        List.of(csv),
                                        "BTC/USD",
                                        "1m")))
                .allowingCorrections(allowCorrections);
    }

    private static double closeAt(DeltaStore store, long ts) {
        return store.read(Table.BARS).filter("ts = " + ts).first().getAs("close");
    }

    private Path write(String name, List<String> rows) throws IOException {
        Path p = dir.resolve(name);
        List<String> all = new ArrayList<>();
        all.add("ts,open,high,low,close,volume");
        all.addAll(rows);
        Files.write(p, all);
        return p;
    }

    private static String add(List<String> lines, String line) {
        lines.add(line);
        return line;
    }

    /** A CSV line of {@code b} with prices times {@code px} and volume times {@code vol}. */
    private static String line(Bar b, double px, double vol) {
        return String.format(
                Locale.ROOT,
                "%d,%s,%s,%s,%s,%s",
                b.ts(),
                b.open() * px,
                b.high() * px,
                b.low() * px,
                b.close() * px,
                b.volume() * vol);
    }
}
