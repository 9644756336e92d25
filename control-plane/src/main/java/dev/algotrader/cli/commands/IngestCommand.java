package dev.algotrader.cli.commands;

import dev.algotrader.batch.BadInputException;
import dev.algotrader.batch.SparkSessions;
import dev.algotrader.batch.feed.BarsFeed;
import dev.algotrader.batch.ingest.IngestJob;
import dev.algotrader.batch.ingest.IngestRequest;
import dev.algotrader.batch.ingest.IngestSelection;
import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.JobCommand;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.config.KafkaSettings;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ingest}: bars from files or CoinGecko into bronze/bars_raw, bars_rejected, silver/bars.
 */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description =
                "Ingest bars (the real sample data by default, or --source/--path) into"
                        + " bronze/bars_raw, bronze/bars_rejected and silver/bars.")
public final class IngestCommand extends JobCommand {

    @Mixin IngestInput input;

    @Option(
            names = "--publish",
            description =
                    "Then publish the ingested symbols' closed bars to Kafka bars.<interval>"
                            + " (idempotent producer, key = symbol; only bars newer than the"
                            + " topic's newest per symbol). Cluster:"
                            + " algotrader.kafka.bootstrap-servers.")
    boolean publish;

    @Option(
            names = "--follow",
            description =
                    "Run until stopped: poll --source coingecko|alpaca (the paper-run pollers,"
                            + " algotrader.trader.<source>.poll-interval), land each poll's newly"
                            + " closed bars in bronze/silver and publish them to Kafka"
                            + " bars.<interval> as soon as they close (never an open bar, never"
                            + " twice, also across restarts). One per source and interval. Stop:"
                            + " --follow-control stop or SIGTERM.")
    boolean follow;

    @Option(
            names = "--interval",
            description =
                    "With --follow: the bar interval (default: coingecko: the candle length of"
                            + " algotrader.trader.coingecko.days; alpaca: algotrader.trader.interval).")
    String interval;

    @Option(
            names = "--follow-control",
            paramLabel = "start|pause|resume|stop",
            description =
                    "Write the followers' control file (algotrader.ingest.follow.control-file):"
                            + " every running 'ingest --follow' pauses, resumes or stops within a"
                            + " second; start allows new followers after a stop.")
    String followControl;

    @Option(names = "--reason", description = "With --follow-control: operator note.")
    String reason;

    @Override
    protected String jobName() {
        return "ingest";
    }

    @Override
    protected String actor() {
        return "data-steward";
    }

    @Override
    protected JobSummary execute(CliContext ctx, String runId) throws Exception {
        if (followControl != null) {
            return IngestFollowRun.control(ctx, runId, followControl, reason);
        }
        if (follow) {
            if (input.paths != null
                    || input.from != null
                    || input.to != null
                    || input.symbol != null
                    || publish) {
                throw new BadInputException(
                        "--follow takes --source, --symbols and --interval only (it always"
                                + " publishes)");
            }
            return IngestFollowRun.follow(ctx, runId, input.source, interval, input.symbols);
        }
        if (interval != null) throw new BadInputException("--interval needs --follow");
        AppConfig config = ctx.config();
        IngestRequest request = input.request(config);
        IngestSelection selection = input.selection();
        KafkaSettings kafka = KafkaSettings.from(config);
        // before the ingest: a missing cluster fails before anything is written
        if (publish) kafka.requireBootstrapServers();
        SparkSession spark = SparkSessions.getOrCreate(config);
        JobSummary s = IngestJob.run(spark, config, request, selection, ctx.clock(), runId);
        if (!publish) return s;
        List<String> published = new ArrayList<>();
        List<String> syms = input.symbols == null ? List.of() : input.symbols;
        for (BarsFeed.Result r :
                BarsFeed.publishIngested(
                        kafka, new DeltaStore(spark, config.dataRoot()).read(Table.BARS), syms)) {
            published.add(r.topic() + "=" + r.published());
        }
        Map<String, Object> d = new LinkedHashMap<>(s.details());
        d.put("published", String.join(",", published));
        return new JobSummary(s.job(), s.runId(), s.rowsIn(), s.rowsOut(), s.rowsRejected(), d);
    }
}
