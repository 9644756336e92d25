package dev.algotrader.batch;

import com.typesafe.config.Config;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.progress.Progress;
import dev.algotrader.lake.NioLocalFileSystem;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession of the batch jobs from {@code algotrader.spark}: master, shuffle
 * partitions, Delta Lake extensions, UTC session time zone. The UI is off unless the system
 * property {@code spark.ui.enabled} says otherwise. Under {@code spark-submit} what it submitted
 * wins: its {@code --master} over {@code algotrader.spark.master} (and so over {@code
 * SPARK_MASTER}), and its {@code --name} over the default app name {@code algo-trader}.
 * spark-submit passes both as the system properties {@code spark.master} and {@code spark.app.name}
 * (it always sets the name: the main class when no {@code --name} is given), and a value set on the
 * builder would override them.
 */
public final class SparkSessions {

    /** App name of a session the CLI starts by itself (not under spark-submit). */
    public static final String DEFAULT_APP_NAME = "algo-trader";

    /** The SparkContext that has a {@link SparkJobProgress} listener. */
    private static org.apache.spark.SparkContext listening;

    private SparkSessions() {}

    /** Returns the active session or creates one from the configuration. */
    public static synchronized SparkSession getOrCreate(AppConfig config) {
        Config spark = config.area("spark");
        SparkSession.Builder b =
                SparkSession.builder()
                        .config(
                                "spark.sql.shuffle.partitions",
                                String.valueOf(spark.getInt("shuffle-partitions")))
                        .config("spark.default.parallelism", spark.getInt("shuffle-partitions"))
                        .config("spark.sql.session.timeZone", "UTC")
                        .config("spark.ui.enabled", System.getProperty("spark.ui.enabled", "false"))
                        .config("spark.ui.showConsoleProgress", "false")
                        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                        .config(
                                "spark.sql.catalog.spark_catalog",
                                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                        // small local tables: fewer, larger files and no per-commit checkpoints
                        // noise
                        .config("spark.databricks.delta.snapshotPartitions", "2")
                        .config("spark.sql.adaptive.enabled", "true")
                        // file: paths set permissions without a chmod process per written file
                        .config("spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName());
        // Spark's default warehouse is <cwd>/spark-warehouse: keep it under the home instead
        if (System.getProperty("spark.sql.warehouse.dir") == null
                && config.home().dir().isPresent()) {
            b.config(
                    "spark.sql.warehouse.dir",
                    config.home().dir().get().resolve("spark-warehouse").toUri().toString());
        }
        // under spark-submit the master comes from --master and the name from --name (system
        // properties); do not override them
        if (System.getProperty("spark.master") == null) b.master(spark.getString("master"));
        if (System.getProperty("spark.app.name") == null) b.appName(DEFAULT_APP_NAME);
        if (SparkSession.getDefaultSession().isEmpty()) {
            // the first Spark use of the process takes seconds (a minute on a busy machine)
            Progress.step(
                    "start Spark ("
                            + System.getProperty("spark.master", spark.getString("master"))
                            + ")");
        }
        SparkSession session = b.getOrCreate();
        if (listening != session.sparkContext()) {
            // the tasks of each Spark job move the progress bar of the step that runs it
            session.sparkContext().addSparkListener(new SparkJobProgress());
            listening = session.sparkContext();
        }
        return session;
    }
}
