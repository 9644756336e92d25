package dev.algotrader.cli.commands;

import dev.algotrader.batch.feed.BarsFeed;
import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.JobCommand;
import dev.algotrader.core.config.KafkaSettings;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.lake.LakeReader;
import dev.algotrader.schema.Bar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bars-feed}: silver/bars → {@code bars.<interval>} on Kafka (the replay of live bars). */
@Command(
        name = "bars-feed",
        mixinStandardHelpOptions = true,
        description =
                "Publish the closed silver/bars bars to the Kafka topic bars.<interval> (key:"
                        + " symbol; idempotent producer). Only bars newer than the newest one per"
                        + " symbol already on the topic are sent, so a rerun never doubles a bar."
                        + " Cluster: algotrader.kafka.bootstrap-servers.")
public final class BarsFeedCommand extends JobCommand {

    @Option(
            names = "--interval",
            description = "Bar interval (default: algotrader.trader.interval).")
    String interval;

    @Override
    protected String jobName() {
        return "bars-feed";
    }

    @Override
    protected String actor() {
        return "data-steward";
    }

    @Override
    protected JobSummary execute(CliContext ctx, String runId) throws Exception {
        KafkaSettings kafka = KafkaSettings.from(ctx.config());
        kafka.requireBootstrapServers();
        String iv = interval != null ? interval : ctx.config().area("trader").getString("interval");
        List<String> symbols = ctx.config().area("trader").getStringList("symbols");
        // no Spark: the replay's bars are read through Delta Kernel
        List<Bar> bars = BarsFeed.closedBars(new LakeReader(ctx.config().dataRoot()), iv, symbols);
        BarsFeed.Result r = BarsFeed.publish(kafka, iv, bars);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("topic", r.topic());
        d.put("already_published", r.alreadyThere());
        d.put("last_bar", r.last().toString());
        return new JobSummary("bars-feed", runId, bars.size(), r.published(), 0, d);
    }
}
