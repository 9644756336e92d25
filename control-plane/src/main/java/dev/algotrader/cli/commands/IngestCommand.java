package dev.algotrader.cli.commands;

import dev.algotrader.batch.SparkSessions;
import dev.algotrader.batch.ingest.IngestJob;
import dev.algotrader.batch.ingest.IngestRequest;
import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.JobCommand;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.job.JobSummary;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
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

    @Option(
            names = "--source",
            description =
                    "A named source of algotrader.ingest.sources, or a file type: csv, csv-trades,"
                            + " csv-bars, ta4j-json.")
    String source;

    @Option(names = "--path", description = "Input file(s); repeat for several.")
    List<Path> paths;

    @Option(names = "--symbol", description = "Symbol of files that carry none, e.g. BTC/USD.")
    String symbol;

    @Option(
            names = "--sample-dir",
            description = "Folder of the sample data (default: target/sample-data).")
    Path sampleDir;

    @Override
    protected String jobName() {
        return "ingest";
    }

    @Override
    protected String actor() {
        return "data-steward";
    }

    @Override
    protected JobSummary execute(CliContext ctx, String runId) {
        AppConfig config = ctx.config();
        IngestRequest request = IngestRequest.resolve(config, source, paths, sampleDir, symbol);
        return IngestJob.run(
                SparkSessions.getOrCreate(config), config, request, ctx.clock(), runId);
    }
}
