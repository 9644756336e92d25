package dev.algotrader.cli.commands;

import dev.algotrader.batch.BadInputException;
import dev.algotrader.batch.ingest.IngestRequest;
import dev.algotrader.batch.ingest.IngestSelection;
import dev.algotrader.core.config.AppConfig;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** What to ingest: the input options {@code ingest} and {@code refresh} share. */
public final class IngestInput {

    @Option(
            names = "--source",
            description =
                    "A named source of algotrader.ingest.sources, or a file type: csv, csv-trades,"
                            + " csv-bars, ta4j-json.")
    String source;

    @Option(
            names = "--path",
            split = ",",
            description =
                    "Input file(s) or directories (their .csv files); repeat or separate with"
                            + " commas for several.")
    List<Path> paths;

    @Option(
            names = "--symbols",
            split = ",",
            paramLabel = "SYMBOL[,SYMBOL...]",
            description =
                    "Ingest only these symbols, e.g. BTC/USD (default: every symbol of the"
                            + " sources); the others are skipped and counted as not_selected.")
    List<String> symbols;

    @Option(
            names = "--from",
            paramLabel = "DATE|INSTANT",
            description =
                    "Ingest only records at or after this UTC time (2013-11-25 or"
                            + " 2013-11-25T12:00:00Z).")
    String from;

    @Option(
            names = "--to",
            paramLabel = "DATE|INSTANT",
            description = "Ingest only records before this UTC time.")
    String to;

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

    /** The sources and files these options name. */
    IngestRequest request(AppConfig config) {
        return IngestRequest.resolve(config, source, paths, sampleDir, symbol, delimiter(delimiter))
                .allowingCorrections(allowCorrections);
    }

    /** The symbols and time window these options select. */
    IngestSelection selection() {
        return IngestSelection.of(symbols, from, to);
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
