package dev.algotrader.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.statistics.BinaryStatistics;
import org.apache.parquet.column.statistics.IntStatistics;
import org.apache.parquet.column.statistics.LongStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Skips a data file by the min/max of its Parquet footer when its log entry carries no statistics
 * (files Delta Kernel 3.3 appended before {@link FileStatistics}): without this, a read of one run
 * id read every run's file in full, and homes keep such files until they are rewritten. A file is
 * skipped only when no row group can hold a row the filter accepts; a column without usable
 * statistics (none, or strings that are not ASCII, whose byte order may differ from Java's) keeps
 * the file.
 */
final class FooterStatistics {

    private FooterStatistics() {}

    /** True when no row of the Parquet file at {@code path} passes {@code filter}. */
    static boolean excludes(String path, LakeFilter filter, Configuration conf) {
        List<String> columns = filter.columns();
        if (columns.isEmpty()) return false;
        try (ParquetFileReader r =
                ParquetFileReader.open(
                        HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(path), conf))) {
            for (BlockMetaData block : r.getFooter().getBlocks()) {
                if (block.getRowCount() > 0 && mayMatch(block, filter, columns)) return false;
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the footer of " + path, e);
        }
    }

    private static boolean mayMatch(BlockMetaData block, LakeFilter filter, List<String> columns) {
        for (ColumnChunkMetaData c : block.getColumns()) {
            if (c.getPath().size() != 1) continue;
            String name = c.getPath().toDotString();
            if (!columns.contains(name)) continue;
            Statistics<?> s = c.getStatistics();
            if (s == null || s.isEmpty() || !s.hasNonNullValue()) continue;
            Comparable<?> min = value(s, true);
            Comparable<?> max = value(s, false);
            if (min != null && max != null && !filter.mayMatch(name, min, max)) return false;
        }
        return true;
    }

    /** The statistic as the Java type {@link LakeRow} uses, or null when it cannot be trusted. */
    private static Comparable<?> value(Statistics<?> s, boolean min) {
        if (s instanceof LongStatistics l) return min ? l.getMin() : l.getMax();
        if (s instanceof IntStatistics i) return min ? i.getMin() : i.getMax();
        if (s instanceof BinaryStatistics b) {
            String v = (min ? b.genericGetMin() : b.genericGetMax()).toStringUsingUTF8();
            return v.chars().allMatch(ch -> ch < 0x80) ? v : null;
        }
        return null;
    }
}
