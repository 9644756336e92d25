package dev.algotrader.batch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.batch.BadInputException;
import dev.algotrader.batch.BarFrames;
import dev.algotrader.batch.SharedSpark;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.data.SyntheticBars;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Table;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** {@code maintain} on a small table of many files: compacted, Z-ordered, vacuumed safely. */
class TableMaintenanceIT {

    @Test
    void optimizeCompactsManyFilesAndVacuumKeepsTheSafeRetention() {
        SparkSession spark = SharedSpark.get();
        AppConfig cfg = SharedSpark.config("");
        DeltaStore store = new DeltaStore(spark, cfg.dataRoot());
        List<Bar> bars = SyntheticBars.generate("BTC/USD", "1m", 3 * 1440, 7L);
        // one append per 6 hours of bars, each in 3 files: many small files per date partition
        for (int i = 0; i < bars.size(); i += 360) {
            BarFrames.silver(spark, bars.subList(i, i + 360), "test")
                    .repartition(3)
                    .write()
                    .format("delta")
                    .mode("append")
                    .partitionBy("symbol", "date")
                    .save(store.path(Table.BARS));
        }
        long rows = store.read(Table.BARS).count();
        long filesBefore = store.files(Table.BARS).count();
        assertThat(filesBefore).isGreaterThanOrEqualTo(30);

        assertThatThrownBy(() -> TableMaintenance.run(store, Duration.ofHours(1), false, true))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("under the safe minimum of 7 days");

        List<TableMaintenance.TableResult> kept =
                TableMaintenance.run(store, Duration.ofDays(7), false, true);
        assertThat(kept).hasSize(1);
        TableMaintenance.TableResult r = kept.get(0);
        assertThat(r.table()).isEqualTo(Table.BARS.path());
        assertThat(r.zorderBy()).containsExactly("ts"); // symbol is a partition column
        assertThat(r.filesBefore()).isEqualTo(filesBefore);
        assertThat(r.filesAfter()).isLessThanOrEqualTo(4); // one file per (symbol, date)
        assertThat(r.vacuumed()).as("7 days keep the files just replaced").isZero();
        assertThat(store.read(Table.BARS).count()).isEqualTo(rows);
        long onDisk = TableMaintenance.dataFilesOnDisk(store, Table.BARS.path());
        assertThat(onDisk).isGreaterThan(r.filesAfter());

        List<TableMaintenance.TableResult> forced =
                TableMaintenance.run(store, Duration.ZERO, true, true);
        assertThat(forced.get(0).vacuumed()).isGreaterThanOrEqualTo(onDisk - r.filesAfter());
        assertThat(TableMaintenance.dataFilesOnDisk(store, Table.BARS.path()))
                .as("only the current version's files are left")
                .isEqualTo(forced.get(0).filesAfter());
        assertThat(store.read(Table.BARS).count()).isEqualTo(rows);
    }
}
