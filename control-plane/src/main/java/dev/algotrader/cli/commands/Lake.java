package dev.algotrader.cli.commands;

import dev.algotrader.batch.SparkSessions;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.lake.LakeReader;
import dev.algotrader.lake.LakeWriter;
import java.nio.file.Path;

/**
 * The data root of a command: reads and small appends through Delta Kernel at once, Spark ({@link
 * DeltaStore}) only when a step needs it (a MERGE that is not a plain append, scoring, a sweep),
 * started on first use.
 */
final class Lake {

    private final AppConfig app;
    private final LakeReader reader;
    private LakeWriter writer;
    private DeltaStore store;

    private Lake(AppConfig app) {
        this.app = app;
        this.reader = new LakeReader(app.dataRoot());
    }

    static Lake of(AppConfig app) {
        return new Lake(app);
    }

    Path root() {
        return reader.root();
    }

    LakeReader reader() {
        return reader;
    }

    synchronized LakeWriter writer() {
        if (writer == null) writer = new LakeWriter(reader);
        return writer;
    }

    /** The Spark-backed store; starts the SparkSession on first use. */
    synchronized DeltaStore spark() {
        if (store == null) store = new DeltaStore(SparkSessions.getOrCreate(app), app.dataRoot());
        return store;
    }
}
