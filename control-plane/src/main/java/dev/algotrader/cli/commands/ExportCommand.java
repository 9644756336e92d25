package dev.algotrader.cli.commands;

import dev.algotrader.batch.store.Exporter;
import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.Main;
import dev.algotrader.cli.UserError;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.lake.LakeReader;
import dev.algotrader.schema.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code export TABLE... --format csv|json --out PATH}: reads through Delta Kernel and writes the
 * files itself, so no Spark is started (the bytes are those Spark's writers produced).
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description =
                "Write tables to CSV (with header) or JSON lines, sorted by their key: one table to"
                        + " the file PATH, several into the folder PATH as <table>.<ext>.")
public final class ExportCommand implements Callable<Integer> {

    @Parameters(
            arity = "1..*",
            paramLabel = "TABLE",
            description = "Table path, e.g. silver/bars, gold/labels, trading/equity.")
    List<String> tables;

    @Option(
            names = "--format",
            defaultValue = "csv",
            description = "csv or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "PATH",
            description = "Output file or folder.")
    Path out;

    @Option(
            names = "--delta-version",
            paramLabel = "N",
            description = "Delta version (time travel; one table only).")
    Long version;

    @Option(names = "--skip-missing", description = "Report and skip tables that do not exist yet.")
    boolean skipMissing;

    @Override
    public Integer call() {
        CliContext ctx = Main.currentContext();
        AppConfig config = ctx.config();
        Exporter.Format fmt = Exporter.Format.parse(format);
        List<Table> resolved = tables.stream().map(Table::byName).toList();
        if (version != null && resolved.size() > 1) {
            throw new UserError("--delta-version works with one table only");
        }
        LakeReader store = new LakeReader(config.dataRoot());
        boolean many = resolved.size() > 1;
        String ext = fmt == Exporter.Format.CSV ? ".csv" : ".json";
        Map<String, Object> written = new LinkedHashMap<>();
        for (Table t : resolved) {
            if (!store.exists(t)) {
                String msg =
                        t.path()
                                + " does not exist yet under "
                                + config.dataRoot()
                                + ": run the job that writes it first";
                if (!skipMissing) throw new UserError(msg);
                ctx.err().println("skipped: " + msg);
                continue;
            }
            Path target = many ? out.resolve(t.path().replace('/', '_') + ext) : out;
            try {
                if (target.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(target.toAbsolutePath().getParent());
                }
            } catch (java.io.IOException e) {
                throw new UserError("cannot create " + target.getParent() + ": " + e.getMessage());
            }
            long rows = new Exporter(store).export(t, version == null ? -1 : version, fmt, target);
            ctx.out().printf(Locale.ROOT, "%s: %,d rows -> %s%n", t.path(), rows, target);
            written.put(t.path(), rows);
        }
        ctx.events()
                .append(
                        "orchestrator",
                        "export",
                        "-",
                        Map.of(
                                "format",
                                fmt.name().toLowerCase(Locale.ROOT),
                                "out",
                                out.toString(),
                                "rows",
                                written));
        return 0;
    }
}
