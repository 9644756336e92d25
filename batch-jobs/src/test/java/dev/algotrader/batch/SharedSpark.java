package dev.algotrader.batch;

import dev.algotrader.core.config.AppConfig;
import dev.algotrader.fixtures.TempDirs;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** The one local SparkSession of the test JVM ({@code local[2]}, 2 shuffle partitions, UI off). */
public final class SharedSpark {

    private static SparkSession spark;

    private SharedSpark() {}

    public static synchronized SparkSession get() {
        if (spark == null) {
            spark =
                    SparkSessions.getOrCreate(
                            AppConfig.withOverrides(
                                    "algotrader.spark.master = \"local[2]\"\n"
                                            + "algotrader.spark.shuffle-partitions = 2"));
            spark.sparkContext().setLogLevel("WARN");
        }
        return spark;
    }

    /** A config whose data root is a fresh temp folder, plus {@code extra} HOCON. */
    public static AppConfig config(String extra) {
        Path root = TempDirs.create("algotrader-it");
        return AppConfig.withOverrides(
                "algotrader.data-root = \"" + root.toString().replace("\\", "/") + "\"\n" + extra);
    }
}
