package dev.algotrader.cli.commands;

import dev.algotrader.batch.SparkSessions;
import dev.algotrader.batch.trading.TradingSink;
import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.JobCommand;
import dev.algotrader.core.config.KafkaSettings;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trading-sink}: the trader's Kafka topics → trading/* (Spark Structured Streaming). */
@Command(
        name = "trading-sink",
        mixinStandardHelpOptions = true,
        description =
                "Stream the trader's Kafka topics (trader.orders, trader.fills,"
                        + " trader.positions, trader.equity; read_committed) into the trading/*"
                        + " Delta tables, MERGEd on their keys, exactly once (checkpoint:"
                        + " algotrader.kafka.trading-sink.checkpoint-dir). Runs until stopped;"
                        + " --once writes what is there now and exits.")
public final class TradingSinkCommand extends JobCommand {

    @Option(
            names = "--once",
            description = "One micro-batch over the records there now, then exit.")
    boolean once;

    @Override
    protected String jobName() {
        return "trading-sink";
    }

    @Override
    protected String actor() {
        return "orchestrator";
    }

    @Override
    protected JobSummary execute(CliContext ctx, String runId) throws Exception {
        KafkaSettings kafka = KafkaSettings.from(ctx.config());
        kafka.requireBootstrapServers();
        SparkSession spark = SparkSessions.getOrCreate(ctx.config());
        DeltaStore store = new DeltaStore(spark, ctx.config().dataRoot());
        StreamingQuery q = TradingSink.start(spark, kafka, store, once);
        q.awaitTermination();
        Map<String, Object> d = new LinkedHashMap<>();
        long rows = 0;
        for (var p : q.recentProgress()) rows += p.numInputRows();
        for (Table t : TradingSink.TABLES.keySet()) {
            if (!store.exists(t.path())) continue;
            d.put(t.path() + "_version", store.version(t.path()));
        }
        d.put("checkpoint", kafka.sinkCheckpointDir());
        return new JobSummary("trading-sink", runId, rows, rows, 0, d);
    }
}
