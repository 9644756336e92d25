package dev.algotrader.cli.commands;

import dev.algotrader.batch.BadInputException;
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

    @Option(
            names = "--path",
            description = "Input file(s) or directories (their .csv files); repeat for several.")
    List<Path> paths;

    @Option(names = "--symbol", description = "Symbol of files that carry none, e.g. BTC/USD.")
    String symbol;

    @Option(
            names = "--delimiter",
            description = "CSV field delimiter: one character such as ';' or '|', or tab.")
    String delimiter;

    @Option(
            names = "--allow-corrections",
            description =
                    "Accept new values for stored bars that change them beyond"
                            + " algotrader.ingest.correction-tolerance (else they are"
                            + " quarantined).")
    boolean allowCorrections;

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
        IngestRequest request =
                IngestRequest.resolve(
                                config, source, paths, sampleDir, symbol, delimiter(delimiter))
                        .allowingCorrections(allowCorrections);
        return IngestJob.run(
                SparkSessions.getOrCreate(config), config, request, ctx.clock(), runId);
    }

    private static Character delimiter(String d) {
        if (d == null) return null;
        if (d.equalsIgnoreCase("tab") || d.equals("\\t") || d.equals("\t")) return '\t';
        if (d.length() != 1) {
            throw new BadInputException(
                    "--delimiter must be one character (e.g. ';' or '|') or tab, got '" + d + "'");
        }
        return d.charAt(0);
    }
}
