package dev.algotrader.batch.ingest;

import com.typesafe.config.Config;
import dev.algotrader.batch.BadInputException;
import dev.algotrader.core.config.AppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one ingest run reads: a list of sources. Built by {@link #resolve} from the CLI's {@code
 * --source} and {@code --path} options.
 */
public record IngestRequest(List<SourceSpec> sources, boolean allowCorrections) {

    /** File name of the real BTC/USD trades of the sample data. */
    public static final String BTC_TRADES = "bitstamp_trades_from_20131125_usd.csv";

    /** File name of the real ETH/USD 5-minute bars of the sample data. */
    public static final String ETH_BARS = "ETH-USD-PT5M-2023-3-13_2023-3-15.json";

    public IngestRequest {
        sources = List.copyOf(sources);
        if (sources.isEmpty()) throw new BadInputException("nothing to ingest: no source given");
    }

    /** Reads {@code sources}; replacing stored bars beyond the tolerance is refused. */
    public IngestRequest(List<SourceSpec> sources) {
        this(sources, false);
    }

    /** This request, accepting corrections of stored bars ({@code --allow-corrections}) or not. */
    public IngestRequest allowingCorrections(boolean allow) {
        return new IngestRequest(sources, allow);
    }

    /** The real sample data in {@code dir}: BTC/USD trades into bars, ETH/USD 5m bars. */
    public static IngestRequest sampleData(Path dir, String interval) {
        Path btc = dir.resolve(BTC_TRADES);
        Path eth = dir.resolve(ETH_BARS);
        if (!Files.isRegularFile(btc) || !Files.isRegularFile(eth)) {
            throw new BadInputException(
                    "sample data not found in "
                            + dir.toAbsolutePath()
                            + ": run 'make build' (it unpacks the sample data), or give --path");
        }
        return new IngestRequest(
                List.of(
                        new SourceSpec(
                                "sample-bitstamp",
                                SourceSpec.Type.CSV_TRADES,
                                List.of(btc),
                                "BTC/USD",
                                interval,
                                CsvFormat.TimeUnitKind.S,
                                true,
                                ',',
                                java.util.Map.of(),
                                java.util.Map.of(),
                                // the sample is complete history: its last minute is closed
                                true),
                        SourceSpec.files(
                                "sample-binanceus",
                                SourceSpec.Type.TA4J_JSON,
                                List.of(eth),
                                null,
                                null)));
    }

    /**
     * Resolves the CLI options: no source and no path = the sample data (folder {@code sampleDir},
     * or {@code algotrader.ingest.sample-data-dir}); {@code source} = a named source of {@code
     * algotrader.ingest.sources} or a type (csv, csv-trades, csv-bars, ta4j-json); {@code paths}
     * replace or give the source's files.
     */
    public static IngestRequest resolve(
            AppConfig config, String source, List<Path> paths, Path sampleDir, String symbol) {
        return resolve(config, source, paths, sampleDir, symbol, null);
    }

    /**
     * As {@link #resolve(AppConfig, String, List, Path, String)}; {@code delimiter} (null = the
     * source's, else comma) is the CSV field delimiter. A directory in {@code paths} stands for the
     * CSV (and, without a type, ta4j JSON) files directly inside it.
     */
    public static IngestRequest resolve(
            AppConfig config,
            String source,
            List<Path> paths,
            Path sampleDir,
            String symbol,
            Character delimiter) {
        Config ingest = config.area("ingest");
        String interval = ingest.getString("interval");
        List<Path> files = paths == null ? List.of() : paths;
        if (source == null && files.isEmpty()) {
            Path dir =
                    sampleDir != null
                            ? sampleDir
                            : System.getProperty("algotrader.sample-data") != null
                                    ? config.home()
                                            .path(
                                                    "-Dalgotrader.sample-data",
                                                    System.getProperty("algotrader.sample-data"))
                                    : config.path("algotrader.ingest.sample-data-dir");
            return sampleData(dir, interval);
        }
        if (source != null && ingest.getConfig("sources").hasPath(quoted(source))) {
            SourceSpec s =
                    SourceSpec.fromConfig(
                            source,
                            ingest.getConfig("sources").getConfig(quoted(source)),
                            interval);
            if (!files.isEmpty()) s = s.withPaths(files);
            if (delimiter != null) s = s.withDelimiter(delimiter);
            if (s.type() != SourceSpec.Type.COINGECKO && s.paths().isEmpty()) {
                throw new BadInputException(
                        "source " + source + " has no paths: give --path or set its paths");
            }
            return new IngestRequest(List.of(s));
        }
        if (source != null && !SourceSpec.Type.isType(source)) {
            throw new BadInputException(
                    "unknown source '"
                            + source
                            + "': use a name from algotrader.ingest.sources ("
                            + String.join(", ", ingest.getConfig("sources").root().keySet())
                            + ") or a type: csv, csv-trades, csv-bars, ta4j-json");
        }
        if (files.isEmpty()) {
            throw new BadInputException("--source " + source + " needs --path <file>");
        }
        List<SourceSpec> specs = new ArrayList<>();
        for (Path given : files) {
            SourceSpec.Type type = source != null ? SourceSpec.Type.parse(source) : null;
            if (type == SourceSpec.Type.COINGECKO) {
                throw new BadInputException(
                        "coingecko is not a file type: define a named source in algotrader.ingest.sources");
            }
            List<Path> expanded = new ArrayList<>();
            if (type == null && Files.isDirectory(given)) {
                // a directory without a type: its CSV files, and its ta4j JSON files if any
                expanded.addAll(InputFiles.filesIn(given, ".json"));
                if (expanded.isEmpty() || !InputFiles.filesIn(given, ".csv").isEmpty()) {
                    expanded.addAll(InputFiles.expand(given, SourceSpec.Type.CSV, "--path"));
                }
            } else {
                expanded.addAll(
                        InputFiles.expand(
                                given, type == null ? SourceSpec.Type.CSV : type, "--path"));
            }
            for (Path p : expanded) {
                SourceSpec.Type t = type != null ? type : SourceSpec.guessType(p);
                SourceSpec spec =
                        SourceSpec.files(
                                "file:" + p.getFileName(), t, List.of(p), symbol, interval);
                specs.add(delimiter == null ? spec : spec.withDelimiter(delimiter));
            }
        }
        return new IngestRequest(specs);
    }

    private static String quoted(String key) {
        return "\"" + key.replace("\"", "") + "\"";
    }
}
