package dev.algotrader.cli.commands;

import dev.algotrader.batch.BadInputException;
import dev.algotrader.batch.SparkSessions;
import dev.algotrader.batch.store.TableMaintenance;
import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.JobCommand;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.lake.DeltaStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code maintain}: OPTIMIZE (Z-order by symbol, time) and VACUUM every Delta table. */
@Command(
        name = "maintain",
        mixinStandardHelpOptions = true,
        description = {
            "Table care: OPTIMIZE every Delta table below the data root (small files compacted,"
                    + " Z-ordered by symbol and ts where the table has them; silver/bars is"
                    + " partitioned by symbol and date, so there by ts), then VACUUM the files no"
                    + " version within the retention needs. Prints the data files per table"
                    + " before and after.",
            "A retention under 7 days is refused unless --force: it deletes files a running"
                    + " reader or time travel to an older version may still need."
        })
public final class MaintainCommand extends JobCommand {

    @Option(
            names = "--retain",
            paramLabel = "DURATION",
            defaultValue = "7d",
            description =
                    "VACUUM retention, e.g. 7d, 240h (default ${DEFAULT-VALUE}; under 7d needs"
                            + " --force).")
    String retain;

    @Option(names = "--force", description = "Allow a VACUUM retention under 7 days.")
    boolean force;

    @Option(names = "--no-vacuum", description = "Only OPTIMIZE; delete no file.")
    boolean noVacuum;

    @Override
    protected String jobName() {
        return "maintain";
    }

    @Override
    protected String actor() {
        return "data-steward";
    }

    @Override
    protected JobSummary execute(CliContext ctx, String runId) {
        Duration retention = duration(retain);
        // a bad retention is refused before Spark starts (seconds, not a minute, to the error)
        TableMaintenance.checkRetention(retention, force, !noVacuum);
        DeltaStore store =
                new DeltaStore(SparkSessions.getOrCreate(ctx.config()), ctx.config().dataRoot());
        List<TableMaintenance.TableResult> results =
                TableMaintenance.run(store, retention, force, !noVacuum);
        Map<String, Object> details = new LinkedHashMap<>();
        long before = 0, after = 0;
        for (TableMaintenance.TableResult r : results) {
            ctx.out()
                    .println(
                            String.format(
                                    Locale.ROOT,
                                    "%-22s files %,6d -> %,6d  %,10.1f MB -> %,10.1f MB  %s%s",
                                    r.table(),
                                    r.filesBefore(),
                                    r.filesAfter(),
                                    r.bytesBefore() / 1e6,
                                    r.bytesAfter() / 1e6,
                                    r.zorderBy().isEmpty()
                                            ? "compacted"
                                            : "z-order " + String.join(",", r.zorderBy()),
                                    noVacuum ? "" : ", vacuum removed " + r.vacuumed() + " files"));
            details.put(r.table(), r.filesBefore() + " -> " + r.filesAfter() + " files");
            before += r.filesBefore();
            after += r.filesAfter();
        }
        details.put("retention", retain);
        details.put("vacuum", !noVacuum);
        return new JobSummary("maintain", runId, before, after, 0, details);
    }

    /** {@code 7d}, {@code 168h}, {@code 30m} or ISO-8601 ({@code P7D}). */
    static Duration duration(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) return Duration.parse(t.toUpperCase(Locale.ROOT));
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 'd' -> Duration.ofDays(n);
                case 'h' -> Duration.ofHours(n);
                case 'm' -> Duration.ofMinutes(n);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new BadInputException(
                    "--retain '" + s + "' is not a duration: use e.g. 7d, 240h or P10D");
        }
    }
}
